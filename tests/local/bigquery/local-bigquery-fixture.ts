import { BigQuery } from '@google-cloud/bigquery';
import { localBigQueryClientOptions } from '../../../src/local/bigquery/client-options';
import { type RunningLocalBigQuery, startLocalBigQuery } from '../../../src/local/bigquery/start-local-bigquery';

export interface LocalBigQueryFixture {
  readonly server: () => RunningLocalBigQuery;
  readonly client: () => BigQuery;
}

/** One in-memory endpoint per test file, reached through the real @google-cloud/bigquery client. */
export function useLocalBigQuery(projectId = 'local-test-project'): LocalBigQueryFixture {
  let server: RunningLocalBigQuery | undefined;
  let client: BigQuery | undefined;
  beforeAll(async () => {
    server = await startLocalBigQuery({ projectId });
    client = new BigQuery(localBigQueryClientOptions(server.url, server.projectId));
  });
  afterAll(async () => {
    await server?.stop();
  });
  return {
    server: () => server!,
    client: () => client!,
  };
}

/** The error a rejected promise carries, failing the test when the promise resolves instead. */
export async function rejectionOf(
  promise: Promise<unknown>,
): Promise<{ code?: number; message: string; errors?: { reason?: string }[] }> {
  try {
    await promise;
  } catch (error) {
    return error as { code?: number; message: string; errors?: { reason?: string }[] };
  }
  throw new Error('Expected the call to fail, but it succeeded');
}
