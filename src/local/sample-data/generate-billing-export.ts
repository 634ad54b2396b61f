/**
 * A deterministic, realistic standard billing export for N tenants × D days (pure: rows as plain objects,
 * written elsewhere). Per account and day: hourly usage rows of the account's resources (a SKU in a project
 * and region, with labels) across several services, so a day aggregates many rows per resource; system
 * labels; credits (negative amounts, several per row at times, never more than the row's cost); one tax
 * row; sometimes an adjustment (negative cost, a correction arriving as a new row) and a rounding error.
 * export_time lags usage by hours to days, as the real export does. Accounts of no tenant are mixed in, so
 * a pipeline that forgets to filter by account is caught.
 */
import type { Row } from '../../warehouse/warehouse';
import type { SampleAccount, SampleTenant } from './accounts';
import { billingAccountId, sampleAccount } from './accounts';
import type { Prng } from './prng';
import { createPrng } from './prng';

export interface BillingExportOptions {
  readonly seed: string;
  readonly tenants: readonly SampleTenant[];
  /** First usage day, `YYYY-MM-DD`. */
  readonly startDate: string;
  readonly days: number;
  /** Usage rows per account and day (default 24). */
  readonly rowsPerAccountPerDay?: number;
  /** Accounts belonging to no tenant (default 1). */
  readonly unassignedAccounts?: number;
}

export interface BillingExport {
  readonly rows: readonly Row[];
  readonly accounts: readonly SampleAccount[];
}

const HOUR = 3_600_000;
export const round6 = (n: number): number => Math.round(n * 1e6) / 1e6;
const iso = (ms: number): string => new Date(ms).toISOString();

function usageRow(prng: Prng, account: SampleAccount, dayStart: number, hour: number): Row {
  const { sku, project, region, zone, labels } = prng.pick(account.resources);
  const location =
    sku.scope === 'global'
      ? { location: 'global', country: null, region: null, zone: null }
      : sku.scope === 'multi_region'
        ? { location: region.multiRegion, country: null, region: null, zone: null }
        : {
            location: region.region,
            country: region.country,
            region: region.region,
            zone: sku.service.description === 'Compute Engine' ? `${region.region}-${zone}` : null,
          };
  const amount = sku.usage[0] + prng.next() * (sku.usage[1] - sku.usage[0]);
  const pricingAmount = amount / sku.unitsPerPricingUnit;
  const listCost = round6(pricingAmount * sku.listPrice * account.conversionRate);
  const cost = round6(listCost * (prng.chance(0.2) ? 0.85 : 1)); // some contracts price below list
  const credits: Row[] = [];
  let left = cost;
  const credit = (type: string, name: string, fraction: number): void => {
    const amount = round6(Math.min(left, cost * fraction));
    if (amount <= 0) return;
    left = round6(left - amount);
    credits.push({ name, amount: -amount, full_name: name, id: `${type.toLowerCase()}/${sku.id}`, type });
  };
  if (sku.discounts.includes('SUSTAINED_USAGE_DISCOUNT') && prng.chance(0.5))
    credit('SUSTAINED_USAGE_DISCOUNT', `Sustained usage discount: ${sku.description}`, 0.1 + prng.next() * 0.2);
  if (sku.discounts.includes('COMMITTED_USAGE_DISCOUNT') && prng.chance(0.2))
    credit('COMMITTED_USAGE_DISCOUNT', `Committed use discount: ${sku.description}`, 0.2 + prng.next() * 0.3);
  if (prng.chance(0.2)) credit('FREE_TIER', `Free tier: ${sku.description}`, prng.next());
  if (prng.chance(0.3)) credit('PROMOTION', 'Free trial credit', 0.05 + prng.next() * 0.15);
  const start = dayStart + hour * HOUR;
  return {
    ...common(account, start, start + HOUR, start + HOUR + prng.int(2, 40) * HOUR, 'regular'),
    service: sku.service,
    sku: { id: sku.id, description: sku.description },
    project: {
      ...project,
      ancestry_numbers: `/${account.billingAccountId.slice(0, 6)}/${project.number}/`,
      ancestors: [{ resource_name: `projects/${project.number}`, display_name: project.id }],
    },
    labels,
    system_labels:
      sku.service.description === 'Compute Engine'
        ? [{ key: 'compute.googleapis.com/machine_spec', value: 'n2-standard-8' }]
        : [],
    location,
    cost,
    cost_at_list: listCost,
    cost_at_effective_price_default: cost,
    cost_at_list_consumption_model: listCost,
    usage: { amount, unit: sku.unit, amount_in_pricing_units: pricingAmount, pricing_unit: sku.pricingUnit },
    credits,
    price: {
      effective_price: (sku.listPrice * account.conversionRate).toFixed(9),
      tier_start_amount: '0',
      unit: sku.pricingUnit,
      pricing_unit_quantity: '1',
      list_price: sku.listPrice.toFixed(9),
      effective_price_default: sku.listPrice.toFixed(9),
      list_price_consumption_model: sku.listPrice.toFixed(9),
    },
  };
}

function common(account: SampleAccount, start: number, end: number, exported: number, costType: string): Row {
  const month = iso(start).slice(0, 7).replace('-', '');
  return {
    billing_account_id: account.billingAccountId,
    usage_start_time: iso(start),
    usage_end_time: iso(end),
    tags: [],
    transaction_type: 'GOOGLE',
    seller_name: 'Google',
    export_time: iso(exported),
    currency: account.currency,
    currency_conversion_rate: account.conversionRate,
    invoice: { month, publisher_type: 'Google' },
    cost_type: costType,
    adjustment_info: null,
    consumption_model: { id: 'D2C8-F94F-2B62', description: 'Default' },
  };
}

/** Tax, adjustment and rounding rows: not tied to a SKU (sku is NULL), no usage, no credits. */
function chargeRow(
  account: SampleAccount,
  dayStart: number,
  costType: 'tax' | 'adjustment' | 'rounding_error',
  cost: number,
  project: SampleAccount['projects'][number] | null,
): Row {
  return {
    ...common(account, dayStart, dayStart + 24 * HOUR, dayStart + 30 * HOUR, costType),
    service:
      costType === 'tax' ? { id: '', description: 'Tax' } : { id: '6F81-5844-456A', description: 'Compute Engine' },
    sku: null,
    project: project ? { ...project, ancestry_numbers: null, ancestors: [] } : null,
    labels: [],
    system_labels: [],
    location: null,
    cost,
    cost_at_list: null,
    cost_at_effective_price_default: null,
    cost_at_list_consumption_model: null,
    usage: null,
    credits: [],
    price: null,
    ...(costType === 'adjustment'
      ? {
          adjustment_info: {
            id: `adj-${iso(dayStart).slice(0, 10)}`,
            description: 'Correction of overcharged usage',
            mode: 'MANUAL_ADJUSTMENT',
            type: 'GENERAL_ADJUSTMENT',
          },
        }
      : {}),
  };
}

function accountDay(seed: string, account: SampleAccount, day: string, rowsPerDay: number): Row[] {
  const prng = createPrng(`${seed}/rows/${account.billingAccountId}/${day}`);
  const dayStart = Date.parse(`${day}T00:00:00Z`);
  const rows = Array.from({ length: rowsPerDay }, (_, i) => usageRow(prng, account, dayStart, i % 24));
  const regular = rows.reduce((sum, r) => sum + (r.cost as number), 0);
  rows.push(chargeRow(account, dayStart, 'tax', round6(regular * 0.08), null));
  if (prng.chance(0.3))
    rows.push(
      chargeRow(account, dayStart, 'adjustment', -round6(regular * 0.05 * prng.next()), prng.pick(account.projects)),
    );
  if (prng.chance(0.3))
    rows.push(chargeRow(account, dayStart, 'rounding_error', round6((prng.next() - 0.5) / 100), null));
  return rows;
}

export function generateBillingExport(options: BillingExportOptions): BillingExport {
  const { seed } = options;
  const strangers = createPrng(`${seed}/unassigned`);
  const accounts: SampleAccount[] = [
    ...options.tenants.flatMap((t) => t.billingAccountIds.map((id) => sampleAccount(id, t.tenantId, seed))),
    ...Array.from({ length: options.unassignedAccounts ?? 1 }, () =>
      sampleAccount(billingAccountId(strangers), undefined, seed),
    ),
  ];
  const start = Date.parse(`${options.startDate}T00:00:00Z`);
  if (Number.isNaN(start)) throw new Error(`invalid startDate ${options.startDate}`);
  const days = Array.from({ length: options.days }, (_, i) => iso(start + i * 24 * HOUR).slice(0, 10));
  const rows = accounts.flatMap((a) => days.flatMap((d) => accountDay(seed, a, d, options.rowsPerAccountPerDay ?? 24)));
  return { rows, accounts };
}
