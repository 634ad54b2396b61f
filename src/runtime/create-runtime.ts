import { join, resolve } from 'node:path';
import { Firestore } from '@google-cloud/firestore';
import type { Logger } from 'pino';
import { authenticateApiKey } from '../app/api-keys/authenticate-api-key';
import { serviceEventRegistry } from '../app/event-registry';
import type { ServiceContext } from '../app/service-context';
import type { Config } from '../config/config';
import { createEventStore } from '../eventstore';
import type { AuthDependencies } from '../http/middleware/auth';
import { localBigQueryClientOptions } from '../local/bigquery/client-options';
import { startLocalBigQuery } from '../local/bigquery/start-local-bigquery';
import { startFirestoreEmulator } from '../local/firestore/start-firestore-emulator';
import { startLocalCloudTasks } from '../local/cloud-tasks';
import { startLocalEventarc } from '../local/eventarc/start-local-eventarc';
import { createProjectionServices } from '../projections/create-projection-services';
import { projections } from '../projections/tables';
import {
  createCloudTasksClient,
  createCloudTasksDispatcher,
  DEFAULT_DISPATCH_DEADLINE_SECONDS,
  DEFAULT_QUEUE_SETTINGS,
  DEFAULT_REQUEST_TIMEOUT_MS,
  parseEndpoint,
} from '../dispatch';
import { createPipelineCatalog, defaultStepRegistry, defaultTableCatalog, systemClock } from '../pipelines';
import {
  createCloudKmsKeyEncryptionKey,
  createFirestoreKeyring,
  createGoogleOidcAuthenticator,
  createLocalKeyEncryptionKey,
  createSharedSecretAuthenticator,
} from '../security';
import { BigQueryWarehouse } from '../warehouse/bigquery';
import { LOCAL_SECRETS_FILE, loadOrCreateLocalSecrets } from './local-secrets';
import { LOCAL_STACK_FILE, runningLocalStack } from './local-stack-file';
import { tightenDataDir } from './tighten-data-dir';

/** The local warehouse's DuckDB file and its write-ahead log, in the data directory. */
const LOCAL_WAREHOUSE_FILES = ['warehouse.duckdb', 'warehouse.duckdb.wal'] as const;

export interface Runtime {
  readonly ctx: ServiceContext;
  readonly auth: AuthDependencies;
  readonly readiness: Readonly<Record<string, () => Promise<unknown>>>;
  readonly firestoreEmulatorHost: string | undefined;
  readonly bigqueryUrl: string | undefined;
  readonly cloudTasksAddress: string | undefined;
  /** The shared secret local service calls carry (the scheduler clock, `convergence tick`). */
  readonly serviceToken: string | undefined;
  /** Set when the local start generated secrets on this run: the admin key to print once. */
  readonly generatedAdminKey: string | undefined;
  stop(): Promise<void>;
}

export interface RuntimeOptions {
  /** Attach to a running `npm start` (its emulator and warehouse endpoint) when there is one: the CLI does. */
  readonly attachToRunningStack?: boolean;
  /** Overrides the warehouse file (tests use ':memory:'). */
  readonly localWarehousePath?: string;
  /**
   * Start local Eventarc with the emulator this runtime launches: the emulator's event hook delivers a
   * CloudEvent per event document to the service's `POST /eventarc/firestore` (the service does; the CLI has
   * no endpoint to deliver to).
   */
  readonly localEventarc?: boolean;
}

/**
 * The composition root shared by the HTTP service and the CLI: configuration in, adapters wired, use-case
 * context out. Locally it starts (or attaches to) the Firestore emulator and the BigQuery endpoint on DuckDB.
 */
export async function createRuntime(config: Config, logger: Logger, options: RuntimeOptions = {}): Promise<Runtime> {
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch((error: unknown) => logger.warn({ err: error }, 'stop failed'));
  };
  try {
    const local = config.mode === 'local';
    if (local) {
      const fixes = tightenDataDir(config.dataDir, [LOCAL_SECRETS_FILE, LOCAL_STACK_FILE, ...LOCAL_WAREHOUSE_FILES]);
      for (const fix of fixes) logger.warn(fix, 'the group or others could read this local file; made it owner-only');
    }
    const attached = options.attachToRunningStack && local ? runningLocalStack(config.dataDir) : undefined;
    const secrets = local ? loadOrCreateLocalSecrets(config.dataDir) : undefined;

    const serviceToken = config.serviceToken ?? secrets?.secrets.serviceToken;
    const serviceUrl = config.serviceUrl ?? `http://127.0.0.1:${config.port}`;
    let firestoreEmulatorHost = config.firestoreEmulatorHost ?? attached?.firestoreEmulatorHost;
    if (local && !firestoreEmulatorHost) {
      // The bridge listens first, so the emulator starts knowing where to send its CloudEvents.
      const eventarc = options.localEventarc
        ? await startLocalEventarc({
            projectId: config.projectId,
            serviceUrl,
            serviceToken: requireSecret(serviceToken, 'CONVERGENCE_SERVICE_TOKEN'),
            report: (delivery) => {
              if (delivery.error || (delivery.status ?? 200) >= 300) logger.warn(delivery, 'local eventarc delivery failed; the periodic catch-up covers it');
            },
          })
        : undefined;
      if (eventarc) stops.push(() => eventarc.stop());
      const emulator = await startFirestoreEmulator(eventarc ? { functionsEmulator: eventarc.address } : {});
      stops.push(() => emulator.stop());
      firestoreEmulatorHost = emulator.host;
      await eventarc?.registerTrigger(emulator.host);
    }
    if (firestoreEmulatorHost) process.env.FIRESTORE_EMULATOR_HOST = firestoreEmulatorHost;
    const db = new Firestore({ projectId: config.projectId });
    stops.push(() => db.terminate());

    let bigqueryUrl = attached?.bigqueryUrl;
    if (config.warehouse === 'local' && !bigqueryUrl) {
      const databasePath = options.localWarehousePath ?? join(config.dataDir, LOCAL_WAREHOUSE_FILES[0]);
      const endpoint = await startLocalBigQuery({ projectId: config.projectId, databasePath });
      stops.push(() => endpoint.stop());
      // DuckDB creates its file under the umask; a fresh one is made owner-only here (an existing one already was).
      if (local && !options.localWarehousePath) tightenDataDir(config.dataDir, LOCAL_WAREHOUSE_FILES);
      bigqueryUrl = endpoint.url;
    }
    const warehouse = new BigQueryWarehouse({
      client: bigqueryUrl ? localBigQueryClientOptions(bigqueryUrl, config.projectId) : { projectId: config.projectId },
      projectId: config.projectId,
      location: config.bigqueryLocation,
    });

    let tasksAddress = config.tasksEmulatorHost ?? attached?.cloudTasksAddress;
    if (local && !tasksAddress) {
      const tasks = await startLocalCloudTasks({ port: 0 });
      stops.push(() => tasks.stop());
      tasksAddress = tasks.address;
    }
    const dispatcher = createCloudTasksDispatcher({
      client: createCloudTasksClient({ ...(tasksAddress ? { endpoint: parseEndpoint(tasksAddress) } : {}), projectId: config.projectId }),
      config: {
        projectId: config.projectId,
        location: config.tasksLocation,
        queue: config.tasksQueue,
        serviceUrl,
        auth: config.tasksServiceAccount
          ? { mode: 'oidc', serviceAccountEmail: config.tasksServiceAccount, audience: config.oidcAudience ?? config.serviceUrl ?? '' }
          : { mode: 'shared-secret', token: requireSecret(serviceToken, 'CONVERGENCE_SERVICE_TOKEN') },
        dispatchDeadlineSeconds: DEFAULT_DISPATCH_DEADLINE_SECONDS,
        requestTimeoutMs: DEFAULT_REQUEST_TIMEOUT_MS,
        queueSettings: DEFAULT_QUEUE_SETTINGS,
      },
    });
    stops.push(() => dispatcher.close());
    const queue = await dispatcher.ensureQueue();
    if (queue.mismatches.length > 0) logger.warn({ queue: queue.queueName, differs: queue.mismatches }, 'the run queue exists with other settings; they were left as they are');

    const kek = config.kmsKeyName ? createCloudKmsKeyEncryptionKey({ keyName: config.kmsKeyName }) : createLocalKeyEncryptionKey(config.localKek ?? requireSecret(secrets?.secrets.kek, 'CONVERGENCE_KEK'));
    const pepper = config.apiKeyPepper ?? requireSecret(secrets?.secrets.apiKeyPepper, 'CONVERGENCE_API_KEY_PEPPER');
    const adminKey = config.adminKey ?? requireSecret(secrets?.secrets.adminKey, 'CONVERGENCE_ADMIN_KEY');
    const store = createEventStore({ db, registry: serviceEventRegistry(), partitions: config.partitions, settleMs: config.settleMs });
    const projectionServices = createProjectionServices({ db, store, warehouse, definitions: projections, owner: `projector-${process.pid}`, logger, settleMs: config.settleMs });
    stops.push(() => projectionServices.live.stop());
    stops.push(() => projectionServices.replays.stop());
    const ctx: ServiceContext = {
      store,
      db,
      warehouse,
      projectId: config.projectId,
      catalog: createPipelineCatalog({ root: resolve(config.configsDir), env: { registry: defaultStepRegistry, tables: defaultTableCatalog } }),
      pipelines: { registry: defaultStepRegistry, tables: defaultTableCatalog, clock: systemClock },
      keyring: createFirestoreKeyring({ db, kek }),
      pepper,
      now: () => new Date(),
      execution: {
        dispatcher,
        workerId: `worker-${process.pid}`,
        leaseMs: 60_000,
        heartbeatMs: 15_000,
        deferBaseMs: 30_000,
      },
      projections: projectionServices,
    };
    const service = config.oidcAudience
      ? createGoogleOidcAuthenticator({ audiences: [config.oidcAudience], allowedServiceAccounts: config.oidcServiceAccounts })
      : createSharedSecretAuthenticator(requireSecret(serviceToken, 'CONVERGENCE_SERVICE_TOKEN'));
    return {
      ctx,
      auth: { adminKey, service, authenticateApiKey: (presented) => authenticateApiKey(ctx, presented) },
      readiness: {
        firestore: () => db.collection('system').limit(1).get(),
        warehouse: () => warehouse.runQuery('SELECT 1 AS ok', { timeoutMs: 2_000 }),
        projections: () => projectionServices.live.health(),
      },
      firestoreEmulatorHost,
      bigqueryUrl,
      cloudTasksAddress: tasksAddress,
      serviceToken,
      generatedAdminKey: secrets?.created && !config.adminKey ? adminKey : undefined,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

function requireSecret(value: string | undefined, name: string): string {
  if (!value) throw new Error(`${name} is required`);
  return value;
}
