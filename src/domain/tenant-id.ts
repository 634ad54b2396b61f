import * as t from 'io-ts';

/** Tenant ids name BigQuery datasets and Firestore paths, so the alphabet is narrow and fixed. */
export const TENANT_ID_PATTERN = /^[a-z0-9_]{3,50}$/;

export interface TenantIdBrand {
  readonly TenantId: unique symbol;
}

/**
 * Names the service itself uses beside tenants': the central dataset `tenants` and replays' shadow datasets
 * `tenants__replay_…`, the system stream's tenant `_system` (and `system`). A tenant by one of these names
 * would share a dataset or a partition key with the service, so onboarding refuses them.
 */
export function isReservedTenantId(id: string): boolean {
  return id.startsWith('_') || id === 'system' || id === 'tenants' || id.startsWith('tenants__');
}

export const TenantId = t.brand(
  t.string,
  (s): s is t.Branded<string, TenantIdBrand> => TENANT_ID_PATTERN.test(s),
  'TenantId',
);
export type TenantId = t.TypeOf<typeof TenantId>;

export function isTenantId(value: unknown): value is TenantId {
  return TenantId.is(value);
}
