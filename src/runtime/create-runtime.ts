import { resolve } from 'node:path';
import type { KnownSecrets } from '../security/redaction';
import { Firestore } from '@google-cloud/firestore';
import type { Logger } from 'pino';
import { authenticateApiKey } from '../app/api-keys/authenticate-api-key';
import { ExecutionsInFlight } from '../app/runs/executions-in-flight';
import { serviceEventRegistry } from '../app/event-registry';
import type { ServiceContext } from '../app/service-context';
import type { Config } from '../config/config';
import { createEventStore } from '../eventstore';
import type { AuthDependencies } from '../http/middleware/auth';
import { createRateLimits } from '../http/middleware/rate-limits';
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
import { loadLocalDependencies } from './load-local';
import { LOCAL_SECRETS_FILE, loadOrCreateLocalSecrets } from './local-secrets';
import { LOCAL_STACK_FILE, runningLocalStack } from './local-stack-file';
import { LOCAL_WAREHOUSE_FILES, tightenDataDir } from './tighten-data-dir';

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
  /** The runs this process executes (shutdown detaches those that outlive its budget). */
  readonly executions: ExecutionsInFlight;
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
  /** Filled with the configured secrets as soon as they are known, so the logger masks them by value. */
  readonly knownSecrets?: KnownSecrets;
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
    options.knownSecrets?.add(config.adminKey, config.apiKeyPepper, config.localKek, config.serviceToken);
    if (secrets) options.knownSecrets?.add(...Object.values(secrets.secrets));

    const serviceToken = config.serviceToken ?? secrets?.secrets.serviceToken;
    const serviceUrl = config.serviceUrl ?? `http://127.0.0.1:${config.port}`;
    const localDependencies = local
      ? await loadLocalDependencies().startLocalDependencies({
          config,
          logger,
          serviceUrl,
          serviceToken: requireSecret(serviceToken, 'CONVERGENCE_SERVICE_TOKEN'),
          attached,
          localEventarc: options.localEventarc ?? false,
          localWarehousePath: options.localWarehousePath,
          stops,
        })
      : undefined;
    const firestoreEmulatorHost = localDependencies?.firestoreEmulatorHost ?? config.firestoreEmulatorHost;
    if (firestoreEmulatorHost) process.env.FIRESTORE_EMULATOR_HOST = firestoreEmulatorHost;
    const db = new Firestore({ projectId: config.projectId });
    stops.push(() => db.terminate());

    const bigqueryUrl = localDependencies?.bigqueryUrl;
    const warehouse = new BigQueryWarehouse({
      client: localDependencies?.bigqueryClient ?? { projectId: config.projectId },
      projectId: config.projectId,
      location: config.bigqueryLocation,
    });

    const tasksAddress = localDependencies?.cloudTasksAddress ?? config.tasksEmulatorHost;
    const dispatcher = createCloudTasksDispatcher({
      client: createCloudTasksClient({
        ...(tasksAddress ? { endpoint: parseEndpoint(tasksAddress) } : {}),
        projectId: config.projectId,
      }),
      config: {
        projectId: config.projectId,
        location: config.tasksLocation,
        queue: config.tasksQueue,
        serviceUrl,
        auth: config.tasksServiceAccount
          ? {
              mode: 'oidc',
              serviceAccountEmail: config.tasksServiceAccount,
              audience: config.oidcAudience ?? config.serviceUrl ?? '',
            }
          : { mode: 'shared-secret', token: requireSecret(serviceToken, 'CONVERGENCE_SERVICE_TOKEN') },
        dispatchDeadlineSeconds: DEFAULT_DISPATCH_DEADLINE_SECONDS,
        requestTimeoutMs: DEFAULT_REQUEST_TIMEOUT_MS,
        queueSettings: DEFAULT_QUEUE_SETTINGS,
      },
    });
    stops.push(() => dispatcher.close());
    const queue = await dispatcher.ensureQueue();
    if (queue.mismatches.length > 0)
      logger.warn(
        { queue: queue.queueName, differs: queue.mismatches },
        'the run queue exists with other settings; they were left as they are',
      );

    const kmsEndpoint = config.kmsEmulatorHost ? { endpoint: parseEndpoint(config.kmsEmulatorHost) } : {};
    const kek = config.kmsKeyName
      ? createCloudKmsKeyEncryptionKey({ keyName: config.kmsKeyName, ...kmsEndpoint })
      : createLocalKeyEncryptionKey(config.localKek ?? requireSecret(secrets?.secrets.kek, 'CONVERGENCE_KEK'));
    const pepper = config.apiKeyPepper ?? requireSecret(secrets?.secrets.apiKeyPepper, 'CONVERGENCE_API_KEY_PEPPER');
    const adminKey = config.adminKey ?? requireSecret(secrets?.secrets.adminKey, 'CONVERGENCE_ADMIN_KEY');
    const store = createEventStore({
      db,
      registry: serviceEventRegistry(),
      partitions: config.partitions,
      settleMs: config.settleMs,
    });
    const projectionServices = createProjectionServices({
      db,
      store,
      warehouse,
      definitions: projections,
      owner: `projector-${process.pid}`,
      logger,
      settleMs: config.settleMs,
    });
    stops.push(() => projectionServices.live.stop());
    stops.push(() => projectionServices.replays.stop());
    const executions = new ExecutionsInFlight();
    const ctx: ServiceContext = {
      store,
      db,
      warehouse,
      projectId: config.projectId,
      catalog: createPipelineCatalog({
        root: resolve(config.configsDir),
        env: { registry: defaultStepRegistry, tables: defaultTableCatalog },
      }),
      pipelines: {
        registry: defaultStepRegistry,
        tables: defaultTableCatalog,
        clock: systemClock,
        webhook: { allowedHosts: config.webhookAllowedHosts },
      },
      keyring: createFirestoreKeyring({ db, kek }),
      pepper,
      now: () => new Date(),
      execution: {
        dispatcher,
        workerId: `worker-${process.pid}`,
        leaseMs: 60_000,
        heartbeatMs: 15_000,
        deferBaseMs: 30_000,
        inFlight: executions,
      },
      projections: projectionServices,
    };
    const service = config.oidcAudience
      ? createGoogleOidcAuthenticator({
          audiences: [config.oidcAudience],
          allowedServiceAccounts: config.oidcServiceAccounts,
          certsUrl: config.oidcCertsUrl,
        })
      : createSharedSecretAuthenticator(requireSecret(serviceToken, 'CONVERGENCE_SERVICE_TOKEN'));
    return {
      ctx,
      auth: {
        adminKey,
        service,
        authenticateApiKey: (presented) => authenticateApiKey(ctx, presented),
        limits: createRateLimits(config.rateLimits, ctx.now),
      },
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
      executions,
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
