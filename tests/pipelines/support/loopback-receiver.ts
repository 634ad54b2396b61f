import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  readonly method: string;
  /** The request target exactly as sent (path and query). */
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
}

export interface LoopbackReceiver {
  /** `127.0.0.1:PORT` */
  readonly host: string;
  readonly port: number;
  readonly received: ReceivedRequest[];
  close(): Promise<void>;
}

/** A real HTTP server bound to 127.0.0.1 only; `answer` writes each response once the request body is in. */
export async function loopbackReceiver(
  answer: (res: http.ServerResponse) => void = (res) => res.writeHead(200).end(),
): Promise<LoopbackReceiver> {
  const received: ReceivedRequest[] = [];
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
      answer(res);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    port,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
