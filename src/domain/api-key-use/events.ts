import * as t from 'io-ts';

/**
 * A tenant key was used to authenticate a request. Recorded at most once per key and minute, each in its own
 * stream (`keyuse-{tenantId}--{keyId}--{yyyymmddThhmm}`, created `noStream`): concurrent requests of one minute
 * then agree without contention, and the tenant's own stream does not grow with traffic.
 */
export const apiKeyUseEventCodecs = {
  ApiKeyUsed: t.readonly(t.type({ keyId: t.string, usedAt: t.string })),
} as const;

export type ApiKeyUsedData = t.TypeOf<(typeof apiKeyUseEventCodecs)['ApiKeyUsed']>;
export type ApiKeyUseEvent = { readonly type: 'ApiKeyUsed'; readonly data: ApiKeyUsedData };

export const KEY_USE_STREAM_PREFIX = 'keyuse-';

/** The minute's stream of one key's use: `2026-11-27T09:14:31Z` → `…--20261127T0914`. */
export function keyUseStreamId(tenantId: string, keyId: string, at: Date): string {
  const minute = at.toISOString().slice(0, 16).replace(/[-:]/g, '');
  return `${KEY_USE_STREAM_PREFIX}${tenantId}--${keyId}--${minute}`;
}
