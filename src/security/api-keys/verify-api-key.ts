import { timingSafeEqual } from 'node:crypto';
import { hashApiKey } from './hash-api-key';

const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * Constant-time check of a presented key against the stored hash. A malformed stored hash never matches, but
 * is still compared against a dummy so the timing does not reveal which case occurred.
 */
export function verifyApiKey(secret: string, storedHash: string, pepper: string | Buffer): boolean {
  const presented = Buffer.from(hashApiKey(secret, pepper), 'hex');
  const storedIsWellFormed = SHA256_HEX.test(storedHash);
  const stored = storedIsWellFormed ? Buffer.from(storedHash, 'hex') : Buffer.alloc(presented.length);
  return timingSafeEqual(presented, stored) && storedIsWellFormed;
}
