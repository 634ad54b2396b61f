import * as E from 'fp-ts/Either';
import { KeyManagementServiceClient } from '@google-cloud/kms';
import { openAesGcm, sealAesGcm } from '../../src/security/envelope/aes-gcm';
import {
  EncryptedSecret,
  InvalidKeyEncryptionKeyConfig,
  createCloudKmsKeyEncryptionKey,
  createLocalKeyEncryptionKey,
  credentialAad,
  type KmsEncryptDecryptClient,
} from '../../src/security/envelope';
import { randomKekBase64 } from './support';

describe('AES-256-GCM sealing', () => {
  const key = Buffer.alloc(32, 7);
  const aad = Buffer.from('context');

  it('round-trips and uses a fresh 96-bit IV each time', () => {
    const first = sealAesGcm(key, Buffer.from('secret'), aad);
    const second = sealAesGcm(key, Buffer.from('secret'), aad);
    expect(first.iv).toHaveLength(12);
    expect(first.tag).toHaveLength(16);
    expect(first.iv.equals(second.iv)).toBe(false);
    expect(first.ciphertext.equals(second.ciphertext)).toBe(false);
    expect(openAesGcm(key, first, aad)?.toString()).toBe('secret');
  });

  it('refuses another aad, another key, a flipped bit and a truncated tag', () => {
    const box = sealAesGcm(key, Buffer.from('secret'), aad);
    expect(openAesGcm(key, box, Buffer.from('other'))).toBeNull();
    expect(openAesGcm(Buffer.alloc(32, 8), box, aad)).toBeNull();
    const flipped = Buffer.from(box.ciphertext);
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    expect(openAesGcm(key, { ...box, ciphertext: flipped }, aad)).toBeNull();
    // Node would accept a 4-byte tag if the length were not pinned: a forgery would then cost 2^32 tries.
    expect(openAesGcm(key, { ...box, tag: box.tag.subarray(0, 4) }, aad)).toBeNull();
  });
});

describe('local key-encryption key', () => {
  it('refuses anything but base64 of 32 bytes, without quoting the value', () => {
    const short = Buffer.alloc(16, 1).toString('base64');
    expect(() => createLocalKeyEncryptionKey(short)).toThrow(InvalidKeyEncryptionKeyConfig);
    expect(() => createLocalKeyEncryptionKey('not base64 at all!')).toThrow(
      expect.objectContaining({ code: 'INVALID_KEK_CONFIG' }),
    );
    expect(() => createLocalKeyEncryptionKey('')).toThrow(InvalidKeyEncryptionKeyConfig);
    try {
      createLocalKeyEncryptionKey(short);
    } catch (error) {
      expect((error as Error).message).not.toContain(short);
    }
  });

  it('has an id that tells keys apart without containing them', () => {
    const kekText = randomKekBase64();
    const kek = createLocalKeyEncryptionKey(kekText);
    expect(kek.id).toMatch(/^local:[0-9a-f]{16}$/);
    expect(createLocalKeyEncryptionKey(kekText).id).toBe(kek.id);
    expect(createLocalKeyEncryptionKey(randomKekBase64()).id).not.toBe(kek.id);
    expect(kek.id).not.toContain(Buffer.from(kekText, 'base64').toString('hex').slice(0, 16));
  });

  it('wraps and unwraps under the same context only, and only with the same KEK', async () => {
    const kek = createLocalKeyEncryptionKey(randomKekBase64());
    const dataKey = Buffer.alloc(32, 9);
    const wrapped = await kek.wrap(dataKey, 'tenant-a');
    expect(Buffer.from(wrapped, 'base64').includes(dataKey)).toBe(false);
    expect((await kek.unwrap(wrapped, 'tenant-a')).equals(dataKey)).toBe(true);
    await expect(kek.unwrap(wrapped, 'tenant-b')).rejects.toThrow();
    await expect(createLocalKeyEncryptionKey(randomKekBase64()).unwrap(wrapped, 'tenant-a')).rejects.toThrow();
    await expect(kek.unwrap(wrapped.slice(0, 10), 'tenant-a')).rejects.toThrow();
    await expect(kek.unwrap('', 'tenant-a')).rejects.toThrow();
  });
});

describe('Cloud KMS key-encryption key (configuration only: no KMS is reachable here)', () => {
  const keyName = 'projects/acme-billing-prod/locations/europe-west1/keyRings/convergence/cryptoKeys/tenant-data-keys';

  it('refuses names that are not a CryptoKey, including a CryptoKeyVersion', () => {
    for (const bad of [
      '',
      'tenant-data-keys',
      `${keyName}/cryptoKeyVersions/1`,
      keyName.replace('projects/', 'project/'),
      `${keyName}/`,
    ]) {
      expect(() => createCloudKmsKeyEncryptionKey({ keyName: bad, client: unreachableClient() })).toThrow(
        InvalidKeyEncryptionKeyConfig,
      );
    }
  });

  it('constructs with the real client without contacting KMS, and identifies itself by key name', async () => {
    const client = new KeyManagementServiceClient();
    try {
      const kek = createCloudKmsKeyEncryptionKey({ keyName, client });
      expect(kek.id).toBe(`gcp-kms:${keyName}`);
      expect(createCloudKmsKeyEncryptionKey({ keyName }).id).toBe(kek.id);
    } finally {
      await client.close();
    }
  });

  it('sends the key name and the context as additional authenticated data', async () => {
    const calls: unknown[] = [];
    const client: KmsEncryptDecryptClient = {
      async encrypt(request) {
        calls.push(request);
        return [{ ciphertext: Buffer.concat([Buffer.from('wrapped:'), request.plaintext]) }];
      },
      async decrypt(request) {
        calls.push(request);
        return [{ plaintext: request.ciphertext.subarray('wrapped:'.length) }];
      },
    };
    const kek = createCloudKmsKeyEncryptionKey({ keyName, client });
    const wrapped = await kek.wrap(Buffer.from('data-key'), 'ctx');
    expect((await kek.unwrap(wrapped, 'ctx')).toString()).toBe('data-key');
    expect(calls).toEqual([
      { name: keyName, plaintext: Buffer.from('data-key'), additionalAuthenticatedData: Buffer.from('ctx') },
      { name: keyName, ciphertext: Buffer.from('wrapped:data-key'), additionalAuthenticatedData: Buffer.from('ctx') },
    ]);
  });

  it('rejects when KMS answers without a ciphertext or plaintext', async () => {
    const client: KmsEncryptDecryptClient = { encrypt: async () => [{ ciphertext: null }], decrypt: async () => [{}] };
    const kek = createCloudKmsKeyEncryptionKey({ keyName, client });
    await expect(kek.wrap(Buffer.from('k'), 'ctx')).rejects.toThrow('no ciphertext');
    await expect(kek.unwrap('AAAA', 'ctx')).rejects.toThrow('no plaintext');
  });
});

describe('EncryptedSecret codec', () => {
  const valid = {
    keyVersion: 1,
    iv: Buffer.alloc(12).toString('base64'),
    ciphertext: 'AAAA',
    tag: Buffer.alloc(16).toString('base64'),
  };

  it('accepts the documented shape and refuses wrong lengths, non-canonical base64 and bad versions', () => {
    expect(E.isRight(EncryptedSecret.decode(valid))).toBe(true);
    expect(E.isLeft(EncryptedSecret.decode({ ...valid, iv: Buffer.alloc(16).toString('base64') }))).toBe(true);
    expect(E.isLeft(EncryptedSecret.decode({ ...valid, tag: Buffer.alloc(4).toString('base64') }))).toBe(true);
    expect(E.isLeft(EncryptedSecret.decode({ ...valid, ciphertext: 'AA AA' }))).toBe(true);
    expect(E.isLeft(EncryptedSecret.decode({ ...valid, ciphertext: 'AAA' }))).toBe(true);
    expect(E.isLeft(EncryptedSecret.decode({ ...valid, keyVersion: 0 }))).toBe(true);
    expect(E.isLeft(EncryptedSecret.decode({ ...valid, keyVersion: 1.5 }))).toBe(true);
    expect(E.isLeft(EncryptedSecret.decode({ ...valid, keyVersion: '1' }))).toBe(true);
  });
});

describe('credentialAad', () => {
  it('is unambiguous: no two (tenant, credential) pairs share an aad', () => {
    expect(credentialAad('acme_corp', 'cred1')).not.toBe(credentialAad('acme', 'corp_cred1'));
    expect(credentialAad('acme_corp', 'cred1')).not.toBe(credentialAad('acme_corp', 'cred2'));
    expect(credentialAad('acme_corp', 'cred1')).toBe(credentialAad('acme_corp', 'cred1'));
  });
});

function unreachableClient(): KmsEncryptDecryptClient {
  return {
    encrypt: () => Promise.reject(new Error('not reachable')),
    decrypt: () => Promise.reject(new Error('not reachable')),
  };
}
