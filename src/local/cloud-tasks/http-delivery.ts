import * as http from 'node:http';
import * as https from 'node:https';
import type { Clock } from './clock';

export type DeliveryOutcome =
  | { readonly kind: 'response'; readonly status: number }
  | { readonly kind: 'deadline-exceeded' }
  | { readonly kind: 'network-error'; readonly message: string }
  /** The server is stopping. */
  | { readonly kind: 'aborted' };

export interface DeliveryRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  readonly deadlineMs: number;
}

/** Connections of one server instance, so stop() can close every one of them. */
export interface DeliveryAgents {
  readonly http: http.Agent;
  readonly https: https.Agent;
}

export function createDeliveryAgents(): DeliveryAgents {
  return { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };
}

export function destroyDeliveryAgents(agents: DeliveryAgents): void {
  agents.http.destroy();
  agents.https.destroy();
}

/**
 * One HTTP attempt. The whole exchange (connect, send, answer, body) must finish within the dispatch deadline,
 * else the request is torn down and the attempt counts as DEADLINE_EXCEEDED — the target may still be working,
 * as with Cloud Tasks. The answer's body is read and discarded.
 */
export function deliver(
  request: DeliveryRequest,
  agents: DeliveryAgents,
  clock: Clock,
  signal: AbortSignal,
): Promise<DeliveryOutcome> {
  return new Promise<DeliveryOutcome>((resolve) => {
    let settled = false;
    const url = new URL(request.url);
    const client = url.protocol === 'https:' ? https : http;
    const finish = (outcome: DeliveryOutcome) => {
      if (settled) return;
      settled = true;
      clock.clearTimer(timer);
      signal.removeEventListener('abort', onAbort);
      resolve(outcome);
    };
    const outgoing = client.request(url, {
      method: request.method,
      headers: { ...request.headers, 'Content-Length': String(request.body.length) },
      agent: url.protocol === 'https:' ? agents.https : agents.http,
    });
    const timer = clock.setTimer(() => {
      finish({ kind: 'deadline-exceeded' });
      outgoing.destroy();
    }, request.deadlineMs);
    const onAbort = () => {
      finish({ kind: 'aborted' });
      outgoing.destroy();
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort);
    outgoing.on('response', (response) => {
      response.on('error', (error) => finish({ kind: 'network-error', message: error.message }));
      response.on('end', () => finish({ kind: 'response', status: response.statusCode ?? 0 }));
      response.resume();
    });
    outgoing.on('error', (error) => finish({ kind: 'network-error', message: error.message }));
    outgoing.end(request.body);
  });
}
