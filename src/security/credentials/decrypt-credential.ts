import * as E from 'fp-ts/Either';
import { credentialAad } from '../envelope/credential-aad';
import type { EncryptedSecret } from '../envelope/encrypted-secret';
import type { Keyring } from '../envelope/keyring';
import { CloudCredential } from './cloud-credential';
import { describeCredentialErrors } from './describe-credential-errors';
import { InvalidCredential } from './errors';

/**
 * Decrypts a stored credential and decodes it again (what was encrypted under an older shape must still be
 * checked). Rejects with the keyring's typed errors, or INVALID_CREDENTIAL without echoing any value.
 */
export async function decryptCredential(
  keyring: Keyring,
  tenantId: string,
  credentialId: string,
  secret: EncryptedSecret,
): Promise<CloudCredential> {
  const plaintext = await keyring.decrypt(tenantId, secret, credentialAad(tenantId, credentialId));
  let parsed: unknown;
  try {
    parsed = JSON.parse(plaintext.toString('utf8'));
  } catch {
    throw new InvalidCredential('stored', ['(root): the decrypted credential is not JSON']);
  } finally {
    plaintext.fill(0);
  }
  const decoded = CloudCredential.decode(parsed);
  if (E.isLeft(decoded)) throw new InvalidCredential('stored', describeCredentialErrors(decoded.left));
  return decoded.right;
}
