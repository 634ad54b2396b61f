import type { UsageEvent } from './events';

/** The days of one month already closed for a tenant. */
export interface UsageState {
  readonly closedDays: ReadonlySet<string>;
}

export const initialUsageState: UsageState = { closedDays: new Set() };

/** Folds one event into the state. Pure and total. */
export function evolveUsage(state: UsageState, event: UsageEvent): UsageState {
  switch (event.type) {
    case 'UsageDayClosed':
      return { closedDays: new Set([...state.closedDays, event.data.day]) };
  }
}
