import { randomBytes } from 'node:crypto';
import { startLocalKms, type RunningLocalKms } from '../../src/local/kms';
import { createCloudKmsKeyEncryptionKey } from '../../src/security/envelope';

const KEY = 'projects/convergence-local/locations/global/keyRings/convergence/cryptoKeys/data-keys';
const OTHER_KEY = 'projects/convergence-local/locations/global/keyRings/convergence/cryptoKeys/other';

let kms: RunningLocalKms;
let endpoint: { host: string; port: number };

beforeAll(async () => {
  kms = await startLocalKms({ keys: [KEY, OTHER_KEY] });
  const [host, port] = kms.address.split(':');
  endpoint = { host: host!, port: Number(port) };
});

afterAll(() => kms.stop());

describe('the production Cloud KMS key-encryption key, on an endpoint (the local KMS stand-in)', () => {
  it('wraps a data key through KMS and unwraps it for the same context only', async () => {
    const kek = createCloudKmsKeyEncryptionKey({ keyName: KEY, endpoint });
    expect(kek.id).toBe(`gcp-kms:${KEY}`);
    const dataKey = randomBytes(32);
    const wrapped = await kek.wrap(dataKey, 'tenant:acme/version:1');
    expect(Buffer.from(wrapped, 'base64').includes(dataKey)).toBe(false);
    expect(await kek.unwrap(wrapped, 'tenant:acme/version:1')).toEqual(dataKey);
    await expect(kek.unwrap(wrapped, 'tenant:other/version:1')).rejects.toMatchObject({
      details: 'Decryption failed: the ciphertext is invalid.',
    });
  });

  it('cannot unwrap what another CryptoKey wrapped, and reports a key KMS does not have as NOT_FOUND', async () => {
    const wrapped = await createCloudKmsKeyEncryptionKey({ keyName: OTHER_KEY, endpoint }).wrap(randomBytes(32), 'ctx');
    const kek = createCloudKmsKeyEncryptionKey({ keyName: KEY, endpoint });
    await expect(kek.unwrap(wrapped, 'ctx')).rejects.toMatchObject({
      details: 'Decryption failed: the ciphertext is invalid.',
    });
    const missing = 'projects/convergence-local/locations/global/keyRings/convergence/cryptoKeys/not-created';
    const missingKek = createCloudKmsKeyEncryptionKey({ keyName: missing, endpoint });
    await expect(missingKek.wrap(randomBytes(32), 'ctx')).rejects.toMatchObject({
      code: 5,
    });
  });
});
