/**
 * The associated data for a stored cloud credential: binds its ciphertext to the tenant and the credential id,
 * so a ciphertext copied onto another credential (or another tenant) does not decrypt.
 */
export function credentialAad(tenantId: string, credentialId: string): string {
  return JSON.stringify(['convergence/credential/v1', tenantId, credentialId]);
}
