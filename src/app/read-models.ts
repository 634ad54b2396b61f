/**
 * Inline read models: documents that commands and auth need synchronously, written in the same commit as
 * the events that change them. They are caches of the log (rebuildable), never the source of truth.
 */
export const TENANT_DIRECTORY = 'tenants';
export const API_KEY_INDEX = 'api_keys';
export const SCHEDULE_INDEX = 'schedule_index';

export const tenantDirectoryPath = (tenantId: string) => `${TENANT_DIRECTORY}/${tenantId}`;
export const apiKeyPath = (keyId: string) => `${API_KEY_INDEX}/${keyId}`;
export const scheduleIndexPath = (tenantId: string, configId: string) => `${SCHEDULE_INDEX}/${tenantId}__${configId}`;

/** `api_keys/{keyId}`: what authenticating a request needs, hash only. */
export interface ApiKeyIndexEntry {
  readonly tenantId: string;
  readonly keyHash: string;
  readonly scopes: readonly string[];
  readonly expiresAt: string | null;
  readonly revokedAt: string | null;
  readonly lastUsedAt: string | null;
}

/** `tenants/{tenantId}`: status and plan for gates that must not fold a stream per request. */
export interface TenantDirectoryEntry {
  readonly tenantId: string;
  readonly status: string;
  readonly plan: string;
  readonly limits: { readonly dailyRuns: number; readonly monthlyRuns: number; readonly concurrentRuns: number };
  readonly companyName: string;
  readonly timezone: string;
  readonly revision: number;
}

/** Run counters per tenant per day (in the tenant's timezone) and per month; written by the execution gate. */
export const USAGE_DAILY = 'usage_daily';
export const USAGE_MONTHLY = 'usage_monthly';
export const usageDailyPath = (tenantId: string, day: string) => `${USAGE_DAILY}/${tenantId}__${day}`;
export const usageMonthlyPath = (tenantId: string, month: string) => `${USAGE_MONTHLY}/${tenantId}__${month}`;

export interface UsageCounters {
  readonly runs: number;
  readonly succeeded: number;
  readonly failed: number;
}
