import type * as grpc from '@grpc/grpc-js';
import { loadGoogleServiceDefinition } from '../grpc/google-service-definition';

let cached: grpc.ServiceDefinition | undefined;

/** CloudTasks v2, from the protos @google-cloud/tasks ships (build/cjs/src/index.cjs → build/protos); once. */
export function cloudTasksServiceDefinition(): grpc.ServiceDefinition {
  cached ??= loadGoogleServiceDefinition({
    clientPackage: '@google-cloud/tasks',
    protosFromEntry: '../../protos',
    protoFile: 'google/cloud/tasks/v2/cloudtasks.proto',
    service: 'google.cloud.tasks.v2.CloudTasks',
  });
  return cached;
}
