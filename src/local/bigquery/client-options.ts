import type { BigQueryOptions } from '@google-cloud/bigquery';

/** The bearer token the local endpoint expects; it guards nothing but tells our client's calls from stray ones. */
export const LOCAL_BIGQUERY_TOKEN = 'convergence-local-bigquery';

/**
 * What `@google-cloud/common` asks of the `authClient` it is given (see its util.makeAuthenticatedRequestFactory
 * and google-auth-library's GoogleAuth.authorizeRequest): request headers for a URL. Answering with a static
 * bearer token means no credential file, metadata server or token endpoint is ever consulted.
 */
const staticTokenAuthClient = {
  getRequestHeaders: async (): Promise<Headers> => new Headers({ authorization: `Bearer ${LOCAL_BIGQUERY_TOKEN}` }),
  getAccessToken: async (): Promise<{ token: string }> => ({ token: LOCAL_BIGQUERY_TOKEN }),
  getProjectId: async (): Promise<null> => null,
};

/**
 * Options for `new BigQuery(options)` that point the real client at the local endpoint.
 *
 * `apiEndpoint` replaces https://bigquery.googleapis.com (the client appends /bigquery/v2). The auth client is
 * duck-typed: @google-cloud/common wraps whatever it gets in its own GoogleAuth and only calls
 * getRequestHeaders on it; a real OAuth2Client from our top-level google-auth-library would not type-check
 * because common depends on a different copy of that library.
 */
export function localBigQueryClientOptions(url: string, projectId: string): BigQueryOptions {
  return {
    projectId,
    apiEndpoint: url,
    authClient: staticTokenAuthClient as unknown as BigQueryOptions['authClient'],
    // Retries would hide the endpoint's own errors (and re-run a failed insert) in tests.
    autoRetry: false,
  };
}
