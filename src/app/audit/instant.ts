import * as E from 'fp-ts/Either';
import { ACCEPTED_RANGE_TEXT, isAcceptedInstant } from '../../domain/accepted-instants';

/** An RFC 3339 instant with its offset: `2026-11-27T09:30:00Z`, `2026-11-27T10:30:00.250+01:00`. */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})$/i;

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/**
 * Parses the instant an audit is asked about. A date alone is refused (which moment of which day?), and so is
 * a calendar date that does not exist (Date.parse would roll 2026-02-30 over to March). Precision is the
 * millisecond: further digits are dropped, which can only leave out events, never add one.
 */
export function parseInstant(text: string): E.Either<string, Date> {
  const match = RFC3339.exec(text);
  if (!match) return E.left('expected an RFC 3339 time with an offset, e.g. 2026-11-27T09:30:00Z');
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map((part) => Number(part ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || second > 59)
    return E.left('not a real calendar time');
  const millis = (match[7] ?? '').slice(0, 3).padEnd(3, '0');
  const normalized = `${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${String(second).padStart(2, '0')}.${millis}${(match[8] ?? 'Z').toUpperCase()}`;
  const parsed = Date.parse(normalized);
  if (Number.isNaN(parsed)) return E.left('not a real calendar time');
  return isAcceptedInstant(parsed) ? E.right(new Date(parsed)) : E.left(`outside ${ACCEPTED_RANGE_TEXT}`);
}

/** The instant of an audit: given and not in the future, or now. */
export function auditInstant(text: string | undefined, now: Date): E.Either<string, Date> {
  if (text === undefined) return E.right(now);
  const parsed = parseInstant(text);
  if (E.isRight(parsed) && parsed.right.getTime() > now.getTime())
    return E.left(
      `${parsed.right.toISOString()} is in the future: an audit shows what the log holds, so ask about now or earlier`,
    );
  return parsed;
}
