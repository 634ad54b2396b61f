/** What `npm run test:bigquery` needs from the environment; credentials come from Application Default Credentials. */
export type RealBigQuerySettings =
  | { readonly projectId: string; readonly location: string; readonly datasetPrefix: string }
  | { readonly problem: string };

export const PROJECT_ENV = 'CONVERGENCE_BQ_PROJECT';
export const LOCATION_ENV = 'CONVERGENCE_BQ_LOCATION';
export const PREFIX_ENV = 'CONVERGENCE_BQ_DATASET_PREFIX';

export function realBigQuerySettings(env: NodeJS.ProcessEnv): RealBigQuerySettings {
  const projectId = env[PROJECT_ENV]?.trim();
  if (!projectId) {
    return {
      problem:
        `${PROJECT_ENV} is not set: the warehouse contract was NOT run against real BigQuery. ` +
        `Set ${PROJECT_ENV} to a project you may create and delete datasets in (optionally ${LOCATION_ENV}, default US, ` +
        `and ${PREFIX_ENV}, default convergence_contract) and provide Application Default Credentials ` +
        '(gcloud auth application-default login, or GOOGLE_APPLICATION_CREDENTIALS).',
    };
  }
  const datasetPrefix = env[PREFIX_ENV]?.trim() || 'convergence_contract';
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,200}$/.test(datasetPrefix))
    return { problem: `${PREFIX_ENV} must be letters, digits and underscores.` };
  return { projectId, location: env[LOCATION_ENV]?.trim() || 'US', datasetPrefix };
}
