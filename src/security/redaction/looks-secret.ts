import type { KnownSecrets } from './known-secrets';
import { redactText } from './redact-text';

/**
 * True when `value` holds something the redactor would mask: a recognisable secret (API key, admin key, service
 * token, JWT, PEM key, bearer/Basic credential, secret-named parameter) or one of the configured secrets. Used to
 * refuse caller-sent values that would otherwise be stored in events or logged (X-User-ID, Idempotency-Key,
 * reasons): a value that must be redacted to be shown must not be stored at all.
 */
export function looksSecret(value: string, knownSecrets?: KnownSecrets): boolean {
  if (knownSecrets?.occursIn(value)) return true;
  return redactText(value) !== value;
}
