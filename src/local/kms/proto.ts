import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The KeyManagementService v1 definition from the protos @google-cloud/kms ships (build/protos), plus the
 * google/api, google/longrunning, google/rpc imports google-gax ships; google/protobuf/* come with protobufjs.
 */
function includeDirs(): string[] {
  const kmsEntry = require.resolve('@google-cloud/kms');
  // build/src/index.js → build/protos
  const kmsProtos = join(dirname(kmsEntry), '..', 'protos');
  const gaxEntry = createRequire(kmsEntry).resolve('google-gax');
  const gaxProtos = join(dirname(gaxEntry), '..', 'protos');
  return [kmsProtos, gaxProtos];
}

type KmsPackage = { google: { cloud: { kms: { v1: { KeyManagementService: grpc.ServiceClientConstructor } } } } };

let cached: grpc.ServiceDefinition | undefined;

/** Loaded once per process; the options google-gax's loader uses, but without default values. */
export function kmsServiceDefinition(): grpc.ServiceDefinition {
  if (cached) return cached;
  const definition = protoLoader.loadSync('google/cloud/kms/v1/service.proto', {
    includeDirs: includeDirs(),
    keepCase: false,
    longs: String,
    enums: String,
    defaults: false,
    oneofs: true,
  });
  const loaded = grpc.loadPackageDefinition(definition) as unknown as KmsPackage;
  cached = loaded.google.cloud.kms.v1.KeyManagementService.service;
  return cached;
}
