import type { Row } from '../../../src/warehouse/warehouse';

/**
 * What billing_cost_daily must hold for a tenant and day, computed in JS straight from the generated export
 * rows — independently of the pipeline's SQL. Money is summed in integer micros (the generator rounds to 6
 * decimals), so the comparison is exact.
 */
export interface ExpectedDay {
  readonly lineItems: number;
  readonly grains: number;
  readonly costMicros: number;
  readonly creditsMicros: number;
  readonly byCostType: Readonly<Record<string, number>>;
  readonly accounts: readonly string[];
  /** What a naive `JOIN UNNEST(credits)` would report as cost: proves the data exercises the trap. */
  readonly joinedCostMicros: number;
}

const micros = (n: unknown): number => Math.round(Number(n ?? 0) * 1e6);

export function expectedDay(rows: readonly Row[], accounts: readonly string[], day: string): ExpectedDay {
  const mine = rows.filter(
    (r) => accounts.includes(String(r.billing_account_id)) && String(r.usage_start_time).slice(0, 10) === day,
  );
  const grains = new Set<string>();
  const byCostType: Record<string, number> = {};
  let costMicros = 0;
  let creditsMicros = 0;
  let joinedCostMicros = 0;
  for (const r of mine) {
    const credits = (r.credits as { amount: number }[]) ?? [];
    const labels = ((r.labels as { key: string; value: string }[]) ?? [])
      .map((l) => `${l.key}=${l.value}`)
      .sort()
      .join(',');
    const g = (field: string, sub: string): string => String((r[field] as Record<string, unknown> | null)?.[sub] ?? '');
    grains.add(
      [
        day,
        r.billing_account_id,
        g('invoice', 'month'),
        g('project', 'id'),
        g('service', 'id'),
        g('sku', 'id'),
        g('location', 'location'),
        r.cost_type,
        r.currency,
        g('usage', 'unit'),
        labels,
      ].join('|'),
    );
    costMicros += micros(r.cost);
    creditsMicros += credits.reduce((s, c) => s + micros(c.amount), 0);
    byCostType[String(r.cost_type)] = (byCostType[String(r.cost_type)] ?? 0) + micros(r.cost);
    joinedCostMicros += micros(r.cost) * Math.max(1, credits.length);
  }
  return {
    lineItems: mine.length,
    grains: grains.size,
    costMicros,
    creditsMicros,
    byCostType,
    accounts: [...new Set(mine.map((r) => String(r.billing_account_id)))].sort(),
    joinedCostMicros,
  };
}

export { micros };
