import * as t from 'io-ts';
import { createEventRegistry, createEventStore, type EventSchema, type InlineWrite } from '../../src/eventstore';
import {
  DataKeyDestroyed,
  DecryptionFailed,
  createFirestoreKeyring,
  createLocalKeyEncryptionKey,
  credentialAad,
  dataKeyTombstoneWrite,
  keyringDocumentPath,
  type EncryptedSecret,
  type KeyEncryptionKey,
} from '../../src/security/envelope';
import { testFirestore } from '../support/firestore';
import { randomKekBase64 } from './support';

/** The context the keyring binds a wrapped key to (tenant, key version): mirrored here to read raw documents. */
const wrapContext = (tenantId: string, keyVersion: number) =>
  JSON.stringify(['convergence/keyring/v1', tenantId, keyVersion]);

let tenantCounter = 0;
function uniqueTenant(): string {
  tenantCounter += 1;
  return `tenant_${process.pid}_${tenantCounter}`;
}

describe('Firestore keyring', () => {
  const db = testFirestore();
  const kek = createLocalKeyEncryptionKey(randomKekBase64());
  const now = new Date('2025-06-01T12:00:00.000Z');
  const keyring = createFirestoreKeyring({ db, kek, now: () => now });
  afterAll(() => db.terminate());

  const rawDocument = async (tenantId: string) => (await db.doc(keyringDocumentPath(tenantId)).get()).data();
  const unwrapStoredKey = async (tenantId: string, withKek: KeyEncryptionKey = kek) => {
    const document = (await rawDocument(tenantId)) as { wrappedDataKey: string; keyVersion: number };
    return withKek.unwrap(document.wrappedDataKey, wrapContext(tenantId, document.keyVersion));
  };

  it('encrypts and decrypts a secret bound to its aad', async () => {
    const tenantId = uniqueTenant();
    expect(await keyring.createDataKey(tenantId)).toEqual({ keyVersion: 1, created: true });
    const aad = credentialAad(tenantId, 'cred-1');
    const secret = await keyring.encrypt(tenantId, Buffer.from('{"private_key":"hunter2"}'), aad);
    expect(secret).toEqual({
      keyVersion: 1,
      iv: expect.any(String),
      ciphertext: expect.any(String),
      tag: expect.any(String),
    });
    expect((await keyring.decrypt(tenantId, secret, aad)).toString()).toBe('{"private_key":"hunter2"}');
  });

  it('stores only the wrapped data key: the raw document holds neither the data key nor any secret', async () => {
    const tenantId = uniqueTenant();
    await keyring.createDataKey(tenantId);
    const plaintext = 'very-secret-credential-text-0123456789';
    const secret = await keyring.encrypt(tenantId, Buffer.from(plaintext), credentialAad(tenantId, 'c'));
    const document = await rawDocument(tenantId);
    expect(document).toEqual({
      schemaVersion: 1,
      tenantId,
      state: 'active',
      keyVersion: 1,
      kekId: kek.id,
      wrappedDataKey: expect.any(String),
      createdAt: now.toISOString(),
    });
    const dataKey = await unwrapStoredKey(tenantId);
    expect(dataKey).toHaveLength(32);
    const raw = JSON.stringify(document);
    for (const encoding of ['base64', 'hex', 'base64url', 'latin1'] as const)
      expect(raw).not.toContain(dataKey.toString(encoding));
    expect(raw).not.toContain(plaintext);
    expect(JSON.stringify(secret)).not.toContain(plaintext);
    expect(JSON.stringify(secret)).not.toContain(dataKey.toString('base64'));
  });

  it('keeps an existing key: createDataKey is idempotent, also under concurrent calls', async () => {
    const tenantId = uniqueTenant();
    const results = await Promise.all(Array.from({ length: 5 }, () => keyring.createDataKey(tenantId)));
    expect(results.filter((result) => result.created)).toHaveLength(1);
    const before = await rawDocument(tenantId);
    const secret = await keyring.encrypt(tenantId, Buffer.from('s'), 'aad');
    expect(await keyring.createDataKey(tenantId)).toEqual({ keyVersion: 1, created: false });
    expect(await rawDocument(tenantId)).toEqual(before);
    expect((await keyring.decrypt(tenantId, secret, 'aad')).toString()).toBe('s');
  });

  it('gives every tenant its own data key', async () => {
    const [first, second] = [uniqueTenant(), uniqueTenant()];
    await Promise.all([keyring.createDataKey(first), keyring.createDataKey(second)]);
    expect((await unwrapStoredKey(first)).equals(await unwrapStoredKey(second))).toBe(false);
    // Same aad on purpose: only the key (and the tenant bound into the aad) tells them apart.
    const secret = await keyring.encrypt(first, Buffer.from('s'), 'same-aad');
    await expect(keyring.decrypt(second, secret, 'same-aad')).rejects.toMatchObject({
      code: 'DECRYPTION_FAILED',
      reason: 'AUTHENTICATION_FAILED',
    });
  });

  it('refuses to encrypt for a tenant without a key', async () => {
    await expect(keyring.encrypt(uniqueTenant(), Buffer.from('s'), 'aad')).rejects.toMatchObject({
      code: 'DATA_KEY_NOT_FOUND',
    });
  });

  describe('a secret that is not exactly what was encrypted', () => {
    const tenantId = uniqueTenant();
    const aad = credentialAad(tenantId, 'cred-1');
    let secret: EncryptedSecret;
    beforeAll(async () => {
      await keyring.createDataKey(tenantId);
      secret = await keyring.encrypt(tenantId, Buffer.from('the plaintext'), aad);
    });

    const flipFirstBit = (base64: string) => {
      const bytes = Buffer.from(base64, 'base64');
      bytes[0] = (bytes[0] ?? 0) ^ 1;
      return bytes.toString('base64');
    };

    it('fails with the wrong aad (another credential of the same tenant)', async () => {
      await expect(keyring.decrypt(tenantId, secret, credentialAad(tenantId, 'cred-2'))).rejects.toThrow(
        DecryptionFailed,
      );
    });

    it.each([
      [
        'a flipped ciphertext bit',
        (s: EncryptedSecret) => ({ ...s, ciphertext: flipFirstBit(s.ciphertext) }),
        'AUTHENTICATION_FAILED',
      ],
      ['a flipped tag bit', (s: EncryptedSecret) => ({ ...s, tag: flipFirstBit(s.tag) }), 'AUTHENTICATION_FAILED'],
      ['a flipped iv bit', (s: EncryptedSecret) => ({ ...s, iv: flipFirstBit(s.iv) }), 'AUTHENTICATION_FAILED'],
      [
        'a truncated tag',
        (s: EncryptedSecret) => ({ ...s, tag: Buffer.from(s.tag, 'base64').subarray(0, 4).toString('base64') }),
        'MALFORMED_SECRET',
      ],
      ['another key version', (s: EncryptedSecret) => ({ ...s, keyVersion: 2 }), 'UNKNOWN_KEY_VERSION'],
      ['a wrong shape', (s: EncryptedSecret) => ({ ...s, iv: 42 }) as unknown as EncryptedSecret, 'MALFORMED_SECRET'],
    ])('fails on %s', async (_part, tamper, reason) => {
      const failure = keyring.decrypt(tenantId, tamper(secret), aad);
      await expect(failure).rejects.toMatchObject({ code: 'DECRYPTION_FAILED', reason });
      await expect(failure).rejects.not.toThrow('the plaintext');
    });
  });

  describe('crypto-shredding', () => {
    it('makes every secret of the tenant undecryptable for good and keeps a tombstone', async () => {
      const tenantId = uniqueTenant();
      await keyring.createDataKey(tenantId);
      const secret = await keyring.encrypt(tenantId, Buffer.from('s'), 'aad');
      await keyring.destroyDataKey(tenantId);

      await expect(keyring.decrypt(tenantId, secret, 'aad')).rejects.toThrow(DataKeyDestroyed);
      await expect(keyring.decrypt(tenantId, secret, 'aad')).rejects.toMatchObject({
        code: 'DATA_KEY_DESTROYED',
        tenantId,
      });
      await expect(keyring.encrypt(tenantId, Buffer.from('s'), 'aad')).rejects.toMatchObject({
        code: 'DATA_KEY_DESTROYED',
      });
      expect(await rawDocument(tenantId)).toEqual({
        schemaVersion: 1,
        tenantId,
        state: 'destroyed',
        destroyedAt: now.toISOString(),
      });
    });

    it('never gives a destroyed tenant a new key, from this or any other keyring instance', async () => {
      const tenantId = uniqueTenant();
      await keyring.createDataKey(tenantId);
      await keyring.destroyDataKey(tenantId);
      const otherInstance = createFirestoreKeyring({ db, kek });
      await expect(keyring.createDataKey(tenantId)).rejects.toMatchObject({ code: 'DATA_KEY_DESTROYED' });
      await expect(otherInstance.createDataKey(tenantId)).rejects.toMatchObject({ code: 'DATA_KEY_DESTROYED' });
      expect(await rawDocument(tenantId)).toMatchObject({ state: 'destroyed' });
      expect(await rawDocument(tenantId)).not.toHaveProperty('wrappedDataKey');
    });

    it('is idempotent, keeps the first destruction date, and also tombstones a tenant that never had a key', async () => {
      const tenantId = uniqueTenant();
      await keyring.createDataKey(tenantId);
      await keyring.destroyDataKey(tenantId);
      const later = createFirestoreKeyring({ db, kek, now: () => new Date('2030-01-01T00:00:00.000Z') });
      await later.destroyDataKey(tenantId);
      expect(await rawDocument(tenantId)).toMatchObject({ destroyedAt: now.toISOString() });

      const neverKeyed = uniqueTenant();
      await keyring.destroyDataKey(neverKeyed);
      await expect(keyring.createDataKey(neverKeyed)).rejects.toMatchObject({ code: 'DATA_KEY_DESTROYED' });
    });

    it('commits atomically with an event through the event store as an inline write', async () => {
      const tenantId = uniqueTenant();
      await keyring.createDataKey(tenantId);
      const secret = await keyring.encrypt(tenantId, Buffer.from('s'), 'aad');
      const TenantOffboarded: EventSchema = {
        type: 'TenantOffboarded',
        schemaVersion: 1,
        codec: t.type({ tenantId: t.string }),
      };
      const store = createEventStore({
        db,
        registry: createEventRegistry([TenantOffboarded]),
        partitions: 4,
        settleMs: 0,
      });
      const tombstone: InlineWrite = dataKeyTombstoneWrite(tenantId, now);
      await store.append(`tenant-${tenantId}`, 'no_stream', [{ type: 'TenantOffboarded', data: { tenantId } }], {
        tenantId,
        inlineWrites: [tombstone],
      });
      await expect(keyring.decrypt(tenantId, secret, 'aad')).rejects.toMatchObject({ code: 'DATA_KEY_DESTROYED' });
      await expect(keyring.createDataKey(tenantId)).rejects.toMatchObject({ code: 'DATA_KEY_DESTROYED' });
    });

    it('shreds even a malformed keyring document', async () => {
      const tenantId = uniqueTenant();
      await db.doc(keyringDocumentPath(tenantId)).set({ state: 'active', wrappedDataKey: 'left over' });
      await expect(keyring.encrypt(tenantId, Buffer.from('s'), 'aad')).rejects.toMatchObject({
        code: 'MALFORMED_KEYRING_DOCUMENT',
      });
      await keyring.destroyDataKey(tenantId);
      expect(await rawDocument(tenantId)).toEqual({
        schemaVersion: 1,
        tenantId,
        state: 'destroyed',
        destroyedAt: now.toISOString(),
      });
    });
  });

  describe('key-encryption key mismatches', () => {
    it('reports a different configured KEK by id, without quoting the wrapped key', async () => {
      const tenantId = uniqueTenant();
      await keyring.createDataKey(tenantId);
      const secret = await keyring.encrypt(tenantId, Buffer.from('s'), 'aad');
      const otherKek = createLocalKeyEncryptionKey(randomKekBase64());
      const misconfigured = createFirestoreKeyring({ db, kek: otherKek });
      const failure = misconfigured.decrypt(tenantId, secret, 'aad');
      await expect(failure).rejects.toMatchObject({
        code: 'KEY_UNWRAP_FAILED',
        wrappedBy: kek.id,
        configuredKek: otherKek.id,
      });
      const { wrappedDataKey } = (await rawDocument(tenantId)) as { wrappedDataKey: string };
      await expect(failure).rejects.not.toThrow(wrappedDataKey);
    });

    it('refuses a wrapped key moved into another tenant’s document', async () => {
      const [victim, attacker] = [uniqueTenant(), uniqueTenant()];
      await Promise.all([keyring.createDataKey(victim), keyring.createDataKey(attacker)]);
      const victimSecret = await keyring.encrypt(victim, Buffer.from('s'), 'aad');
      const victimDocument = (await rawDocument(victim)) as { wrappedDataKey: string };
      await db.doc(keyringDocumentPath(attacker)).update({ wrappedDataKey: victimDocument.wrappedDataKey });
      await expect(keyring.decrypt(attacker, victimSecret, 'aad')).rejects.toMatchObject({ code: 'KEY_UNWRAP_FAILED' });
    });
  });

  it.each(['../etc', 'Acme', 'ab', 'a/b', 'a'.repeat(51), 'tenant id', 'tenänt'])(
    'refuses the tenant id %j before touching Firestore',
    async (tenantId) => {
      await expect(keyring.createDataKey(tenantId)).rejects.toMatchObject({ code: 'INVALID_TENANT_ID' });
      await expect(keyring.destroyDataKey(tenantId)).rejects.toMatchObject({ code: 'INVALID_TENANT_ID' });
      expect(() => dataKeyTombstoneWrite(tenantId, now)).toThrow(
        expect.objectContaining({ code: 'INVALID_TENANT_ID' }),
      );
    },
  );

  it('wrote nothing but keyring documents for refused tenant ids', async () => {
    const collections = (await db.listCollections()).map((collection) => collection.id);
    expect(collections.filter((id) => id !== 'keyring' && id !== 'streams')).toEqual([]);
    const ids = (await db.collection('keyring').listDocuments()).map((document) => document.id);
    expect(ids.every((id) => /^tenant_\d+_\d+$/.test(id))).toBe(true);
  });
});
