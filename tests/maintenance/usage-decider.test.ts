import { monthDaysThrough, previousDay, InvalidCalendarDay } from '../../src/domain/usage/calendar';
import { decideUsage, type UsageCommand } from '../../src/domain/usage/decide';
import type { UsageEvent } from '../../src/domain/usage/events';
import { evolveUsage, initialUsageState } from '../../src/domain/usage/state';
import { deciderSpec } from '../domain/support/decider-spec';

const spec = deciderSpec({ decide: decideUsage, evolve: evolveUsage, initialState: initialUsageState });
const limits = { dailyRuns: 6, monthlyRuns: 180, concurrentRuns: 1 };
const close = (day: string, runs = 3): UsageCommand => ({
  type: 'CloseUsageDay',
  data: {
    tenantId: 'acme_corp',
    day,
    runs,
    succeeded: runs - 1,
    failed: 1,
    monthToDate: runs,
    limits,
    closedAt: '2026-03-11T00:05:00.000Z',
  },
});
const closed = (day: string, runs = 3): UsageEvent => ({ type: 'UsageDayClosed', data: close(day, runs).data });

describe('usage decider', () => {
  it('closes a day not yet closed', () => {
    spec
      .given([])
      .when(close('2026-03-10'))
      .then([closed('2026-03-10')]);
  });

  it('a day already closed decides nothing, even with other counters', () => {
    spec
      .given([closed('2026-03-10')])
      .when(close('2026-03-10', 5))
      .then([]);
  });

  it('other days of the month close independently', () => {
    const state = spec
      .given([closed('2026-03-09')])
      .when(close('2026-03-10'))
      .then([closed('2026-03-10')]);
    expect([...state.closedDays].sort()).toEqual(['2026-03-09', '2026-03-10']);
  });

  it('refuses a day that is not a calendar day', () => {
    spec.given([]).when(close('2026-02-30')).thenFails('INVALID_COMMAND');
  });
});

describe('usage calendar', () => {
  it('steps back across month and year ends and leap days', () => {
    expect(previousDay('2026-03-01')).toBe('2026-02-28');
    expect(previousDay('2024-03-01')).toBe('2024-02-29');
    expect(previousDay('2026-01-01')).toBe('2025-12-31');
    expect(previousDay('2026-03-11')).toBe('2026-03-10');
  });

  it('lists the month through a day', () => {
    expect(monthDaysThrough('2026-03-03')).toEqual(['2026-03-01', '2026-03-02', '2026-03-03']);
    expect(monthDaysThrough('2026-02-28')).toHaveLength(28);
  });

  it('rejects what is not a day with a typed error', () => {
    expect(() => previousDay('2026-13-01')).toThrow(InvalidCalendarDay);
    expect(() => monthDaysThrough('yesterday')).toThrow(expect.objectContaining({ code: 'INVALID_CALENDAR_DAY' }));
  });
});
