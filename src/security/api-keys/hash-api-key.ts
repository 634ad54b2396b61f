import { createHmac } from 'node:crypto';
import { InvalidApiKeyPepper } from './errors';

export const MIN_PEPPER_BYTES = 32;

/**
 * Peppered SHA-256 of the full key string: HMAC-SHA256 keyed by the pepper, lowercase hex. The pepper lives in
 * configuration (Secret Manager in production), never in Firestore, so a leaked database alone cannot be used
 * to test guesses. Keys carry 256 random bits, so no slow hash is needed.
 */
export function hashApiKey(secret: string, pepper: string | Buffer): string {
  if (Buffer.byteLength(pepper) < MIN_PEPPER_BYTES) throw new InvalidApiKeyPepper(MIN_PEPPER_BYTES);
  return createHmac('sha256', pepper).update(secret, 'utf8').digest('hex');
}
