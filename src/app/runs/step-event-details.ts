import { redactSecrets } from '../../security';

/** Events carry a step's details whole only up to this size: an event is one Firestore document (at most 1 MiB). */
export const MAX_EVENT_DETAILS_BYTES = 256 * 1024;

/**
 * What a step's details become in its event: redacted (a secret a step let slip stays out of the log) and
 * bounded — details larger than MAX_EVENT_DETAILS_BYTES are replaced by a note of their size.
 */
export function eventDetails(
  details: Readonly<Record<string, unknown>> | undefined,
  extra: Readonly<Record<string, unknown>> = {},
): unknown {
  if (details === undefined && Object.keys(extra).length === 0) return null;
  const redacted = redactSecrets({ ...details, ...extra });
  const bytes = Buffer.byteLength(JSON.stringify(redacted) ?? '');
  return bytes <= MAX_EVENT_DETAILS_BYTES ? redacted : { truncated: true, bytes };
}
