import { randomBytes } from 'node:crypto';
import { API_KEY_ID_LENGTH, API_KEY_PREFIX, API_KEY_SECRET_LENGTH, BASE62_ALPHABET } from './api-key-format';

export interface GeneratedApiKey {
  /** Names the key's lookup document; safe to show, log and list. */
  readonly keyId: string;
  /** The full key string (`cvg_{keyId}_{random}`): shown to the caller once, stored only as a peppered hash. */
  readonly secret: string;
}

export function generateApiKey(): GeneratedApiKey {
  const keyId = randomBytes(API_KEY_ID_LENGTH / 2).toString('hex');
  return { keyId, secret: `${API_KEY_PREFIX}${keyId}_${randomBase62(API_KEY_SECRET_LENGTH)}` };
}

/** Uniform base62: bytes ≥ 248 (= 4 × 62) are dropped, since `byte % 62` over all 256 values would favour 0–7. */
export function randomBase62(length: number): string {
  let text = '';
  while (text.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte >= 248) continue;
      text += BASE62_ALPHABET[byte % 62];
      if (text.length === length) break;
    }
  }
  return text;
}
