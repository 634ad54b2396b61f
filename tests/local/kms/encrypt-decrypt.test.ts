import type { KeyManagementServiceClient } from '@google-cloud/kms';
import { status } from '@grpc/grpc-js';
import { crc32c, startLocalKms, type RunningLocalKms } from '../../../src/local/kms';
import { KEY, OTHER_KEY, failureOf, kmsClient } from './support';

const INVALID_CIPHERTEXT = 'Decryption failed: the ciphertext is invalid.';
const plaintext = Buffer.from('a 32-byte data key, more or less');
const aad = Buffer.from('tenant:acme/credential:billing');

let kms: RunningLocalKms;
let client: KeyManagementServiceClient;

beforeAll(async () => {
  kms = await startLocalKms({ keys: [KEY, OTHER_KEY] });
  client = kmsClient(kms.address);
});

afterAll(async () => {
  await client.close();
  await kms.stop();
});

const encrypt = async (name = KEY) => {
  const [response] = await client.encrypt({ name, plaintext, additionalAuthenticatedData: aad });
  return Buffer.from(response.ciphertext as Uint8Array);
};

describe('the local Cloud KMS stand-in: Encrypt and Decrypt', () => {
  it('round-trips under the CryptoKey with its AAD, naming the primary version and SOFTWARE protection', async () => {
    const [encrypted] = await client.encrypt({ name: KEY, plaintext, additionalAuthenticatedData: aad });
    expect(encrypted.name).toBe(`${KEY}/cryptoKeyVersions/1`);
    expect(encrypted.protectionLevel).toBe('SOFTWARE');
    const ciphertext = Buffer.from(encrypted.ciphertext as Uint8Array);
    expect(ciphertext.includes(plaintext)).toBe(false);
    const [decrypted] = await client.decrypt({ name: KEY, ciphertext, additionalAuthenticatedData: aad });
    expect(Buffer.from(decrypted.plaintext as Uint8Array)).toEqual(plaintext);
    expect(decrypted.usedPrimary).toBe(true);
    expect(decrypted.protectionLevel).toBe('SOFTWARE');
  });

  it('encrypts under a named CryptoKeyVersion too, and refuses a version that does not exist', async () => {
    const [encrypted] = await client.encrypt({ name: `${KEY}/cryptoKeyVersions/1`, plaintext });
    expect(encrypted.name).toBe(`${KEY}/cryptoKeyVersions/1`);
    const [decrypted] = await client.decrypt({ name: KEY, ciphertext: encrypted.ciphertext });
    expect(Buffer.from(decrypted.plaintext as Uint8Array)).toEqual(plaintext);
    const missing = await failureOf(client.encrypt({ name: `${KEY}/cryptoKeyVersions/2`, plaintext }));
    expect(missing).toEqual({ code: status.NOT_FOUND, details: `Resource '${KEY}/cryptoKeyVersions/2' was not found` });
  });

  it('refuses a wrong AAD, a missing AAD, a tampered ciphertext and another key with one message', async () => {
    const ciphertext = await encrypt();
    const tampered = Buffer.from(ciphertext);
    tampered[tampered.length - 1]! ^= 0x01;
    const versionFlipped = Buffer.from(ciphertext);
    versionFlipped[7]! ^= 0x01;
    const attempts = [
      client.decrypt({ name: KEY, ciphertext, additionalAuthenticatedData: Buffer.from('tenant:other') }),
      client.decrypt({ name: KEY, ciphertext }),
      client.decrypt({ name: KEY, ciphertext: tampered, additionalAuthenticatedData: aad }),
      client.decrypt({ name: KEY, ciphertext: versionFlipped, additionalAuthenticatedData: aad }),
      client.decrypt({ name: KEY, ciphertext: Buffer.from('not a ciphertext'), additionalAuthenticatedData: aad }),
      client.decrypt({ name: OTHER_KEY, ciphertext, additionalAuthenticatedData: aad }),
    ];
    const failures = await Promise.all(attempts.map(failureOf));
    expect(failures).toEqual(attempts.map(() => ({ code: status.INVALID_ARGUMENT, details: INVALID_CIPHERTEXT })));
  });

  it('answers NOT_FOUND for a CryptoKey it was not given, and INVALID_ARGUMENT for a malformed name', async () => {
    const unknown = 'projects/convergence-local/locations/global/keyRings/convergence/cryptoKeys/never-created';
    expect(await failureOf(client.encrypt({ name: unknown, plaintext }))).toEqual({
      code: status.NOT_FOUND,
      details: `Resource '${unknown}' was not found`,
    });
    const malformed = await failureOf(client.encrypt({ name: 'projects/p/keys/k', plaintext }));
    expect(malformed.code).toBe(status.INVALID_ARGUMENT);
    const ciphertext = await encrypt();
    const byVersion = await failureOf(client.decrypt({ name: `${KEY}/cryptoKeyVersions/1`, ciphertext }));
    expect(byVersion.code).toBe(status.INVALID_ARGUMENT);
  });

  it('without a key list creates any well-formed CryptoKey on first use, each with its own secret', async () => {
    const open = await startLocalKms();
    const openClient = kmsClient(open.address);
    try {
      const [first] = await openClient.encrypt({ name: KEY, plaintext });
      const [decrypted] = await openClient.decrypt({ name: KEY, ciphertext: first.ciphertext });
      expect(Buffer.from(decrypted.plaintext as Uint8Array)).toEqual(plaintext);
      const crossKey = await failureOf(openClient.decrypt({ name: OTHER_KEY, ciphertext: first.ciphertext }));
      expect(crossKey).toEqual({ code: status.INVALID_ARGUMENT, details: INVALID_CIPHERTEXT });
      // Another server instance holds other secrets: its ciphertexts do not open here.
      const elsewhere = await failureOf(client.decrypt({ name: KEY, ciphertext: first.ciphertext }));
      expect(elsewhere).toEqual({ code: status.INVALID_ARGUMENT, details: INVALID_CIPHERTEXT });
    } finally {
      await openClient.close();
      await open.stop();
    }
  });
});

describe('the local Cloud KMS stand-in: crc32c integrity fields', () => {
  it('computes CRC32C (the Castagnoli check value of "123456789" is 0xE3069283)', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
    expect(crc32c(Buffer.alloc(0))).toBe(0);
  });

  it('verifies the request checksums it is sent and reports them, and checksums its answers', async () => {
    const [unchecked] = await client.encrypt({ name: KEY, plaintext, additionalAuthenticatedData: aad });
    expect(unchecked.verifiedPlaintextCrc32c).toBe(false);
    expect(unchecked.verifiedAdditionalAuthenticatedDataCrc32c).toBe(false);
    const [checked] = await client.encrypt({
      name: KEY,
      plaintext,
      additionalAuthenticatedData: aad,
      plaintextCrc32c: { value: crc32c(plaintext) },
      additionalAuthenticatedDataCrc32c: { value: crc32c(aad) },
    });
    expect(checked.verifiedPlaintextCrc32c).toBe(true);
    expect(checked.verifiedAdditionalAuthenticatedDataCrc32c).toBe(true);
    const ciphertext = Buffer.from(checked.ciphertext as Uint8Array);
    expect(Number(checked.ciphertextCrc32c?.value)).toBe(crc32c(ciphertext));
    const [decrypted] = await client.decrypt({
      name: KEY,
      ciphertext,
      additionalAuthenticatedData: aad,
      ciphertextCrc32c: { value: crc32c(ciphertext) },
      additionalAuthenticatedDataCrc32c: { value: crc32c(aad) },
    });
    expect(Number(decrypted.plaintextCrc32c?.value)).toBe(crc32c(plaintext));
  });

  it('refuses a request whose checksum does not match its data, naming the field', async () => {
    const wrong = { value: crc32c(plaintext) ^ 1 };
    const wrongAadChecksum = { additionalAuthenticatedDataCrc32c: { value: crc32c(aad) ^ 1 } };
    const ciphertext = await encrypt();
    const cases: Array<[() => Promise<unknown>, string]> = [
      [() => client.encrypt({ name: KEY, plaintext, plaintextCrc32c: wrong }), 'plaintext_crc32c'],
      [
        () => client.encrypt({ name: KEY, plaintext, additionalAuthenticatedData: aad, ...wrongAadChecksum }),
        'additional_authenticated_data_crc32c',
      ],
      [() => client.decrypt({ name: KEY, ciphertext, ciphertextCrc32c: wrong }), 'ciphertext_crc32c'],
      [
        () => client.decrypt({ name: KEY, ciphertext, additionalAuthenticatedData: aad, ...wrongAadChecksum }),
        'additional_authenticated_data_crc32c',
      ],
    ];
    for (const [call, field] of cases) {
      const failure = await failureOf(call());
      expect(failure.code).toBe(status.INVALID_ARGUMENT);
      expect(failure.details).toContain(`The checksum in field ${field} did not match`);
    }
  });
});
