import { dueFireTimes, MAX_FIRES_PER_PASS, tickOf } from '../../src/app/scheduling/fire-times';
import { nextFireTime } from '../../src/domain/schedule/cron';

/**
 * Fire times across DST changes, against UTC instants worked out by hand from the zones' offsets:
 * Europe/Berlin is UTC+1 (CET) / UTC+2 (CEST), switching at 01:00 UTC on the last Sundays of March and
 * October; America/New_York is UTC-5 (EST) / UTC-4 (EDT), switching at 02:00 local on the second Sunday of
 * March and the first Sunday of November. fire-times.ts documents: a wall-clock time skipped by
 * spring-forward does not fire; one repeated by fall-back fires once (OCPS 1.4 §4.3.1, Vixie cron). As in Vixie
 * cron, "once" is about a fixed time of day: an hourly schedule (wildcard hour) keeps firing every real hour,
 * so the 25-hour fall-back day has 25 fires and no two-hour gap.
 */
const iso = (dates: readonly Date[]) => dates.map((d) => d.toISOString());
const due = (cron: string, timezone: string, first: string, tick: string) => {
  const result = dueFireTimes(cron, timezone, new Date(first), new Date(tick));
  return { due: iso(result.due), next: result.next?.toISOString() };
};

describe('dueFireTimes across DST in Europe/Berlin', () => {
  it('spring forward (2026-03-29): 02:30 does not exist that day, so it fires once right after the gap (03:30 CEST)', () => {
    // 03-28 02:30 CET = 01:30Z; 03-29 02:00 CET jumps to 03:00 CEST: 03:30 CEST = 01:30Z; 03-30 02:30 CEST = 00:30Z.
    expect(due('30 2 * * *', 'Europe/Berlin', '2026-03-28T01:30:00Z', '2026-03-30T12:00:00Z')).toEqual({
      due: ['2026-03-28T01:30:00.000Z', '2026-03-29T01:30:00.000Z', '2026-03-30T00:30:00.000Z'],
      next: '2026-03-31T00:30:00.000Z',
    });
  });

  it('fall back (2026-10-25): 02:30 happens twice on the clock and fires once, at its first occurrence', () => {
    // 10-24 02:30 CEST = 00:30Z; 10-25 02:30 CEST = 00:30Z (02:30 CET = 01:30Z is the repeat); 10-26 02:30 CET = 01:30Z.
    const result = due('30 2 * * *', 'Europe/Berlin', '2026-10-24T00:30:00Z', '2026-10-26T12:00:00Z');
    expect(result).toEqual({
      due: ['2026-10-24T00:30:00.000Z', '2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z'],
      next: '2026-10-27T01:30:00.000Z',
    });
    expect(result.due).not.toContain('2026-10-25T01:30:00.000Z');
  });

  it('hourly across the fall-back day: 25 fires, one per UTC hour of the 25-hour local day', () => {
    // Local 2026-10-25 runs from 00:00 CEST (10-24T22:00Z) to 24:00 CET (10-25T23:00Z): 25 hours.
    const expected = Array.from({ length: 25 }, (_, hour) => new Date(Date.UTC(2026, 9, 24, 22 + hour)).toISOString());
    const result = due('0 * * * *', 'Europe/Berlin', '2026-10-24T22:00:00Z', '2026-10-25T22:59:00Z');
    expect(result.due).toEqual(expected);
    expect(result.next).toBe('2026-10-25T23:00:00.000Z');
  });

  it('hourly across the spring-forward day: 23 fires in the 23-hour local day', () => {
    // Local 2026-03-29 runs from 00:00 CET (03-28T23:00Z) to 24:00 CEST (03-29T22:00Z): 23 hours.
    const expected = Array.from({ length: 23 }, (_, hour) => new Date(Date.UTC(2026, 2, 28, 23 + hour)).toISOString());
    const result = due('0 * * * *', 'Europe/Berlin', '2026-03-28T23:00:00Z', '2026-03-29T21:59:00Z');
    expect(result.due).toEqual(expected);
    expect(result.next).toBe('2026-03-29T22:00:00.000Z');
  });
});

describe('dueFireTimes across DST in America/New_York', () => {
  it('spring forward (2026-03-08): 02:30 does not exist that day, so it fires once right after the gap (03:30 EDT)', () => {
    // 03-07 02:30 EST = 07:30Z; 03-08 02:00 EST jumps to 03:00 EDT: 03:30 EDT = 07:30Z; 03-09 02:30 EDT = 06:30Z.
    expect(due('30 2 * * *', 'America/New_York', '2026-03-07T07:30:00Z', '2026-03-09T12:00:00Z')).toEqual({
      due: ['2026-03-07T07:30:00.000Z', '2026-03-08T07:30:00.000Z', '2026-03-09T06:30:00.000Z'],
      next: '2026-03-10T06:30:00.000Z',
    });
  });

  it('fall back (2026-11-01): 01:30 (the repeated hour in New York) fires once, at its first occurrence', () => {
    // 02:00 EDT falls back to 01:00 EST, so 01:00–01:59 repeats. 10-31 01:30 EDT = 05:30Z; 11-01 01:30 EDT = 05:30Z
    // (01:30 EST = 06:30Z is the repeat); 11-02 01:30 EST = 06:30Z.
    const result = due('30 1 * * *', 'America/New_York', '2026-10-31T05:30:00Z', '2026-11-02T12:00:00Z');
    expect(result).toEqual({
      due: ['2026-10-31T05:30:00.000Z', '2026-11-01T05:30:00.000Z', '2026-11-02T06:30:00.000Z'],
      next: '2026-11-03T06:30:00.000Z',
    });
    expect(result.due).not.toContain('2026-11-01T06:30:00.000Z');
  });

  it('fall back (2026-11-01): 02:30, not repeated in New York, fires once at its EST instant', () => {
    // 10-31 02:30 EDT = 06:30Z; 11-01 02:30 EST = 07:30Z; 11-02 02:30 EST = 07:30Z.
    expect(due('30 2 * * *', 'America/New_York', '2026-10-31T06:30:00Z', '2026-11-02T12:00:00Z').due).toEqual([
      '2026-10-31T06:30:00.000Z',
      '2026-11-01T07:30:00.000Z',
      '2026-11-02T07:30:00.000Z',
    ]);
  });
});

describe('dueFireTimes bounds', () => {
  it('nothing is due before the first fire time; next is that fire time', () => {
    expect(due('0 * * * *', 'UTC', '2026-05-04T10:00:00Z', '2026-05-04T09:59:59Z')).toEqual({
      due: [],
      next: '2026-05-04T10:00:00.000Z',
    });
  });

  it('a fire time equal to the tick is due', () => {
    expect(due('0 * * * *', 'UTC', '2026-05-04T10:00:00Z', '2026-05-04T11:00:00Z')).toEqual({
      due: ['2026-05-04T10:00:00.000Z', '2026-05-04T11:00:00.000Z'],
      next: '2026-05-04T12:00:00.000Z',
    });
  });

  it(`a long-idle schedule enumerates at most ${MAX_FIRES_PER_PASS} fire times, and next is still the first after the tick`, () => {
    // Every minute for 1000 minutes (16 h 40 min) from 00:00Z.
    const result = due('* * * * *', 'UTC', '2026-05-04T00:00:00Z', '2026-05-04T16:39:30Z');
    expect(result.due).toHaveLength(MAX_FIRES_PER_PASS);
    expect(result.due[0]).toBe('2026-05-04T00:00:00.000Z');
    expect(result.due.at(-1)).toBe('2026-05-04T08:19:00.000Z');
    expect(result.next).toBe('2026-05-04T16:40:00.000Z');
  });
});

describe('tickOf', () => {
  const now = new Date('2026-11-27T06:00:42.123Z');

  it("parses Cloud Scheduler's X-CloudScheduler-ScheduleTime", () => {
    expect(tickOf('2026-11-27T05:00:00Z', now).toISOString()).toBe('2026-11-27T05:00:00.000Z');
    expect(tickOf('2026-11-27T06:00:00+01:00', now).toISOString()).toBe('2026-11-27T05:00:00.000Z');
  });

  it('without the header, falls back to now floored to the minute', () => {
    expect(tickOf(undefined, now).toISOString()).toBe('2026-11-27T06:00:00.000Z');
    expect(tickOf('', now).toISOString()).toBe('2026-11-27T06:00:00.000Z');
  });

  it('a header that is not a date falls back to now floored to the minute', () => {
    expect(tickOf('not-a-time', now).toISOString()).toBe('2026-11-27T06:00:00.000Z');
    expect(tickOf('2026-13-45T99:00:00Z', now).toISOString()).toBe('2026-11-27T06:00:00.000Z');
  });

  it.each(['+275760-09-13', '0000-01-01', '1969-12-31T23:59:59Z', '2200-01-01T00:00:00Z'])(
    'refuses the out-of-range time %s',
    (header) => {
      expect(() => tickOf(header, now)).toThrow(expect.objectContaining({ code: 'INVALID_SCHEDULE_TIME' }));
    },
  );
});

describe('remembered fire times', () => {
  it('the same question answers the same instant, in a Date of its own (a caller changing it changes nothing)', () => {
    const after = new Date('2026-10-25T00:30:00Z');
    const first = nextFireTime('0 * * * *', 'Europe/Berlin', after);
    expect(first?.toISOString()).toBe('2026-10-25T01:00:00.000Z');
    first?.setTime(0);
    expect(nextFireTime('0 * * * *', 'Europe/Berlin', after)?.toISOString()).toBe('2026-10-25T01:00:00.000Z');
    // The same instant in another timezone or with another expression is another question.
    expect(nextFireTime('0 * * * *', 'America/New_York', after)?.toISOString()).toBe('2026-10-25T01:00:00.000Z');
    expect(nextFireTime('30 * * * *', 'Europe/Berlin', after)?.toISOString()).toBe('2026-10-25T01:30:00.000Z');
    // 03:00 CET on the fall-back day itself (the clock went back at 01:00Z).
    expect(nextFireTime('0 3 * * *', 'Europe/Berlin', after)?.toISOString()).toBe('2026-10-25T02:00:00.000Z');
  });
});
