import { randomBytes } from 'node:crypto';
import { LOCAL_BIGQUERY_TOKEN } from '../../src/local/bigquery/client-options';
import { startLocalBigQuery } from '../../src/local/bigquery/start-local-bigquery';
import { startLocalCloudTasks } from '../../src/local/cloud-tasks';
import { startLocalEventarc } from '../../src/local/eventarc/start-local-eventarc';
import { startFirestoreEmulator } from '../../src/local/firestore/start-firestore-emulator';
import { startLocalKms } from '../../src/local/kms';
import { startBigQueryMeter, type BigQueryMeter } from './bigquery-meter';
import { startFirestoreMeter, type FirestoreMeter } from './firestore-meter';
import { startMetadataServer, type MetadataServer } from './metadata-server';
import { startOidcIssuer, type OidcIssuer } from './oidc-issuer';

export const SMOKE_PROJECT = 'convergence-smoke';
const account = (name: string) => `${name}@${SMOKE_PROJECT}.iam.gserviceaccount.com`;
/** The callers Terraform creates (deploy/terraform/iam.tf): each is allowed to call the service. */
export const SERVICE_ACCOUNTS = {
  scheduler: account('convergence-scheduler'),
  tasks: account('convergence-tasks'),
  eventarc: account('convergence-eventarc'),
} as const;
const KMS_KEY = `projects/${SMOKE_PROJECT}/locations/us-central1/keyRings/convergence/cryptoKeys/tenant-data-keys`;

export interface StandIns {
  readonly issuer: OidcIssuer;
  readonly firestore: FirestoreMeter;
  readonly bigquery: BigQueryMeter;
  readonly bigqueryUrl: string;
  readonly metadata: MetadataServer;
  /** Secrets given to the service explicitly, as Secret Manager would. */
  readonly adminKey: string;
  /** Everything the service's environment needs, production mode pointed at the stand-ins. */
  readonly env: NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

/**
 * Google's side of a deployment on this machine: the Firestore emulator (through a billing meter, its created
 * documents rung to the service as Eventarc would), BigQuery on DuckDB (through a job meter), Cloud Tasks and
 * Cloud KMS stand-ins, a metadata server for Application Default Credentials and an OIDC issuer whose tokens the
 * service verifies for real. Each is reached through a documented variable (docs/deploy.md).
 */
export async function startStandIns(serviceUrl: string, port: number): Promise<StandIns> {
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => undefined);
  };
  try {
    const issuer = await startOidcIssuer();
    stops.push(() => issuer.stop());
    const eventarcToken = issuer.idToken({ email: SERVICE_ACCOUNTS.eventarc, audience: serviceUrl });
    const eventarc = await startLocalEventarc({ projectId: SMOKE_PROJECT, serviceUrl, serviceToken: eventarcToken });
    stops.push(() => eventarc.stop());
    const emulator = await startFirestoreEmulator({ functionsEmulator: eventarc.address });
    stops.push(() => emulator.stop());
    await eventarc.registerTrigger(emulator.host);
    const firestore = await startFirestoreMeter({ target: emulator.host });
    stops.push(() => firestore.stop());
    const metadata = await startMetadataServer(SMOKE_PROJECT);
    stops.push(() => metadata.stop());
    // The service's calls carry a token from the metadata server; the scenario's own reads carry the local one.
    const warehouse = await startLocalBigQuery({
      projectId: SMOKE_PROJECT,
      acceptsToken: (token) => metadata.issued(token) || token === LOCAL_BIGQUERY_TOKEN,
    });
    stops.push(() => warehouse.stop());
    const bigquery = await startBigQueryMeter(warehouse.url);
    stops.push(() => bigquery.stop());
    const tasks = await startLocalCloudTasks({
      oidcToken: ({ serviceAccountEmail, audience }) => issuer.idToken({ email: serviceAccountEmail, audience }),
    });
    stops.push(() => tasks.stop());
    const kms = await startLocalKms({ keys: [KMS_KEY] });
    stops.push(() => kms.stop());

    const adminKey = randomBytes(32).toString('base64url');
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      PORT: String(port),
      LOG_LEVEL: 'info',
      CONVERGENCE_MODE: 'production',
      CONVERGENCE_ALLOW_EMULATORS_IN_PRODUCTION: 'true',
      GOOGLE_CLOUD_PROJECT: SMOKE_PROJECT,
      CONVERGENCE_WAREHOUSE: 'bigquery',
      CONVERGENCE_ADMIN_KEY: adminKey,
      CONVERGENCE_API_KEY_PEPPER: randomBytes(32).toString('base64url'),
      CONVERGENCE_KMS_KEY: KMS_KEY,
      CONVERGENCE_SERVICE_URL: serviceUrl,
      CONVERGENCE_OIDC_AUDIENCE: serviceUrl,
      CONVERGENCE_OIDC_SERVICE_ACCOUNTS: Object.values(SERVICE_ACCOUNTS).join(','),
      CONVERGENCE_TASKS_SERVICE_ACCOUNT: SERVICE_ACCOUNTS.tasks,
      // The stand-ins, each through the variable its client reads.
      FIRESTORE_EMULATOR_HOST: firestore.host,
      BIGQUERY_EMULATOR_HOST: bigquery.baseUrl,
      CLOUD_TASKS_EMULATOR_HOST: tasks.address,
      CLOUD_KMS_EMULATOR_HOST: kms.address,
      GCE_METADATA_HOST: metadata.host,
      CONVERGENCE_OIDC_CERTS_URL: issuer.certsUrl,
    };
    return { issuer, firestore, bigquery, bigqueryUrl: warehouse.url, metadata, adminKey, env, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
