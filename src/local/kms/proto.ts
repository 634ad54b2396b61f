import type * as grpc from '@grpc/grpc-js';
import { loadGoogleServiceDefinition } from '../grpc/google-service-definition';

let cached: grpc.ServiceDefinition | undefined;

/** KeyManagementService v1, from the protos @google-cloud/kms ships (build/src/index.js → build/protos); once. */
export function kmsServiceDefinition(): grpc.ServiceDefinition {
  cached ??= loadGoogleServiceDefinition({
    clientPackage: '@google-cloud/kms',
    protosFromEntry: '../protos',
    protoFile: 'google/cloud/kms/v1/service.proto',
    service: 'google.cloud.kms.v1.KeyManagementService',
  });
  return cached;
}
