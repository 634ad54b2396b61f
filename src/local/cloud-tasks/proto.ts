import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The CloudTasks v2 service definition, from the protos @google-cloud/tasks ships (build/protos) plus the
 * google/api, google/iam, google/rpc imports google-gax ships (build/protos); google/protobuf/* come with
 * protobufjs. google-gax is resolved from @google-cloud/tasks, whose dependency it is.
 */
function includeDirs(): string[] {
  const tasksEntry = require.resolve('@google-cloud/tasks');
  // build/cjs/src/index.cjs → build/protos
  const tasksProtos = join(dirname(tasksEntry), '..', '..', 'protos');
  const gaxEntry = createRequire(tasksEntry).resolve('google-gax');
  // build/src/index.js → build/protos
  const gaxProtos = join(dirname(gaxEntry), '..', 'protos');
  return [tasksProtos, gaxProtos];
}

let cached: grpc.ServiceDefinition | undefined;

/** Loaded once per process; the same options google-gax's own loader uses, but without default values. */
export function cloudTasksServiceDefinition(): grpc.ServiceDefinition {
  if (cached) return cached;
  const definition = protoLoader.loadSync('google/cloud/tasks/v2/cloudtasks.proto', {
    includeDirs: includeDirs(),
    keepCase: false,
    longs: String,
    enums: String,
    defaults: false,
    oneofs: true,
  });
  const loaded = grpc.loadPackageDefinition(definition) as unknown as { google: { cloud: { tasks: { v2: { CloudTasks: grpc.ServiceClientConstructor } } } } };
  cached = loaded.google.cloud.tasks.v2.CloudTasks.service;
  return cached;
}
