import * as grpc from '@grpc/grpc-js';
import { kmsHandlers } from './grpc-service';
import { KeyStore } from './key-store';
import { LocalKms } from './local-kms';
import { kmsServiceDefinition } from './proto';

export interface LocalKmsOptions {
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  readonly host?: string;
  /**
   * The CryptoKeys that exist (strict: any other is NOT_FOUND, as for a key Terraform did not create). Absent:
   * any well-formed CryptoKey name is created on first use.
   */
  readonly keys?: readonly string[];
}

export interface RunningLocalKms {
  /** `host:port`, for the client's endpoint (CLOUD_KMS_EMULATOR_HOST). */
  readonly address: string;
  /** Stops serving; the keys, held in memory only, are gone with it. Idempotent. */
  stop(): Promise<void>;
}

/** Starts the in-memory Cloud KMS v1 stand-in (gRPC, plaintext): Encrypt and Decrypt on symmetric keys. */
export async function startLocalKms(options: LocalKmsOptions = {}): Promise<RunningLocalKms> {
  const host = options.host ?? '127.0.0.1';
  const state = new LocalKms(new KeyStore(options.keys !== undefined, options.keys));
  const definition = kmsServiceDefinition();
  const server = new grpc.Server();
  server.addService(definition, kmsHandlers(definition, state));
  const bindTo = `${host.includes(':') ? `[${host}]` : host}:${options.port ?? 0}`;
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(bindTo, grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  let stopped: Promise<void> | undefined;
  return {
    address: `${host.includes(':') ? `[${host}]` : host}:${port}`,
    stop: () => (stopped ??= Promise.resolve().then(() => server.forceShutdown())),
  };
}
