import { comparePositions, decodePosition, encodePosition } from '../../src/eventstore';

describe('positions', () => {
  const at = (path: string, nanoseconds = 5) => ({ seconds: 100, nanoseconds, path });

  it('orders by commit time, then by document name segment by segment, as Firestore does', () => {
    expect(comparePositions(at('streams/b/events/0000000001', 4), at('streams/a/events/0000000001', 5))).toBeLessThan(
      0,
    );
    expect(comparePositions(at('streams/run-a/events/0000000002'), at('streams/run-a/events/0000000010'))).toBeLessThan(
      0,
    );
    // A plain string comparison would put `run-a.b/…` first ('.' < '/'); Firestore compares the stream id segment.
    expect(
      comparePositions(at('streams/run-a/events/0000000001'), at('streams/run-a.b/events/0000000001')),
    ).toBeLessThan(0);
    expect(comparePositions(at('streams/x/events/0000000001'), at('streams/x/events/0000000001'))).toBe(0);
  });

  it('round-trips through its text form and refuses anything else', () => {
    const position = at('streams/tenant-acme/events/0000000003', 42);
    expect(decodePosition(encodePosition(position))).toEqual(position);
    expect(decodePosition('12|streams/x')).toBeUndefined();
    expect(decodePosition('1.000000001|tenants/x')).toBeUndefined();
  });
});
