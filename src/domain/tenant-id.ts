import * as t from 'io-ts';

/** Tenant ids name BigQuery datasets and Firestore paths, so the alphabet is narrow and fixed. */
export const TENANT_ID_PATTERN = /^[a-z0-9_]{3,50}$/;

export interface TenantIdBrand {
  readonly TenantId: unique symbol;
}

export const TenantId = t.brand(t.string, (s): s is t.Branded<string, TenantIdBrand> => TENANT_ID_PATTERN.test(s), 'TenantId');
export type TenantId = t.TypeOf<typeof TenantId>;

export function isTenantId(value: unknown): value is TenantId {
  return TenantId.is(value);
}
