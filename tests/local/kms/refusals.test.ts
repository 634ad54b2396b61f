import type { KeyManagementServiceClient } from '@google-cloud/kms';
import { status } from '@grpc/grpc-js';
import { MAX_AAD_BYTES, MAX_PLAINTEXT_BYTES, startLocalKms, type RunningLocalKms } from '../../../src/local/kms';
import { KEY, failureOf, kmsClient } from './support';

let kms: RunningLocalKms;
let client: KeyManagementServiceClient;

beforeAll(async () => {
  kms = await startLocalKms({ keys: [KEY] });
  client = kmsClient(kms.address);
});

afterAll(async () => {
  await client.close();
  await kms.stop();
});

describe('the local Cloud KMS stand-in refuses what Cloud KMS refuses, and what it does not implement', () => {
  it('takes 64 KiB of plaintext and of AAD, and refuses one byte more of either', async () => {
    const largest = Buffer.alloc(MAX_PLAINTEXT_BYTES, 1);
    const largestAad = Buffer.alloc(MAX_AAD_BYTES, 2);
    const [encrypted] = await client.encrypt({
      name: KEY,
      plaintext: largest,
      additionalAuthenticatedData: largestAad,
    });
    const [decrypted] = await client.decrypt({
      name: KEY,
      ciphertext: encrypted.ciphertext,
      additionalAuthenticatedData: largestAad,
    });
    expect(Buffer.from(decrypted.plaintext as Uint8Array)).toEqual(largest);
    const tooLarge = await failureOf(client.encrypt({ name: KEY, plaintext: Buffer.alloc(MAX_PLAINTEXT_BYTES + 1) }));
    expect(tooLarge.code).toBe(status.INVALID_ARGUMENT);
    expect(tooLarge.details).toContain('plaintext must be no larger than 65536 bytes');
    const aadTooLarge = await failureOf(
      client.encrypt({ name: KEY, plaintext: largest, additionalAuthenticatedData: Buffer.alloc(MAX_AAD_BYTES + 1) }),
    );
    expect(aadTooLarge.code).toBe(status.INVALID_ARGUMENT);
    expect(aadTooLarge.details).toContain('additional_authenticated_data must be no larger than 65536 bytes');
  });

  it('refuses an empty plaintext or ciphertext as a missing required field', async () => {
    const noPlaintext = await failureOf(client.encrypt({ name: KEY, plaintext: Buffer.alloc(0) }));
    expect(noPlaintext).toEqual({ code: status.INVALID_ARGUMENT, details: 'plaintext: this field is required.' });
    const noCiphertext = await failureOf(client.decrypt({ name: KEY }));
    expect(noCiphertext).toEqual({ code: status.INVALID_ARGUMENT, details: 'ciphertext: this field is required.' });
  });

  it('answers every other RPC UNIMPLEMENTED, naming the method', async () => {
    const message = (method: string) => `${method}: the local Cloud KMS stand-in implements Encrypt and Decrypt only`;
    expect(await failureOf(client.getCryptoKey({ name: KEY }))).toEqual({
      code: status.UNIMPLEMENTED,
      details: message('GetCryptoKey'),
    });
    expect(await failureOf(client.macSign({ name: `${KEY}/cryptoKeyVersions/1`, data: Buffer.from('x') }))).toEqual({
      code: status.UNIMPLEMENTED,
      details: message('MacSign'),
    });
    const rawEncrypt = client.rawEncrypt({ name: `${KEY}/cryptoKeyVersions/1`, plaintext: Buffer.from('x') });
    expect(await failureOf(rawEncrypt)).toEqual({
      code: status.UNIMPLEMENTED,
      details: message('RawEncrypt'),
    });
  });
});
