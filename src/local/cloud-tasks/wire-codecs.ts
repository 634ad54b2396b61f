import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { describeDecodeErrors } from '../../domain/decode-errors';
import { invalidArgument } from './errors';

/**
 * The requests as proto-loader decodes them (camelCase fields, int64 as strings, enums as names, bytes as
 * Buffers, absent fields absent). proto-loader already enforces the wire types; these codecs are the boundary
 * check that the handlers' assumptions hold, and name the field when one does not.
 */
const BufferCodec = new t.Type<Buffer, Buffer, unknown>(
  'bytes',
  (u): u is Buffer => Buffer.isBuffer(u),
  (u, c) => (Buffer.isBuffer(u) ? t.success(u) : t.failure(u, c)),
  (b) => b,
);
const Int64 = t.union([t.string, t.number]);
const WireSeconds = t.partial({ seconds: Int64, nanos: t.number });
const View = t.keyof({ VIEW_UNSPECIFIED: null, BASIC: null, FULL: null });

const WireHttpRequest = t.partial({
  url: t.string,
  httpMethod: t.string,
  headers: t.record(t.string, t.string),
  body: BufferCodec,
  oidcToken: t.partial({ serviceAccountEmail: t.string, audience: t.string }),
  oauthToken: t.partial({ serviceAccountEmail: t.string, scope: t.string }),
});

const WireTask = t.partial({
  name: t.string,
  httpRequest: WireHttpRequest,
  appEngineHttpRequest: t.unknown,
  scheduleTime: WireSeconds,
  dispatchDeadline: WireSeconds,
});
export type WireTask = t.TypeOf<typeof WireTask>;
export type WireHttpRequest = t.TypeOf<typeof WireHttpRequest>;

const WireQueue = t.partial({
  name: t.string,
  appEngineRoutingOverride: t.unknown,
  rateLimits: t.partial({
    maxDispatchesPerSecond: t.number,
    maxBurstSize: t.number,
    maxConcurrentDispatches: t.number,
  }),
  retryConfig: t.partial({
    maxAttempts: t.number,
    maxRetryDuration: WireSeconds,
    minBackoff: WireSeconds,
    maxBackoff: WireSeconds,
    maxDoublings: t.number,
  }),
  stackdriverLoggingConfig: t.unknown,
});
export type WireQueue = t.TypeOf<typeof WireQueue>;

export const CreateQueueRequest = t.intersection([t.type({ parent: t.string }), t.partial({ queue: WireQueue })]);
export const GetQueueRequest = t.type({ name: t.string });
export const CreateTaskRequest = t.intersection([
  t.type({ parent: t.string }),
  t.partial({ task: WireTask, responseView: View }),
]);
export const TaskRequest = t.intersection([t.type({ name: t.string }), t.partial({ responseView: View })]);
export const ListTasksRequest = t.intersection([
  t.type({ parent: t.string }),
  t.partial({ responseView: View, pageSize: t.number, pageToken: t.string }),
]);

export type View = t.TypeOf<typeof View>;

/** Decodes or throws INVALID_ARGUMENT naming each bad field. */
export function decodeRequest<A>(codec: t.Decoder<unknown, A>, request: unknown): A {
  const decoded = codec.decode(request);
  if (E.isLeft(decoded)) throw invalidArgument(`Invalid request: ${describeDecodeErrors(decoded.left).join('; ')}`);
  return decoded.right;
}
