/**
 * Variables that point a Google client at a local stand-in: the Firestore and BigQuery client libraries read
 * theirs from the environment themselves, the Cloud Tasks and Cloud KMS ones are ours. In production each would
 * send the service's reads, writes, data keys and credentials to whatever listens there.
 */
export const EMULATOR_VARIABLES = [
  'FIRESTORE_EMULATOR_HOST',
  'CLOUD_TASKS_EMULATOR_HOST',
  'CLOUD_KMS_EMULATOR_HOST',
  'BIGQUERY_EMULATOR_HOST',
  // Not an emulator, but the same danger: ID tokens would be checked against certificates someone else holds.
  'CONVERGENCE_OIDC_CERTS_URL',
] as const;

/**
 * The one deliberate way to run production mode against local stand-ins (a smoke test on a workstation or in CI).
 * It is itself refused on Cloud Run, where `K_SERVICE` is always set.
 */
export const ALLOW_EMULATORS_VARIABLE = 'CONVERGENCE_ALLOW_EMULATORS_IN_PRODUCTION';

const isSet = (value: string | undefined): value is string => value !== undefined && value !== '';

const REQUIRED_IN_PRODUCTION = [
  'CONVERGENCE_ADMIN_KEY',
  'CONVERGENCE_API_KEY_PEPPER',
  'CONVERGENCE_KMS_KEY',
  'CONVERGENCE_OIDC_AUDIENCE',
  'CONVERGENCE_OIDC_SERVICE_ACCOUNTS',
  'CONVERGENCE_SERVICE_URL',
  'CONVERGENCE_TASKS_SERVICE_ACCOUNT',
] as const;

/**
 * Production refuses to start half-local. It applies with `CONVERGENCE_MODE=production` and on Cloud Run
 * (`K_SERVICE`), whatever the mode says: every missing secret, local-only setting and emulator variable is named
 * in one list, and no value is ever quoted (some are secrets). It reads the raw environment, so its problems
 * join the decoding's in the same message (a badly formed value is the decoder's to report, not a missing one).
 */
export function productionProblems(env: NodeJS.ProcessEnv): string[] {
  const onCloudRun = isSet(env.K_SERVICE);
  if (env.CONVERGENCE_MODE !== 'production' && !onCloudRun) return [];
  const localOnly = (name: string, why: string) =>
    isSet(env[name]) ? [`${name}: ${why}; refused in production (unset it)`] : [];
  const allowEmulators = env[ALLOW_EMULATORS_VARIABLE] === 'true';
  const emulatorsRefused = !allowEmulators || onCloudRun;
  return [
    ...modeProblems(env, onCloudRun),
    ...REQUIRED_IN_PRODUCTION.filter((name) => !isSet(env[name])).map(
      (name) => `${name}: required when CONVERGENCE_MODE=production`,
    ),
    ...(env.CONVERGENCE_WAREHOUSE === 'bigquery'
      ? []
      : ['CONVERGENCE_WAREHOUSE: must be bigquery when CONVERGENCE_MODE=production']),
    ...localOnly(
      'CONVERGENCE_SERVICE_TOKEN',
      'shared-secret service auth is local only (production verifies Google OIDC tokens)',
    ),
    ...localOnly(
      'CONVERGENCE_KEK',
      'a key-encryption key in configuration is local only (production uses CONVERGENCE_KMS_KEY)',
    ),
    ...(allowEmulators && onCloudRun ? [`${ALLOW_EMULATORS_VARIABLE}: refused on Cloud Run (K_SERVICE is set)`] : []),
    ...EMULATOR_VARIABLES.filter((name) => isSet(env[name]) && emulatorsRefused).map(
      (name) =>
        `${name}: points a Google client at an emulator; refused in production ` +
        `(${ALLOW_EMULATORS_VARIABLE}=true allows it off Cloud Run, for smoke tests)`,
    ),
  ];
}

function modeProblems(env: NodeJS.ProcessEnv, onCloudRun: boolean): string[] {
  if (!onCloudRun || env.CONVERGENCE_MODE === 'production') return [];
  return isSet(env.CONVERGENCE_MODE)
    ? ['CONVERGENCE_MODE: local is refused on Cloud Run (K_SERVICE is set); set CONVERGENCE_MODE=production']
    : ['CONVERGENCE_MODE: unset on Cloud Run (K_SERVICE is set) would mean local; set CONVERGENCE_MODE=production'];
}
