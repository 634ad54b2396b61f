import { credentialAad } from '../envelope/credential-aad';
import type { EncryptedSecret } from '../envelope/encrypted-secret';
import type { Keyring } from '../envelope/keyring';
import type { CloudCredential } from './cloud-credential';

/** Encrypts a validated credential under the tenant's data key, bound to the credential id. */
export async function encryptCredential(
  keyring: Keyring,
  tenantId: string,
  credentialId: string,
  credential: CloudCredential,
): Promise<EncryptedSecret> {
  const plaintext = Buffer.from(JSON.stringify(credential), 'utf8');
  try {
    return await keyring.encrypt(tenantId, plaintext, credentialAad(tenantId, credentialId));
  } finally {
    plaintext.fill(0);
  }
}
