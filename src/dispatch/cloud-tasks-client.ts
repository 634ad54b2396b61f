import * as grpc from '@grpc/grpc-js';
import { CloudTasksClient } from './tasks-module';

/** A plaintext gRPC endpoint (the local Cloud Tasks server); production omits it and uses Google's endpoint. */
export interface CloudTasksEndpoint {
  readonly host: string;
  readonly port: number;
}

export interface CloudTasksClientOptions {
  /** Absent: cloudtasks.googleapis.com:443 with Application Default Credentials. */
  readonly endpoint?: CloudTasksEndpoint;
  readonly projectId?: string;
}

/** Parses `host:port` (what startLocalCloudTasks reports as `address`). */
export function parseEndpoint(address: string): CloudTasksEndpoint {
  const match = /^(.+):(\d{1,5})$/.exec(address);
  const port = Number(match?.[2]);
  if (!match?.[1] || !Number.isInteger(port) || port < 1 || port > 65_535)
    throw new Error(`expected host:port, got ${JSON.stringify(address)}`);
  return { host: match[1].replace(/^\[(.*)\]$/, '$1'), port };
}

/**
 * The real `@google-cloud/tasks` v2 client. With an endpoint it speaks plaintext gRPC and sends no credentials:
 * google-gax uses `sslCreds` as the channel credentials as they are (no Google auth is attached), and the
 * explicit universe domain keeps it from looking up Application Default Credentials just to learn that.
 */
export function createCloudTasksClient(options: CloudTasksClientOptions = {}): CloudTasksClient {
  const projectId = options.projectId ? { projectId: options.projectId } : {};
  if (!options.endpoint) return new CloudTasksClient({ ...projectId });
  return new CloudTasksClient({
    ...projectId,
    apiEndpoint: options.endpoint.host,
    port: options.endpoint.port,
    sslCreds: grpc.credentials.createInsecure(),
    universeDomain: 'googleapis.com',
  });
}
