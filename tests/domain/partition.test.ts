import { partitionOf } from '../../src/domain/partition';

describe('partitionOf', () => {
  it('is a stable function of the tenant id (FNV-1a, fixed vectors)', () => {
    expect(partitionOf('', 16)).toBe(0x811c9dc5 % 16);
    expect(partitionOf('a', 1 << 30)).toBe(0xe40c292c % (1 << 30));
    expect(partitionOf('acme_corp', 16)).toBe(partitionOf('acme_corp', 16));
  });

  it('spreads tenants over every partition', () => {
    const counts = new Array<number>(16).fill(0);
    for (let i = 0; i < 1600; i += 1)
      counts[partitionOf(`tenant_${i}`, 16)] = (counts[partitionOf(`tenant_${i}`, 16)] ?? 0) + 1;
    expect(Math.min(...counts)).toBeGreaterThan(60);
    expect(Math.max(...counts)).toBeLessThan(140);
  });

  it('refuses a partition count that is not a positive integer', () => {
    expect(() => partitionOf('acme', 0)).toThrow(RangeError);
    expect(() => partitionOf('acme', 2.5)).toThrow(RangeError);
  });
});
