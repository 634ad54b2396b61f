import { clearTestDatabase } from './firestore';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Writable } from 'node:stream';
import path from 'node:path';
import type { Express } from 'express';
import { authenticateApiKey } from '../../src/app/api-keys/authenticate-api-key';
import { serviceEventRegistry } from '../../src/app/event-registry';
import type { ServiceContext } from '../../src/app/service-context';
import { createEventStore } from '../../src/eventstore';
import { createApp } from '../../src/http/app';
import { createLogger } from '../../src/http/logger';
import type { AuthDependencies } from '../../src/http/middleware/auth';
import { createRateLimits, type RateLimitSettings } from '../../src/http/middleware/rate-limits';
import { localBigQueryClientOptions } from '../../src/local/bigquery/client-options';
import { startLocalBigQuery } from '../../src/local/bigquery/start-local-bigquery';
import {
  createPipelineCatalog,
  defaultStepKinds,
  defaultTableCatalog,
  stepRegistry,
  systemClock,
  type StepKind,
} from '../../src/pipelines';
import { createProjectionServices } from '../../src/projections/create-projection-services';
import { projections } from '../../src/projections/tables';
import {
  KnownSecrets,
  createFirestoreKeyring,
  createLocalKeyEncryptionKey,
  createSharedSecretAuthenticator,
} from '../../src/security';
import { generateLocalSecrets, type LocalSecrets } from '../../src/runtime/local-secrets';
import { BigQueryWarehouse } from '../../src/warehouse/bigquery';
import { testFirestore, testProjectId } from './firestore';
import { RecordingDispatcher } from './recording-dispatcher';

export interface TestService {
  readonly ctx: ServiceContext;
  readonly auth: AuthDependencies;
  readonly app: Express;
  readonly secrets: LocalSecrets;
  /** The run tasks handed to the dispatcher port, in order. */
  readonly dispatcher: RecordingDispatcher;
  /** Where the service's pipelines, its local BigQuery endpoint and its Firestore project are (for worker processes). */
  readonly configsDir: string;
  readonly bigqueryUrl: string;
  readonly projectId: string;
  /** Every log line the app wrote, as JSON text (for secret scans). */
  readonly logLines: string[];
  /** How many presented API keys were looked up (each lookup reads Firestore). */
  apiKeyLookups(): number;
  /** Moves the service clock (the executor's timeouts still use real time). */
  setNow(now: Date | undefined): void;
  stop(): Promise<void>;
}

export interface TestServiceOptions {
  /** Pipelines added to a copy of configs/ (path under configs → YAML text). */
  readonly extraPipelines?: Readonly<Record<string, string>>;
  /** Step kinds added to the production ones (test-only kinds such as a step that waits for the test). */
  readonly extraStepKinds?: readonly StepKind[];
  readonly bodyLimitBytes?: number;
  /** Request limits on the service clock (none when absent, so other tests are not limited). */
  readonly rateLimits?: RateLimitSettings;
  /** Proxies trusted for `req.ip` (so a test can speak from several addresses through X-Forwarded-For). */
  readonly trustProxyHops?: number;
}

/**
 * The real service wired as the runtime wires it — the Firestore emulator (this worker's project), the
 * production BigQuery adapter on the local endpoint (in-memory DuckDB), the Firestore keyring with a local
 * KEK — and the express app on top. No mocks.
 */
export async function startTestService(options: TestServiceOptions = {}): Promise<TestService> {
  const secrets = generateLocalSecrets();
  const db = testFirestore();
  const endpoint = await startLocalBigQuery({ projectId: testProjectId() });
  const warehouse = new BigQueryWarehouse({
    client: localBigQueryClientOptions(endpoint.url, endpoint.projectId),
    projectId: endpoint.projectId,
    location: 'US',
  });
  const dispatcher = new RecordingDispatcher();
  const registry = stepRegistry([...defaultStepKinds, ...(options.extraStepKinds ?? [])]);
  const configsDir = configsRoot(options.extraPipelines);
  let fixedNow: Date | undefined;
  const now = () => fixedNow ?? new Date();
  const store = createEventStore({ db, registry: serviceEventRegistry(), partitions: 4, settleMs: 0, now });
  const ctx: ServiceContext = {
    store,
    db,
    warehouse,
    projectId: endpoint.projectId,
    catalog: createPipelineCatalog({ root: configsDir, env: { registry, tables: defaultTableCatalog } }),
    pipelines: { registry, tables: defaultTableCatalog, clock: systemClock },
    keyring: createFirestoreKeyring({ db, kek: createLocalKeyEncryptionKey(secrets.kek), now }),
    pepper: secrets.apiKeyPepper,
    now,
    execution: { dispatcher, workerId: 'test-worker', leaseMs: 60_000, heartbeatMs: 5_000, deferBaseMs: 1_000 },
    // The projector reads on real time (its own store): the service clock may be moved by a test, and a
    // watermark in the past would hide every event.
    projections: createProjectionServices({
      db,
      store: createEventStore({ db, registry: serviceEventRegistry(), partitions: 4, settleMs: 0 }),
      warehouse,
      definitions: projections,
      owner: 'test-projector',
    }),
  };
  let lookups = 0;
  const auth: AuthDependencies = {
    adminKey: secrets.adminKey,
    service: createSharedSecretAuthenticator(secrets.serviceToken),
    authenticateApiKey: (presented) => {
      lookups += 1;
      return authenticateApiKey(ctx, presented);
    },
    ...(options.rateLimits ? { limits: createRateLimits(options.rateLimits, now) } : {}),
  };
  const logLines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      callback();
    },
  });
  const knownSecrets = new KnownSecrets().add(...Object.values(secrets));
  const app = createApp({
    // As the composition root does: the configured secrets are masked by value in every log line.
    logger: createLogger('debug', sink, { knownSecrets }),
    knownSecrets,
    version: 'test',
    readiness: {
      firestore: () => db.collection('system').limit(1).get(),
      warehouse: () => warehouse.runQuery('SELECT 1 AS ok'),
    },
    api: { ctx, auth, doorbell: ctx.projections.live },
    ...(options.bodyLimitBytes ? { bodyLimitBytes: options.bodyLimitBytes } : {}),
    ...(options.trustProxyHops !== undefined ? { trustProxyHops: options.trustProxyHops } : {}),
  });
  return {
    ctx,
    auth,
    app,
    secrets,
    dispatcher,
    configsDir,
    bigqueryUrl: endpoint.url,
    projectId: testProjectId(),
    logLines,
    apiKeyLookups: () => lookups,
    setNow: (value) => {
      fixedNow = value;
    },
    stop: async () => {
      await ctx.projections.live.stop();
      await ctx.projections.replays.stop();
      await endpoint.stop();
      await db.terminate();
    },
  };
}

/** The shipped configs, or a temporary copy of them with the test's extra pipelines. */
function configsRoot(extra: Readonly<Record<string, string>> | undefined): string {
  const shipped = path.resolve(__dirname, '../../configs');
  if (!extra) return shipped;
  const root = mkdtempSync(path.join(tmpdir(), 'convergence-configs-'));
  cpSync(shipped, root, { recursive: true });
  for (const [file, text] of Object.entries(extra)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  return root;
}

/**
 * Gives the calling describe a system of its own: its beforeAll clears this worker's Firestore project, starts a
 * new service (with its own in-memory warehouse), hands it to `use` and runs `given` to bring it to the state the
 * describe names; its afterAll stops it. Scenarios then pass alone and in any order.
 */
export function onASystemOfItsOwn(use: (service: TestService) => void, given: () => Promise<void> = async () => {}) {
  let service: TestService | undefined;
  beforeAll(async () => {
    await clearTestDatabase();
    service = await startTestService();
    use(service);
    await given();
  });
  afterAll(async () => {
    await service?.stop();
  });
}
