import type * as t from 'io-ts';
import { pathOf } from '../../domain/decode-errors';

/**
 * Like describeDecodeErrors, but without the offending values: a credential that fails validation may still
 * be mostly secret (a private key with one bad line), so errors name the path and the expected shape only.
 */
export function describeCredentialErrors(errors: t.Errors): string[] {
  const expectedByPath = new Map<string, string[]>();
  for (const error of errors) {
    const path = pathOf(error.context);
    const expected =
      error.value === undefined
        ? 'a value (missing)'
        : (error.context[error.context.length - 1]?.type.name ?? 'a valid value');
    const entry = expectedByPath.get(path) ?? [];
    if (!entry.includes(expected)) entry.push(expected);
    expectedByPath.set(path, entry);
  }
  return [...expectedByPath].map(([path, expected]) => `${path}: expected ${expected.join(' | ')}`);
}
