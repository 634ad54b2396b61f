import * as E from 'fp-ts/Either';
import { API_KEY_LENGTH, API_KEY_PATTERN } from './api-key-format';
import { MalformedApiKey } from './errors';

export interface ParsedApiKey {
  readonly keyId: string;
  /** The whole presented key, which is what gets hashed. */
  readonly secret: string;
}

/**
 * Strict parse of a presented `X-API-Key`. Accepts any input (headers are hostile) and never throws; the length
 * is checked before the pattern so oversized input costs nothing.
 */
export function parseApiKey(raw: unknown): E.Either<MalformedApiKey, ParsedApiKey> {
  if (typeof raw !== 'string') return E.left(new MalformedApiKey('NOT_A_STRING'));
  if (raw.length !== API_KEY_LENGTH) return E.left(new MalformedApiKey('WRONG_LENGTH'));
  const match = API_KEY_PATTERN.exec(raw);
  const keyId = match?.[1];
  if (keyId === undefined) return E.left(new MalformedApiKey('WRONG_FORMAT'));
  return E.right({ keyId, secret: raw });
}
