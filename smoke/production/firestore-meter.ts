import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { billableCall, type CallBill } from './billing-rules';
import { firestoreProtos } from './firestore-protos';
import { GrpcMessageReader } from './grpc-messages';

// A transparent h2c proxy in front of the Firestore emulator that counts what Firestore would bill for the
// gRPC calls passing through it. Streams are forwarded frame by frame, both ways, trailers included.

export interface MethodCounts {
  readonly calls: number;
  readonly failed: number;
  readonly reads: number;
  readonly writes: number;
  readonly deletes: number;
}

export interface MeterError {
  readonly code: 'COMPRESSED_MESSAGE' | 'UNDECODABLE_MESSAGE' | 'UPSTREAM_FAILED';
  readonly method: string;
  readonly message: string;
}

export interface FirestoreCounts {
  readonly reads: number;
  /** Deletes are billed as writes too; `deletes` says how many of `writes` were deletes. */
  readonly writes: number;
  readonly deletes: number;
  /** Keyed by the short gRPC method name (`Commit`, `RunQuery`, ...), every method seen, billable or not. */
  readonly byMethod: Readonly<Record<string, MethodCounts>>;
  /** Anything that makes the counts incomplete; a smoke test should require it empty. */
  readonly errors: readonly MeterError[];
}

export interface FirestoreMeter {
  /** `127.0.0.1:<port>` — give it to a client as its emulator host. */
  readonly host: string;
  counts(): FirestoreCounts;
  reset(): void;
  stop(): Promise<void>;
}

export class InvalidMeterTarget extends Error {
  readonly code = 'INVALID_METER_TARGET';
}

const FIRESTORE_SERVICE = '/google.firestore.v1.Firestore/';
// Hop-by-hop headers HTTP/2 forbids; pseudo-headers are rebuilt by each side.
const NOT_FORWARDED = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'host']);
const { NGHTTP2_CANCEL, NGHTTP2_INTERNAL_ERROR, NGHTTP2_NO_ERROR, HTTP2_HEADER_STATUS } = http2.constants;

function forwardable(headers: http2.IncomingHttpHeaders, keep: readonly string[]): http2.OutgoingHttpHeaders {
  const out: http2.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || NOT_FORWARDED.has(name)) continue;
    if (name.startsWith(':') && !keep.includes(name)) continue;
    out[name] = value;
  }
  return out;
}

const grpcStatusOf = (headers: http2.IncomingHttpHeaders): number | undefined => {
  const status = headers['grpc-status'];
  return typeof status === 'string' ? Number(status) : undefined;
};

export async function startFirestoreMeter(options: { target: string }): Promise<FirestoreMeter> {
  if (!/^[A-Za-z0-9.-]+:\d{1,5}$|^\[[0-9a-fA-F:]+\]:\d{1,5}$/.test(options.target)) {
    throw new InvalidMeterTarget(`target must be host:port, got ${JSON.stringify(options.target)}`);
  }
  const protos = firestoreProtos();
  let byMethod = new Map<string, MethodCounts>();
  let errors: MeterError[] = [];
  const sessions = new Set<http2.ServerHttp2Session>();
  let upstream: http2.ClientHttp2Session | undefined;

  const upstreamSession = (): http2.ClientHttp2Session => {
    if (upstream && !upstream.closed && !upstream.destroyed) return upstream;
    const session = http2.connect(`http://${options.target}`);
    // A failed connection surfaces on each stream it carried; the session is replaced on next use.
    session.on('error', () => undefined);
    session.on('close', () => {
      if (upstream === session) upstream = undefined;
    });
    upstream = session;
    return session;
  };

  const record = (method: string, bill: CallBill, failed: boolean): void => {
    const was = byMethod.get(method) ?? { calls: 0, failed: 0, reads: 0, writes: 0, deletes: 0 };
    byMethod.set(method, {
      calls: was.calls + 1,
      failed: was.failed + (failed ? 1 : 0),
      reads: was.reads + bill.reads,
      writes: was.writes + bill.writes,
      deletes: was.deletes + bill.deletes,
    });
  };

  const forward = (client: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders): void => {
    const path = String(headers[':path'] ?? '');
    const method = path.startsWith(FIRESTORE_SERVICE) ? path.slice(FIRESTORE_SERVICE.length) : path;
    const call = billableCall(method, protos);
    const requestReader = call ? new GrpcMessageReader() : undefined;
    const responseReader = call ? new GrpcMessageReader() : undefined;
    let trailers: http2.OutgoingHttpHeaders = {};
    let grpcStatus: number | undefined;
    let finished = false;

    const finish = (status: number | undefined): void => {
      if (finished) return;
      finished = true;
      record(method, call?.finish(status) ?? { reads: 0, writes: 0, deletes: 0 }, status !== 0);
    };
    const fail = (code: MeterError['code'], message: string): void => {
      errors.push({ code, method, message });
    };

    const requestHeaders = forwardable(headers, [':method', ':path']);
    // Responses must stay countable: the server may only answer uncompressed.
    requestHeaders['grpc-accept-encoding'] = 'identity';
    const server = upstreamSession().request(requestHeaders);

    // Returns false when the call must be refused: a compressed message cannot be counted.
    const inspect = (reader: GrpcMessageReader | undefined, chunk: Buffer, direction: 'request' | 'response') => {
      if (!reader || !call) return true;
      for (const message of reader.push(chunk)) {
        if (message.compressed) {
          fail('COMPRESSED_MESSAGE', `a compressed ${direction} message cannot be counted; the call was refused`);
          return false;
        }
        try {
          if (direction === 'request') call.request(message.body);
          else call.response(message.body);
        } catch (error) {
          fail('UNDECODABLE_MESSAGE', `${direction}: ${(error as Error).message}`);
        }
      }
      return true;
    };
    const refuse = (): void => {
      finish(undefined);
      server.close(NGHTTP2_CANCEL);
      client.close(NGHTTP2_INTERNAL_ERROR);
    };

    client.on('data', (chunk: Buffer) => {
      if (!inspect(requestReader, chunk, 'request')) return refuse();
      if (!server.write(chunk)) {
        client.pause();
        server.once('drain', () => client.resume());
      }
    });
    client.on('end', () => server.end());
    client.on('error', () => undefined);
    client.on('close', () => {
      if (!server.closed) server.close(NGHTTP2_CANCEL);
    });
    client.on('wantTrailers', () => client.sendTrailers(trailers));

    server.on('response', (responseHeaders, flags) => {
      if (client.closed) return;
      const outgoing = forwardable(responseHeaders, [HTTP2_HEADER_STATUS]);
      // A trailers-only response (how gRPC servers usually report an error) stays trailers-only.
      if (flags & http2.constants.NGHTTP2_FLAG_END_STREAM) {
        finish(grpcStatusOf(responseHeaders));
        client.respond(outgoing, { endStream: true });
      } else {
        client.respond(outgoing, { waitForTrailers: true });
      }
    });
    server.on('data', (chunk: Buffer) => {
      if (!inspect(responseReader, chunk, 'response')) return refuse();
      if (!client.write(chunk)) {
        server.pause();
        client.once('drain', () => server.resume());
      }
    });
    // 'trailers' fires on arrival, ahead of DATA still buffered while the client is slow to read: the call
    // is only finished at 'end', once every message has been seen.
    server.on('trailers', (received) => {
      trailers = forwardable(received, []);
      grpcStatus = grpcStatusOf(received);
    });
    server.on('end', () => {
      finish(grpcStatus);
      if (!client.closed && client.headersSent && client.writable) client.end();
    });
    server.on('error', (error: Error) => {
      fail('UPSTREAM_FAILED', error.message);
    });
    server.on('close', () => {
      finish(grpcStatus);
      if (client.closed) return;
      if (!client.headersSent) {
        client.respond(
          {
            ':status': 200,
            'content-type': 'application/grpc',
            'grpc-status': '14',
            'grpc-message': 'firestore-meter: the emulator closed the stream',
          },
          { endStream: true },
        );
      } else if (server.rstCode !== undefined && server.rstCode !== NGHTTP2_NO_ERROR) {
        client.close(server.rstCode);
      }
    });
  };

  const proxy = http2.createServer();
  proxy.on('session', (session) => {
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
  });
  proxy.on('stream', forward);
  await new Promise<void>((resolve, reject) => {
    proxy.once('error', reject);
    proxy.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = proxy.address() as AddressInfo;

  return {
    host: `127.0.0.1:${port}`,
    counts: () => {
      const methods = Object.fromEntries(byMethod);
      const sum = (field: 'reads' | 'writes' | 'deletes') =>
        Object.values(methods).reduce((total, counts) => total + counts[field], 0);
      return {
        reads: sum('reads'),
        writes: sum('writes'),
        deletes: sum('deletes'),
        byMethod: methods,
        errors: [...errors],
      };
    },
    reset: () => {
      byMethod = new Map();
      errors = [];
    },
    stop: async () => {
      const closed = new Promise<void>((resolve) => proxy.close(() => resolve()));
      for (const session of sessions) session.destroy();
      upstream?.close();
      await closed;
    },
  };
}
