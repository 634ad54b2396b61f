import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toEventarcRequest, type OutgoingCloudEvent } from './eventarc-request';
import { DEFAULT_TRIGGER_ID, registerLocalEventarcTrigger } from './register-local-eventarc-trigger';

export interface LocalEventarcOptions {
  readonly projectId: string;
  /** The service, e.g. `http://127.0.0.1:8080`; deliveries go to `${serviceUrl}/eventarc/firestore`. */
  readonly serviceUrl: string;
  /** CONVERGENCE_SERVICE_TOKEN: sent as `Authorization: Bearer …`, as Eventarc sends its OIDC token. */
  readonly serviceToken: string;
  /** When given, the trigger is registered at once; otherwise call `registerTrigger` once the emulator runs. */
  readonly firestoreEmulatorHost?: string;
  readonly host?: string;
  /** The port the emulator's `--functions_emulator` names; 0 (default) = a free one, read back from `address`. */
  readonly port?: number;
  readonly triggerId?: string;
  /** Every delivery's outcome (the service's logger locally; tests wait on it). */
  readonly report?: (delivery: LocalEventarcDelivery) => void;
  /** Like Eventarc, a delivery answered 5xx/429 or unreachable is retried with backoff; default 5 attempts from 250 ms. */
  readonly retry?: { readonly attempts: number; readonly baseDelayMs: number };
  readonly requestTimeoutMs?: number;
  readonly bodyLimitBytes?: number;
}

export interface LocalEventarcDelivery {
  /** `ce-subject`, e.g. `documents/streams/run-x/events/0000000003`. */
  readonly subject: string | undefined;
  readonly attempts: number;
  readonly status?: number;
  readonly body?: unknown;
  readonly error?: string;
}

export interface RunningLocalEventarc {
  /** `host:port`: the value for the Firestore emulator's `--functions_emulator`. */
  readonly address: string;
  registerTrigger(firestoreEmulatorHost: string): Promise<void>;
  /** Stops listening, aborts the deliveries in flight (each is reported) and waits for them to settle. */
  stop(): Promise<void>;
}

/**
 * Local Eventarc: an HTTP server standing where the Firestore emulator expects the Functions emulator. The
 * emulator POSTs one binary-mode CloudEvent per matching write to `/functions/projects/{p}/triggers/{id}` and never
 * retries; the bridge answers it at once, then delivers the CloudEvent to the service's `POST /eventarc/firestore`
 * in Eventarc's own shape (see `toEventarcRequest`), retrying transient failures as Eventarc would.
 */
export async function startLocalEventarc(options: LocalEventarcOptions): Promise<RunningLocalEventarc> {
  const triggerId = options.triggerId ?? DEFAULT_TRIGGER_ID;
  const triggerPath = `/functions/projects/${encodeURIComponent(options.projectId)}/triggers/${encodeURIComponent(triggerId)}`;
  const target = `${options.serviceUrl.replace(/\/+$/, '')}/eventarc/firestore`;
  const retry = options.retry ?? { attempts: 5, baseDelayMs: 250 };
  const limit = options.bodyLimitBytes ?? 4 * 1024 * 1024;
  const stopping = new AbortController();
  const inFlight = new Set<Promise<void>>();
  const report = options.report ?? (() => undefined);

  const deliver = async (event: OutgoingCloudEvent): Promise<void> => {
    const subject = event.headers['ce-subject'];
    let last: { status?: number; body?: unknown; error?: string } = {};
    for (let attempt = 1; attempt <= retry.attempts; attempt += 1) {
      last = await send(
        target,
        event,
        AbortSignal.any([AbortSignal.timeout(options.requestTimeoutMs ?? 60_000), stopping.signal]),
      );
      const transient = last.error !== undefined || last.status === 429 || (last.status ?? 0) >= 500;
      if (!transient || attempt === retry.attempts || stopping.signal.aborted)
        return report({ subject, attempts: attempt, ...last });
      if (!(await pause(retry.baseDelayMs * 2 ** (attempt - 1), stopping.signal)))
        return report({ subject, attempts: attempt, ...last });
    }
  };

  const server = createServer((req, res) => {
    if (req.method !== 'POST' || req.url?.split('?')[0] !== triggerPath) return answer(res, 404);
    readBody(req, limit).then(
      (body) => {
        answer(res, 204);
        const delivery = deliver(toEventarcRequest(req.headers, body, options.serviceToken)).finally(() =>
          inFlight.delete(delivery),
        );
        inFlight.add(delivery);
      },
      () => answer(res, 413),
    );
  });
  await listen(server, options.host ?? '127.0.0.1', options.port ?? 0);
  const { address, port } = server.address() as AddressInfo;

  const registerTrigger = (firestoreEmulatorHost: string) =>
    registerLocalEventarcTrigger({ emulatorHost: firestoreEmulatorHost, projectId: options.projectId, triggerId });
  try {
    if (options.firestoreEmulatorHost) await registerTrigger(options.firestoreEmulatorHost);
  } catch (error) {
    await close(server);
    throw error;
  }
  return {
    address: `${address}:${port}`,
    registerTrigger,
    stop: async () => {
      stopping.abort();
      const closed = close(server);
      server.closeIdleConnections();
      await Promise.all([...inFlight]);
      await closed;
    },
  };
}

async function send(
  url: string,
  event: OutgoingCloudEvent,
  signal: AbortSignal,
): Promise<{ status?: number; body?: unknown; error?: string }> {
  try {
    const response = await fetch(url, { method: 'POST', headers: event.headers, body: event.body, signal });
    const text = await response.text();
    return { status: response.status, body: parseJson(text) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

function parseJson(text: string): unknown {
  try {
    return text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    return text.slice(0, 300);
  }
}

/** Resolves true after `ms`, or false at once when `signal` aborts (the bridge is stopping). */
function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const collect = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      // Drain the rest unread, so the 413 reaches the caller.
      req.removeListener('data', collect);
      req.resume();
      reject(new Error('too large'));
    };
    req.on('data', collect);
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function answer(res: ServerResponse, status: number): void {
  if (!res.headersSent) res.writeHead(status).end();
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.removeListener('error', reject);
      resolve();
    });
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
