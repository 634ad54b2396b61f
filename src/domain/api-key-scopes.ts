import * as t from 'io-ts';

export const ApiKeyScope = t.keyof(
  { 'pipelines:read': null, 'pipelines:write': null, 'pipelines:execute': null },
  'ApiKeyScope',
);
export type ApiKeyScope = t.TypeOf<typeof ApiKeyScope>;

export const ALL_SCOPES: readonly ApiKeyScope[] = ['pipelines:read', 'pipelines:write', 'pipelines:execute'];
