import { KeyManagementServiceClient } from '@google-cloud/kms';
import * as grpc from '@grpc/grpc-js';
import { InvalidKeyEncryptionKeyConfig } from './errors';
import type { KeyEncryptionKey } from './key-encryption-key';

/** A CryptoKey (not a version): KMS encrypts with the primary version and finds the version itself on decrypt. */
const CRYPTO_KEY_NAME =
  /^projects\/[a-z][a-z0-9-]{4,28}[a-z0-9]\/locations\/[a-z0-9-]+\/keyRings\/[A-Za-z0-9_-]{1,63}\/cryptoKeys\/[A-Za-z0-9_-]{1,63}$/;

/** The two calls this adapter makes; the real KeyManagementServiceClient satisfies it. */
export interface KmsEncryptDecryptClient {
  encrypt(request: {
    name: string;
    plaintext: Buffer;
    additionalAuthenticatedData: Buffer;
  }): Promise<readonly [{ ciphertext?: Uint8Array | string | null }, ...unknown[]]>;
  decrypt(request: {
    name: string;
    ciphertext: Buffer;
    additionalAuthenticatedData: Buffer;
  }): Promise<readonly [{ plaintext?: Uint8Array | string | null }, ...unknown[]]>;
}

export interface CloudKmsKeyEncryptionKeyOptions {
  /** `projects/{project}/locations/{location}/keyRings/{ring}/cryptoKeys/{key}` */
  readonly keyName: string;
  /** Defaults to a KeyManagementServiceClient on Application Default Credentials (or on `endpoint`). */
  readonly client?: KmsEncryptDecryptClient;
  /** A plaintext gRPC KMS stand-in (CLOUD_KMS_EMULATOR_HOST) instead of cloudkms.googleapis.com. */
  readonly endpoint?: KmsEndpoint;
}

export interface KmsEndpoint {
  readonly host: string;
  readonly port: number;
}

/**
 * With an endpoint the client speaks plaintext gRPC and sends no credentials: google-gax uses `sslCreds` as the
 * channel credentials as they are, and the explicit universe domain keeps it from looking up Application
 * Default Credentials just to learn that.
 */
function kmsClientFor(endpoint: KmsEndpoint | undefined): KeyManagementServiceClient {
  if (!endpoint) return new KeyManagementServiceClient();
  return new KeyManagementServiceClient({
    apiEndpoint: endpoint.host,
    port: endpoint.port,
    sslCreds: grpc.credentials.createInsecure(),
    universeDomain: 'googleapis.com',
  });
}

/** Wraps data keys with Cloud KMS symmetric encryption; the context goes in as additional authenticated data. */
export function createCloudKmsKeyEncryptionKey(options: CloudKmsKeyEncryptionKeyOptions): KeyEncryptionKey {
  const { keyName } = options;
  if (!CRYPTO_KEY_NAME.test(keyName)) {
    throw new InvalidKeyEncryptionKeyConfig(
      'the KMS key name must look like projects/P/locations/L/keyRings/R/cryptoKeys/K',
    );
  }
  const client = options.client ?? kmsClientFor(options.endpoint);
  return {
    id: `gcp-kms:${keyName}`,
    async wrap(dataKey, context) {
      const [response] = await client.encrypt({
        name: keyName,
        plaintext: dataKey,
        additionalAuthenticatedData: Buffer.from(context, 'utf8'),
      });
      if (!response.ciphertext) throw new Error('Cloud KMS returned no ciphertext');
      return Buffer.from(response.ciphertext).toString('base64');
    },
    async unwrap(wrappedDataKey, context) {
      const [response] = await client.decrypt({
        name: keyName,
        ciphertext: Buffer.from(wrappedDataKey, 'base64'),
        additionalAuthenticatedData: Buffer.from(context, 'utf8'),
      });
      if (!response.plaintext) throw new Error('Cloud KMS returned no plaintext');
      return Buffer.from(response.plaintext);
    },
  };
}
