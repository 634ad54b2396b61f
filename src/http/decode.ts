import { pipe } from 'fp-ts/function';
import * as E from 'fp-ts/Either';
import type * as t from 'io-ts';
import { describeDecodeErrors, pathOf } from '../domain/decode-errors';
import { looksRandomToken, looksSecret } from '../security';
import { HttpError } from './http-error';

export type InputPart = 'body' | 'query' | 'params';

/**
 * Decodes one part of a request or answers 400 listing every problem with its path. With `secret: true`
 * the offending values are never echoed (credential payloads).
 */
export function decodeInput<A>(
  codec: t.Decoder<unknown, A>,
  value: unknown,
  part: InputPart,
  options: { secret?: boolean } = {},
): A {
  return pipe(
    codec.decode(value),
    E.getOrElseW((errors) => {
      const problems = options.secret
        ? [...new Set(errors.map((error) => `${pathOf(error.context)}: invalid value`))]
        : describeDecodeErrors(errors).map(hideCredentialShapedValue);
      throw new HttpError(part === 'params' ? 'INVALID_PARAMETER' : 'INVALID_PAYLOAD', `Invalid request ${part}`, {
        problems: problems.map((p) => `${part}.${p}`),
      });
    }),
  );
}

/** A problem line quotes the offending value: one shaped like a key or token is not echoed back. */
function hideCredentialShapedValue(problem: string): string {
  if (!looksSecret(problem) && !looksRandomToken(problem)) return problem;
  const separator = problem.indexOf(': ');
  const path = separator >= 0 ? problem.slice(0, separator) : '(root)';
  return `${path}: invalid value (not shown: it looks like a credential)`;
}
