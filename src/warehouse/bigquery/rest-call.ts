import type { BigQuery } from '@google-cloud/bigquery';
import type * as t from 'io-ts';
import { isLeft } from 'fp-ts/lib/Either';
import { WarehouseError } from '../warehouse';
import type { AdapterContext } from './context';
import type { FailureContext } from './map-error';

/** The client's own request options type, taken from its signature rather than from a transitive package. */
type ClientRequestOptions = Parameters<BigQuery['request']>[0];
import { toWarehouseError } from './map-error';

export interface RestRequest {
  readonly method?: 'GET' | 'POST' | 'DELETE' | 'PATCH' | 'PUT';
  /** Path below `/projects/{projectId}`, e.g. `/datasets/x/tables`. */
  readonly uri: string;
  readonly json?: unknown;
  readonly qs?: Readonly<Record<string, string | number | boolean | undefined>>;
  /** HTTP budget of this one call; defaults to the context's requestTimeoutMs. */
  readonly timeoutMs?: number;
}

/**
 * One BigQuery REST call through the client's authenticated transport (retries on 429/5xx included), with an
 * explicit HTTP timeout, the response decoded with `codec`, and failures mapped to WarehouseError.
 */
export function restCall<A>(
  context: AdapterContext,
  request: RestRequest,
  codec: t.Type<A, unknown, unknown>,
  failure: FailureContext,
): Promise<A> {
  const requestOptions: ClientRequestOptions = {
    method: request.method ?? 'GET',
    uri: request.uri,
    projectId: context.projectId,
    timeout: request.timeoutMs ?? context.requestTimeoutMs,
    // Sent as text, not as `json`: the client deep-copies a `json` body and walks every string in it to fill in
    // `{{projectId}}` placeholders, which for a merge of thousands of rows cost more CPU than encoding them, and
    // would rewrite a row value that happens to contain that text.
    ...(request.json !== undefined
      ? { body: JSON.stringify(request.json), headers: { 'Content-Type': 'application/json' } }
      : {}),
    ...(request.qs ? { qs: withoutUndefined(request.qs) } : {}),
  };
  return new Promise<A>((resolve, reject) => {
    context.client.request(requestOptions, (error, body) => {
      if (error) {
        reject(toWarehouseError(error, failure));
        return;
      }
      const decoded = codec.decode(body ?? {});
      if (isLeft(decoded)) {
        const paths = decoded.left.slice(0, 3).map(
          (e) =>
            e.context
              .map((c) => c.key)
              .filter(Boolean)
              .join('.') || '(root)',
        );
        reject(
          new WarehouseError('UNKNOWN', `${failure.operation}: unexpected response shape at ${paths.join(', ')}`, {
            operation: failure.operation,
          }),
        );
        return;
      }
      resolve(decoded.right);
    });
  });
}

function withoutUndefined(
  qs: Readonly<Record<string, string | number | boolean | undefined>>,
): Record<string, string | number | boolean> {
  const clean: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(qs)) if (value !== undefined) clean[key] = value;
  return clean;
}
