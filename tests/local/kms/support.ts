import { KeyManagementServiceClient } from '@google-cloud/kms';
import * as grpc from '@grpc/grpc-js';

/** The real @google-cloud/kms client on a stand-in's `host:port`: plaintext gRPC, no Google credentials. */
export function kmsClient(address: string): KeyManagementServiceClient {
  const [host, port] = address.split(':');
  return new KeyManagementServiceClient({
    apiEndpoint: host,
    port: Number(port),
    sslCreds: grpc.credentials.createInsecure(),
    universeDomain: 'googleapis.com',
  });
}

/** The gRPC status code and message a call failed with. */
export async function failureOf(call: Promise<unknown>): Promise<{ code: number | undefined; details: string }> {
  try {
    await call;
  } catch (error) {
    const { code, details } = error as { code?: number; details?: string };
    return { code, details: details ?? String(error) };
  }
  throw new Error('expected the call to fail');
}

export const KEY = 'projects/convergence-local/locations/global/keyRings/convergence/cryptoKeys/data-keys';
export const OTHER_KEY = 'projects/convergence-local/locations/global/keyRings/convergence/cryptoKeys/other';
