import * as E from 'fp-ts/Either';
import { domainError, type DomainError } from '../errors';
import type { UsageDayClosedData, UsageEvent } from './events';
import type { UsageState } from './state';
import { isCalendarDay } from './calendar';

export type UsageCommand = { readonly type: 'CloseUsageDay'; readonly data: UsageDayClosedData };

/**
 * Closing a day is idempotent: a day already closed decides nothing, so a repeated (or concurrent) reset of
 * the same date records it once.
 */
export function decideUsage(command: UsageCommand, state: UsageState): E.Either<DomainError, readonly UsageEvent[]> {
  const { day } = command.data;
  if (!isCalendarDay(day)) return E.left(domainError('INVALID_COMMAND', `Not a calendar day: ${JSON.stringify(day)}`));
  if (state.closedDays.has(day)) return E.right([]);
  return E.right([{ type: 'UsageDayClosed', data: command.data }]);
}
