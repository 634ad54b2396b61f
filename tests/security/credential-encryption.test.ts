import * as E from 'fp-ts/Either';
import {
  decodeCloudCredential,
  decryptCredential,
  encryptCredential,
  type CloudCredential,
} from '../../src/security/credentials';
import { createFirestoreKeyring, createLocalKeyEncryptionKey, keyringDocumentPath } from '../../src/security/envelope';
import { testFirestore } from '../support/firestore';
import { gcpServiceAccountJson, randomKekBase64, testPrivateKeyPem } from './support';

describe('credential encryption through the Firestore keyring', () => {
  const db = testFirestore();
  const keyring = createFirestoreKeyring({ db, kek: createLocalKeyEncryptionKey(randomKekBase64()) });
  afterAll(() => db.terminate());

  const credential = (): CloudCredential => {
    const decoded = decodeCloudCredential('gcp', gcpServiceAccountJson());
    if (E.isLeft(decoded)) throw decoded.left;
    return decoded.right;
  };

  it('round-trips a credential bound to its tenant and credential id, and stores no part of it in clear', async () => {
    const tenantId = 'acme_corp';
    await keyring.createDataKey(tenantId);
    const secret = await encryptCredential(keyring, tenantId, 'cred-1', credential());
    expect(await decryptCredential(keyring, tenantId, 'cred-1', secret)).toEqual(credential());

    await expect(decryptCredential(keyring, tenantId, 'cred-2', secret)).rejects.toMatchObject({
      code: 'DECRYPTION_FAILED',
    });
    const pemBody = testPrivateKeyPem().split('\n')[3] ?? '';
    expect(pemBody.length).toBeGreaterThan(40);
    for (const stored of [
      JSON.stringify(secret),
      JSON.stringify((await db.doc(keyringDocumentPath(tenantId)).get()).data()),
    ]) {
      expect(stored).not.toContain(pemBody);
      expect(stored).not.toContain('PRIVATE KEY');
      expect(stored).not.toContain('cost-export@');
    }
  });

  it('after offboarding, the stored credential is unreadable', async () => {
    const tenantId = 'leaving_corp';
    await keyring.createDataKey(tenantId);
    const secret = await encryptCredential(keyring, tenantId, 'cred-1', credential());
    await keyring.destroyDataKey(tenantId);
    await expect(decryptCredential(keyring, tenantId, 'cred-1', secret)).rejects.toMatchObject({
      code: 'DATA_KEY_DESTROYED',
    });
  });

  it('refuses a decrypted payload that is not a valid credential, without quoting it', async () => {
    const tenantId = 'odd_corp';
    await keyring.createDataKey(tenantId);
    const aad = JSON.stringify(['convergence/credential/v1', tenantId, 'cred-1']);
    const notACredential = await keyring.encrypt(
      tenantId,
      Buffer.from(JSON.stringify({ provider: 'aws', credential: { secret_access_key: 'leaky-value' } })),
      aad,
    );
    const failure = decryptCredential(keyring, tenantId, 'cred-1', notACredential);
    await expect(failure).rejects.toMatchObject({ code: 'INVALID_CREDENTIAL' });
    await expect(failure).rejects.not.toThrow('leaky-value');
  });
});
