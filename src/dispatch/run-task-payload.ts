import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import * as t from 'io-ts';
import { describeDecodeErrors } from '../domain/decode-errors';
import { RUN_ID_PATTERN } from '../domain/run/ids';
import { TENANT_ID_PATTERN } from '../domain/tenant-id';

/**
 * The JSON body of a run task: ids only (DESIGN §4), never parameters or secrets; the executor loads the rest
 * from the run's stream. The executor route decodes it with `decodeRunTaskPayload`.
 */
export const RunTaskPayload = t.readonly(
  t.type({
    run_id: t.refinement(t.string, (s) => RUN_ID_PATTERN.test(s), 'a run id'),
    tenant_id: t.refinement(t.string, (s) => TENANT_ID_PATTERN.test(s), 'a tenant id'),
    /** The dispatch generation the task was created for; an older one than the run's current is stale. */
    generation: t.refinement(t.number, (n) => Number.isInteger(n) && n >= 1, 'a generation (integer ≥ 1)'),
  }),
);
export type RunTaskPayload = t.TypeOf<typeof RunTaskPayload>;

export function encodeRunTaskPayload(payload: RunTaskPayload): Buffer {
  return Buffer.from(
    JSON.stringify({ run_id: payload.run_id, tenant_id: payload.tenant_id, generation: payload.generation }),
    'utf8',
  );
}

/** Decodes a parsed body, listing every problem with its path. */
export function decodeRunTaskPayload(body: unknown): E.Either<readonly string[], RunTaskPayload> {
  return pipe(RunTaskPayload.decode(body), E.mapLeft(describeDecodeErrors));
}
