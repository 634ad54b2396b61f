import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DEFAULT_DISPATCH_DEADLINE_SECONDS,
  DEFAULT_QUEUE_SETTINGS,
  EXECUTE_RUN_PATH,
} from '../../src/dispatch/dispatch-config';
import { SCHEDULER_JOBS } from '../../src/domain/system/scheduler-jobs';
import { EVENT_DOCUMENT_PATTERN } from '../../src/eventstore/layout';
import { EVENTARC_ROUTE } from '../../src/http/routes/eventarc-routes';
import { CENTRAL_DATASET } from '../../src/warehouse/tables';
import { loadTerraform, nested, seconds, theResource, TERRAFORM_DIR, type Terraform } from './terraform-config';

type Block = Record<string, unknown>;
let tf: Terraform;
beforeAll(async () => {
  tf = await loadTerraform();
});

const list = (value: unknown): Block[] => (Array.isArray(value) ? (value as Block[]) : []);
const container = () => nested(theResource(tf, 'google_cloud_run_v2_service', 'convergence'), 'template', 'containers');
const envOf = (name: string) => list(container().env).find((e) => e.name === name);

describe('the Cloud Run service', () => {
  it('lets a run outlast the Cloud Tasks dispatch deadline', () => {
    const template = nested(theResource(tf, 'google_cloud_run_v2_service', 'convergence'), 'template');
    expect(tf.locals.dispatch_deadline_seconds).toBe(DEFAULT_DISPATCH_DEADLINE_SECONDS);
    expect(template.timeout).toBe('${local.request_timeout_seconds}s');
    expect(Number(tf.locals.request_timeout_seconds)).toBeGreaterThanOrEqual(DEFAULT_DISPATCH_DEADLINE_SECONDS);
    expect(Number(tf.locals.request_timeout_seconds)).toBeLessThanOrEqual(3600);
  });

  it('keeps CPU allocated and at least one instance for the background catch-up', () => {
    expect(nested(container(), 'resources').cpu_idle).toBe(false);
    const scaling = nested(theResource(tf, 'google_cloud_run_v2_service', 'convergence'), 'template', 'scaling');
    expect(scaling.min_instance_count).toBe('${var.min_instances}');
    expect(Number(tf.variables.min_instances?.default)).toBeGreaterThanOrEqual(1);
    expect(
      nested(theResource(tf, 'google_cloud_run_v2_service', 'convergence'), 'template')
        .max_instance_request_concurrency,
    ).toBe('${var.concurrency}');
  });

  it('probes readiness at start and liveness after', () => {
    expect(nested(container(), 'startup_probe', 'http_get').path).toBe('/health/ready');
    expect(nested(container(), 'liveness_probe', 'http_get').path).toBe('/health/live');
  });

  it('runs in production mode on BigQuery under its own service account', () => {
    expect(envOf('CONVERGENCE_MODE')?.value).toBe('production');
    expect(envOf('CONVERGENCE_WAREHOUSE')?.value).toBe('bigquery');
    expect(nested(theResource(tf, 'google_cloud_run_v2_service', 'convergence'), 'template').service_account).toBe(
      '${google_service_account.service.email}',
    );
  });

  it('takes the admin key and the pepper from Secret Manager, never as plain values', () => {
    for (const [name, secret] of [
      ['CONVERGENCE_ADMIN_KEY', 'admin_key'],
      ['CONVERGENCE_API_KEY_PEPPER', 'api_key_pepper'],
    ]) {
      const env = envOf(name as string);
      expect(env?.value).toBeUndefined();
      expect(nested(env ?? {}, 'value_source', 'secret_key_ref').secret).toBe(
        `\${google_secret_manager_secret.${secret}.secret_id}`,
      );
    }
  });

  it('sets only variables the service documents', () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    const names = list(container().env).map((e) => String(e.name));
    expect(names.length).toBeGreaterThan(10);
    expect(names.filter((name) => !readme.includes(`\`${name}\``))).toEqual([]);
  });
});

describe('the Cloud Scheduler jobs', () => {
  it('are the jobs the local clock fires, with the same paths and crons', () => {
    const declared = tf.locals.scheduler_jobs as Record<string, { path: string; cron: string }>;
    expect(
      Object.entries(declared)
        .map(([name, job]) => ({ name, cron: job.cron, path: job.path }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    ).toEqual(SCHEDULER_JOBS.map((job) => ({ ...job })).sort((a, b) => a.name.localeCompare(b.name)));
  });

  it('call the service with an OIDC token for its audience, a deadline and retries', () => {
    const job = theResource(tf, 'google_cloud_scheduler_job', 'jobs');
    expect(job.for_each).toBe('${local.scheduler_jobs}');
    const target = nested(job, 'http_target');
    expect(target.http_method).toBe('POST');
    expect(target.uri).toBe('${local.service_url}${each.value.path}');
    expect(nested(target, 'oidc_token')).toEqual({
      service_account_email: '${google_service_account.scheduler.email}',
      audience: '${local.service_url}',
    });
    expect(job.time_zone).toBe('Etc/UTC');
    for (const deadline of Object.values(tf.locals.scheduler_jobs as Record<string, { attempt_deadline: string }>)) {
      expect(seconds(deadline.attempt_deadline)).toBeGreaterThanOrEqual(15);
      expect(seconds(deadline.attempt_deadline)).toBeLessThanOrEqual(1800);
    }
    expect(Number(nested(job, 'retry_config').retry_count)).toBeGreaterThan(0);
  });
});

describe('the Cloud Tasks queue', () => {
  it('has the retry and rate settings the dispatch code assumes', () => {
    const queue = theResource(tf, 'google_cloud_tasks_queue', 'runs');
    const retry = nested(queue, 'retry_config');
    const rates = nested(queue, 'rate_limits');
    expect({
      retry: {
        maxAttempts: retry.max_attempts,
        minBackoffSeconds: seconds(retry.min_backoff),
        maxBackoffSeconds: seconds(retry.max_backoff),
        maxDoublings: retry.max_doublings,
        maxRetryDurationSeconds: seconds(retry.max_retry_duration),
      },
      rateLimits: {
        maxDispatchesPerSecond: rates.max_dispatches_per_second,
        maxConcurrentDispatches: rates.max_concurrent_dispatches,
      },
    }).toEqual(DEFAULT_QUEUE_SETTINGS);
  });

  it('is the queue the service is told to use, and tasks call back the service URL', () => {
    expect(envOf('CLOUD_TASKS_QUEUE')?.value).toBe('${google_cloud_tasks_queue.runs.name}');
    expect(envOf('CONVERGENCE_SERVICE_URL')?.value).toBe('${local.service_url}');
    expect(envOf('CONVERGENCE_TASKS_SERVICE_ACCOUNT')?.value).toBe('${google_service_account.tasks.email}');
    expect(EXECUTE_RUN_PATH).toBe('/tasks/runs/execute');
  });
});

describe('the Eventarc trigger', () => {
  it('delivers created event documents to the doorbell route', () => {
    const trigger = theResource(tf, 'google_eventarc_trigger', 'event_store');
    const criteria = list(trigger.matching_criteria);
    expect(criteria).toContainEqual({ attribute: 'type', value: 'google.cloud.firestore.document.v1.created' });
    expect(criteria).toContainEqual({
      attribute: 'document',
      value: EVENT_DOCUMENT_PATTERN,
      operator: 'match-path-pattern',
    });
    expect(nested(trigger, 'destination', 'cloud_run_service').path).toBe(EVENTARC_ROUTE);
    expect(trigger.service_account).toBe('${google_service_account.eventarc.email}');
  });

  it('sends deliveries that keep failing to a dead-letter topic the Pub/Sub agent may publish to', () => {
    const policy = theResource(tf, 'terraform_data', 'eventarc_dead_letter_policy');
    const command = String(nested(policy, 'provisioner', 'local-exec').command);
    expect(command).toContain('gcloud pubsub subscriptions update ${local.eventarc_subscription}');
    expect(command).toContain('--dead-letter-topic=${google_pubsub_topic.eventarc_dead_letters.id}');
    expect(String(tf.locals.eventarc_subscription)).toBe(
      '${google_eventarc_trigger.event_store.transport[0].pubsub[0].subscription}',
    );
    const publisher = theResource(tf, 'google_pubsub_topic_iam_member', 'dead_letters_publisher');
    expect(publisher).toMatchObject({ role: 'roles/pubsub.publisher', member: '${local.pubsub_service_agent}' });
    const forwarder = theResource(tf, 'google_pubsub_subscription_iam_member', 'dead_letters_forwarder');
    expect(forwarder).toMatchObject({
      role: 'roles/pubsub.subscriber',
      subscription: '${local.eventarc_subscription}',
    });
  });
});

describe('Firestore, BigQuery, KMS and secrets', () => {
  it('creates every composite index from firestore.indexes.json, each under a distinct key', () => {
    expect(String(tf.locals.firestore_indexes)).toContain('firestore.indexes.json');
    expect(String(theResource(tf, 'google_firestore_index', 'indexes').for_each)).toContain(
      'f.fieldPath}:${lookup(f, "order"',
    );
    const index = theResource(tf, 'google_firestore_index', 'indexes');
    expect(index.collection).toBe('${each.value.collectionGroup}');
    expect(index.query_scope).toBe('${each.value.queryScope}');
    // Terraform's for_each key, evaluated here as Terraform would: a repeated key would fail the apply.
    const file = JSON.parse(readFileSync(join(TERRAFORM_DIR, '..', '..', 'firestore.indexes.json'), 'utf8')) as {
      indexes: {
        collectionGroup: string;
        queryScope: string;
        fields: { fieldPath: string; order?: string; arrayConfig?: string }[];
      }[];
    };
    const keys = file.indexes.map((i) =>
      [
        i.collectionGroup,
        i.queryScope,
        ...i.fields.map((f) => `${f.fieldPath}:${f.order ?? f.arrayConfig ?? ''}`),
      ].join(' '),
    );
    expect(new Set(keys).size).toBe(file.indexes.length);
  });

  it('declares the central dataset the code writes to', () => {
    expect(theResource(tf, 'google_bigquery_dataset', 'central').dataset_id).toBe('${var.central_dataset}');
    expect(tf.variables.central_dataset?.default).toBe(CENTRAL_DATASET);
  });

  it('wraps tenant data keys with a Cloud KMS key the service can only encrypt and decrypt with', () => {
    expect(theResource(tf, 'google_kms_crypto_key', 'tenant_data_keys').purpose).toBe('ENCRYPT_DECRYPT');
    expect(envOf('CONVERGENCE_KMS_KEY')?.value).toBe('${google_kms_crypto_key.tenant_data_keys.id}');
    expect(theResource(tf, 'google_kms_crypto_key_iam_member', 'service_wraps_data_keys').role).toBe(
      'roles/cloudkms.cryptoKeyEncrypterDecrypter',
    );
  });
});

describe('IAM', () => {
  it('gives every project role of the service a reason and grants no basic role', () => {
    const roles = tf.locals.service_project_roles as Record<string, string>;
    expect(Object.keys(roles).length).toBeGreaterThan(3);
    for (const reason of Object.values(roles)) expect(reason.trim().length).toBeGreaterThan(5);
    const everyRole = Object.values(tf.resources)
      .flatMap((byName) => Object.values(byName))
      .map((block) => block.role)
      .filter((role): role is string => typeof role === 'string');
    expect(
      [...Object.keys(roles), ...everyRole].filter((r) => ['roles/owner', 'roles/editor', 'roles/viewer'].includes(r)),
    ).toEqual([]);
  });

  it('has one service account per caller and lists the callers as the OIDC principals', () => {
    expect(Object.keys(tf.resources.google_service_account ?? {}).sort()).toEqual([
      'eventarc',
      'scheduler',
      'service',
      'tasks',
    ]);
    expect(envOf('CONVERGENCE_OIDC_SERVICE_ACCOUNTS')?.value).toBe('${join(",", local.oidc_callers)}');
    expect(envOf('CONVERGENCE_OIDC_AUDIENCE')?.value).toBe('${local.service_url}');
  });

  it('outputs the service URL and the service accounts', () => {
    expect(Object.keys(tf.outputs)).toEqual(expect.arrayContaining(['service_url', 'service_accounts']));
  });
});
