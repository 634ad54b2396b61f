import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { withinMs } from './deadline';

export interface ReceivedRequest {
  readonly index: number;
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** How the exchange ended: answered, or torn down by the sender before the answer (a dispatch deadline). */
  readonly ended: Promise<'answered' | 'closed-before-answer'>;
}

/** How the receiver answers one request: a status now, or later (a promise the test settles). */
export type Responder = (request: ReceivedRequest) => number | Promise<number>;

/**
 * The HTTP target tasks are sent to: records every request, answers through the test's responder, tracks how
 * many requests are being handled at once, and lets a test wait for the n-th request instead of sleeping.
 */
export class Receiver {
  readonly requests: ReceivedRequest[] = [];
  inFlight = 0;
  maxInFlight = 0;
  private respond: Responder = () => 200;
  private readonly waiters: Array<{ readonly count: number; readonly resolve: () => void }> = [];

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<Receiver> {
    const server = createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const receiver = new Receiver(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    server.on('request', (request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const ended = new Promise<'answered' | 'closed-before-answer'>((resolve) =>
          response.on('close', () => resolve(response.writableFinished ? 'answered' : 'closed-before-answer')),
        );
        const received: ReceivedRequest = {
          index: receiver.requests.length,
          method: request.method ?? '',
          path: request.url ?? '',
          headers: request.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          ended,
        };
        receiver.track(received, response);
      });
    });
    return receiver;
  }

  /** Replaces how requests are answered (default: 200). */
  answerWith(responder: Responder): void {
    this.respond = responder;
  }

  waitForRequests(count: number, timeoutMs = 10_000): Promise<ReceivedRequest[]> {
    if (this.requests.length >= count) return Promise.resolve(this.requests.slice(0, count));
    const arrived = new Promise<void>((resolve) => this.waiters.push({ count, resolve }));
    return withinMs(arrived, timeoutMs, `${count} request(s) at the receiver (got ${this.requests.length})`).then(() =>
      this.requests.slice(0, count),
    );
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private track(received: ReceivedRequest, response: ServerResponse): void {
    this.requests.push(received);
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      this.inFlight -= 1;
    };
    response.on('close', finish);
    for (const waiter of this.waiters.filter((w) => this.requests.length >= w.count)) {
      this.waiters.splice(this.waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
    void Promise.resolve(this.respond(received)).then((status) => {
      if (response.destroyed) return;
      // Counted out before the answer leaves, so the sender can never see a finished request still in flight.
      finish();
      response.statusCode = status;
      response.end(String(status));
    });
  }
}
