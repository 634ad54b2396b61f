/** Sample tenants and their billing accounts and projects, derived from a seed (pure). */
import type { Prng } from './prng';
import { createPrng } from './prng';
import { CURRENCIES, LABELS, REGIONS, SKUS } from './price-list';
import type { Region, Sku } from './price-list';

export interface SampleTenant {
  readonly tenantId: string;
  readonly billingAccountIds: readonly string[];
}

export interface SampleProject {
  readonly id: string;
  readonly number: string;
  readonly name: string;
  readonly labels: readonly { readonly key: string; readonly value: string }[];
}

/** A billed resource: hourly export rows repeat it, so a day collapses into one row per resource grain. */
export interface SampleResource {
  readonly sku: Sku;
  readonly project: SampleProject;
  readonly region: Region;
  readonly zone: string;
  readonly labels: readonly { readonly key: string; readonly value: string }[];
}

export interface SampleAccount {
  readonly billingAccountId: string;
  /** Undefined for accounts of no tenant: their rows must never reach a tenant. */
  readonly tenantId?: string;
  readonly currency: string;
  readonly conversionRate: number;
  readonly projects: readonly SampleProject[];
  readonly resources: readonly SampleResource[];
}

const hex = (prng: Prng, n: number): string =>
  Array.from({ length: n }, () => '0123456789ABCDEF'[prng.int(0, 15)]).join('');

/** `XXXXXX-XXXXXX-XXXXXX`, the form of Cloud Billing account ids. */
export function billingAccountId(prng: Prng): string {
  return `${hex(prng, 6)}-${hex(prng, 6)}-${hex(prng, 6)}`;
}

/** `count` tenants `sample_tenant_01`… with one or two billing accounts each. */
export function sampleTenants(count: number, seed: string): SampleTenant[] {
  const prng = createPrng(`${seed}/tenants`);
  return Array.from({ length: count }, (_, i) => ({
    tenantId: `sample_tenant_${String(i + 1).padStart(2, '0')}`,
    billingAccountIds: Array.from({ length: prng.int(1, 2) }, () => billingAccountId(prng)),
  }));
}

export function sampleAccount(billingAccountId: string, tenantId: string | undefined, seed: string): SampleAccount {
  const prng = createPrng(`${seed}/account/${billingAccountId}`);
  const { currency, rate } = prng.pick(CURRENCIES);
  const slug = (tenantId ?? 'other').replace(/_/g, '-').slice(0, 14);
  const projects = Array.from({ length: prng.int(2, 3) }, (_, i) => {
    const env = ['prod', 'staging', 'dev'][i] as string;
    return {
      id: `${slug}-${env}-${prng.int(1000, 9999)}`,
      number: String(prng.int(100000, 999999)) + String(prng.int(100000, 999999)),
      name: `${slug} ${env}`,
      labels: [{ key: 'env', value: env }],
    };
  });
  const resources = Array.from({ length: prng.int(6, 10) }, () => ({
    sku: prng.pick(SKUS),
    project: prng.pick(projects),
    region: prng.pick(REGIONS),
    zone: prng.pick(['a', 'b', 'c']),
    labels: Object.entries(LABELS)
      .filter(() => prng.chance(0.5))
      .map(([key, values]) => ({ key, value: prng.pick(values) })),
  }));
  return { billingAccountId, ...(tenantId ? { tenantId } : {}), currency, conversionRate: rate, projects, resources };
}
