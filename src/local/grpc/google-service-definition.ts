import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface GoogleServiceProtos {
  /** The client library that ships the service's protos, e.g. `@google-cloud/kms`. */
  readonly clientPackage: string;
  /** From the package's entry file to its `protos` folder (`../protos`, or `../../protos` for build/cjs). */
  readonly protosFromEntry: string;
  /** e.g. `google/cloud/kms/v1/service.proto`. */
  readonly protoFile: string;
  /** The service's fully qualified name, e.g. `google.cloud.kms.v1.KeyManagementService`. */
  readonly service: string;
}

/**
 * A Google API's gRPC service definition for a local stand-in, from the protos its client library ships plus
 * the google/api, google/iam, google/longrunning, google/rpc imports of the google-gax that library depends on
 * (google/protobuf/* come with protobufjs). The options are google-gax's own, but without default values.
 */
export function loadGoogleServiceDefinition(protos: GoogleServiceProtos): grpc.ServiceDefinition {
  const entry = require.resolve(protos.clientPackage);
  // google-gax's build/src/index.js → build/protos
  const gaxProtos = join(dirname(createRequire(entry).resolve('google-gax')), '..', 'protos');
  const definition = protoLoader.loadSync(protos.protoFile, {
    includeDirs: [join(dirname(entry), protos.protosFromEntry), gaxProtos],
    keepCase: false,
    longs: String,
    enums: String,
    defaults: false,
    oneofs: true,
  });
  let node: unknown = grpc.loadPackageDefinition(definition);
  for (const name of protos.service.split('.')) node = (node as Record<string, unknown> | undefined)?.[name];
  const service = (node as grpc.ServiceClientConstructor | undefined)?.service;
  if (!service) throw new Error(`${protos.protoFile} does not define ${protos.service}`);
  return service;
}
