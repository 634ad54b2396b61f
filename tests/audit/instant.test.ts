import * as E from 'fp-ts/Either';
import { auditInstant, parseInstant } from '../../src/app/audit/instant';

/** The instant an audit is asked about: RFC 3339 with an offset, a real calendar time, not in the future. */
describe('parsing an audit instant', () => {
  it.each([
    ['2026-11-27T09:30:00Z', '2026-11-27T09:30:00.000Z'],
    ['2026-11-27T09:30Z', '2026-11-27T09:30:00.000Z'],
    ['2026-11-27t09:30:00.25z', '2026-11-27T09:30:00.250Z'],
    ['2026-11-27T10:30:00.123456789+01:00', '2026-11-27T09:30:00.123Z'],
    ['2024-02-29T23:59:59.999-05:00', '2024-03-01T04:59:59.999Z'],
  ])('%s is %s (milliseconds kept, finer digits dropped)', (text, iso) => {
    expect(E.map((d: Date) => d.toISOString())(parseInstant(text))).toEqual(E.right(iso));
  });

  it.each([
    '2026-11-27',
    '2026-11-27T09:30:00',
    'yesterday',
    '2026-02-30T00:00:00Z',
    '2025-02-29T00:00:00Z',
    '2026-13-01T00:00:00Z',
    '2026-11-27T24:00:00Z',
    '2026-11-27T09:60:00Z',
    '2026-11-27T09:30:00+25:00',
    '',
  ])('%j is refused', (text) => {
    expect(E.isLeft(parseInstant(text))).toBe(true);
  });

  it('no instant means now; a future one is refused', () => {
    const now = new Date('2026-11-27T09:30:00Z');
    expect(auditInstant(undefined, now)).toEqual(E.right(now));
    expect(auditInstant('2026-11-27T09:30:00Z', now)).toEqual(E.right(now));
    const future = auditInstant('2026-11-27T09:30:00.001Z', now);
    expect(E.isLeft(future) && future.left).toMatch(/is in the future/);
  });
});
