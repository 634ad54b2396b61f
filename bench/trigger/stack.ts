import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { Firestore } from '@google-cloud/firestore';
import { authenticateApiKey } from '../../src/app/api-keys/authenticate-api-key';
import { serviceEventRegistry } from '../../src/app/event-registry';
import { createProjectionServices } from '../../src/projections/create-projection-services';
import { projections } from '../../src/projections/tables';
import type { ServiceContext } from '../../src/app/service-context';
import {
  createCloudTasksClient,
  createCloudTasksDispatcher,
  DEFAULT_DISPATCH_DEADLINE_SECONDS,
  DEFAULT_QUEUE_SETTINGS,
  DEFAULT_REQUEST_TIMEOUT_MS,
  parseEndpoint,
  type QueueSettings,
} from '../../src/dispatch';
import { createEventStore } from '../../src/eventstore';
import { createApp } from '../../src/http/app';
import { createLogger } from '../../src/http/logger';
import { localBigQueryClientOptions } from '../../src/local/bigquery/client-options';
import { startLocalBigQuery } from '../../src/local/bigquery/start-local-bigquery';
import { startLocalCloudTasks, type RunningLocalCloudTasks } from '../../src/local/cloud-tasks';
import { startFirestoreEmulator } from '../../src/local/firestore/start-firestore-emulator';
import {
  createPipelineCatalog,
  defaultStepKinds,
  defaultTableCatalog,
  stepRegistry,
  systemClock,
} from '../../src/pipelines';
import { generateLocalSecrets } from '../../src/runtime/local-secrets';
import {
  createFirestoreKeyring,
  createLocalKeyEncryptionKey,
  createSharedSecretAuthenticator,
} from '../../src/security';
import { BigQueryWarehouse } from '../../src/warehouse/bigquery';
import { benchConfigs, noopKind } from './noop-pipelines';

/**
 * The queue as the service configures it (DEFAULT_QUEUE_SETTINGS: 10 dispatches/s), so executions start at the
 * rate a deployment would let them, and the 2,000 runs take ~200 s to start by design. BENCH_QUEUE_RATE raises
 * it (e.g. 500, near Cloud Tasks' ceiling, with 100 concurrent) to load the machine with executions while the
 * trigger is still dispatching: on this 2-core machine they then compete with it for CPU and the emulator.
 */
const benchRate = Number(process.env.BENCH_QUEUE_RATE ?? DEFAULT_QUEUE_SETTINGS.rateLimits.maxDispatchesPerSecond);
export const BENCH_QUEUE_SETTINGS: QueueSettings = {
  retry: DEFAULT_QUEUE_SETTINGS.retry,
  rateLimits: {
    maxDispatchesPerSecond: benchRate,
    maxConcurrentDispatches: DEFAULT_QUEUE_SETTINGS.rateLimits.maxConcurrentDispatches,
  },
};

export interface BenchStack {
  readonly ctx: ServiceContext;
  readonly db: Firestore;
  readonly tasks: RunningLocalCloudTasks;
  readonly serviceUrl: string;
  stop(): Promise<void>;
}

/**
 * The local stack wired as src/runtime/create-runtime.ts wires it — Firestore emulator (fresh project), the
 * production BigQuery adapter on the in-memory local endpoint, the local Cloud Tasks server behind the real
 * Cloud Tasks adapter — plus the HTTP app on a free port as the tasks' target. Only the configs differ: a temp
 * copy with the bench's no-op pipelines, and the no-op step kind registered.
 */
export async function startBenchStack(): Promise<BenchStack> {
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stops.splice(0).reverse())
      await s().catch((error: unknown) =>
        console.error('stop failed:', error instanceof Error ? error.message : error),
      );
  };
  try {
    process.env.METADATA_SERVER_DETECTION = 'none';
    const emulator = await startFirestoreEmulator({ port: 0 });
    stops.push(() => emulator.stop());
    process.env.FIRESTORE_EMULATOR_HOST = emulator.host;
    const projectId = `convergence-bench-trigger-${process.pid}`;
    const db = new Firestore({ projectId });
    stops.push(() => db.terminate());

    const endpoint = await startLocalBigQuery({ projectId });
    stops.push(() => endpoint.stop());
    const warehouse = new BigQueryWarehouse({
      client: localBigQueryClientOptions(endpoint.url, projectId),
      projectId,
      location: 'US',
    });

    const configs = benchConfigs();
    stops.push(async () => configs.remove());
    const registry = stepRegistry([...defaultStepKinds, noopKind]);
    const secrets = generateLocalSecrets();

    const tasks = await startLocalCloudTasks({ port: 0 });
    stops.push(() => tasks.stop());
    // The HTTP server listens first (the dispatcher needs its URL); the app is attached once the context exists.
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    stops.push(() => closeServer(server));
    const serviceUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const dispatcher = createCloudTasksDispatcher({
      client: createCloudTasksClient({ endpoint: parseEndpoint(tasks.address), projectId }),
      config: {
        projectId,
        location: 'us-central1',
        queue: 'bench-runs',
        serviceUrl,
        auth: { mode: 'shared-secret', token: secrets.serviceToken },
        dispatchDeadlineSeconds: DEFAULT_DISPATCH_DEADLINE_SECONDS,
        requestTimeoutMs: DEFAULT_REQUEST_TIMEOUT_MS,
        queueSettings: BENCH_QUEUE_SETTINGS,
      },
    });
    stops.push(() => dispatcher.close());
    await dispatcher.ensureQueue();

    const store = createEventStore({ db, registry: serviceEventRegistry() });
    const ctx: ServiceContext = {
      store,
      db,
      warehouse,
      projectId,
      catalog: createPipelineCatalog({ root: configs.root, env: { registry, tables: defaultTableCatalog } }),
      pipelines: { registry, tables: defaultTableCatalog, clock: systemClock },
      keyring: createFirestoreKeyring({ db, kek: createLocalKeyEncryptionKey(secrets.kek) }),
      pepper: secrets.apiKeyPepper,
      now: () => new Date(),
      execution: {
        dispatcher,
        workerId: `bench-worker-${process.pid}`,
        leaseMs: 60_000,
        heartbeatMs: 15_000,
        deferBaseMs: 30_000,
      },
      // Wired but never rung: this benchmark measures the trigger and execution, not the projections.
      projections: createProjectionServices({ db, store, warehouse, definitions: projections, owner: 'bench' }),
    };
    const app = createApp({
      // Warnings and errors only, to stderr: the last stdout line stays the JSON result.
      logger: createLogger('warn', process.stderr),
      version: 'bench',
      readiness: {},
      api: {
        ctx,
        auth: {
          adminKey: secrets.adminKey,
          service: createSharedSecretAuthenticator(secrets.serviceToken),
          authenticateApiKey: (presented) => authenticateApiKey(ctx, presented),
        },
      },
    });
    server.on('request', app);
    return { ctx, db, tasks, serviceUrl, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
