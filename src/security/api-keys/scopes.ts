import * as t from 'io-ts';
import { ALL_SCOPES, ApiKeyScope } from '../../domain/api-key-scopes';

/** What a tenant key may do (the domain's codec); none implies another, so a key holds exactly what it was issued with. */
export { ApiKeyScope };
export const ALL_API_KEY_SCOPES: readonly ApiKeyScope[] = ALL_SCOPES;

/** A key's scopes: at least one, no duplicates. */
export const ApiKeyScopes = t.refinement(
  t.readonlyArray(ApiKeyScope),
  (scopes) => scopes.length > 0 && new Set(scopes).size === scopes.length,
  'ApiKeyScopes (non-empty, no duplicates)',
);
export type ApiKeyScopes = t.TypeOf<typeof ApiKeyScopes>;

export function hasScope(granted: readonly ApiKeyScope[], required: ApiKeyScope): boolean {
  return granted.includes(required);
}
