import { generateBillingExport, sampleTenants } from '../../src/local/sample-data';
import { billingExportTable } from '../../src/local/sample-data/billing-export-table';

describe('the sample billing export generator', () => {
  const tenants = sampleTenants(3, 'seed-a');
  const options = { seed: 'seed-a', tenants, startDate: '2026-01-01', days: 3 };

  it('is deterministic for a seed and differs between seeds', () => {
    const a = generateBillingExport(options);
    const b = generateBillingExport(options);
    expect(JSON.stringify(a.rows)).toBe(JSON.stringify(b.rows));
    const c = generateBillingExport({ ...options, seed: 'seed-b' });
    expect(JSON.stringify(c.rows)).not.toBe(JSON.stringify(a.rows));
    expect(sampleTenants(3, 'seed-a')).toEqual(tenants);
  });

  it('covers N tenants × D days plus an account of no tenant', () => {
    const { rows, accounts } = generateBillingExport(options);
    const tenantAccounts = tenants.flatMap((t) => t.billingAccountIds);
    expect(accounts.filter((a) => a.tenantId === undefined)).toHaveLength(1);
    expect(new Set(rows.map((r) => r.billing_account_id))).toEqual(new Set(accounts.map((a) => a.billingAccountId)));
    expect(tenantAccounts.every((id) => /^[0-9A-F]{6}-[0-9A-F]{6}-[0-9A-F]{6}$/.test(id))).toBe(true);
    expect(new Set(rows.map((r) => String(r.usage_start_time).slice(0, 10)))).toEqual(
      new Set(['2026-01-01', '2026-01-02', '2026-01-03']),
    );
  });

  it('looks like a real export: credits negative and never above cost, every cost type, late export times', () => {
    const { rows } = generateBillingExport(options);
    const credits = rows.flatMap((r) => (r.credits as { amount: number }[]).map((c) => ({ row: r, amount: c.amount })));
    expect(credits.length).toBeGreaterThan(10);
    expect(credits.every((c) => c.amount < 0)).toBe(true);
    for (const r of rows) {
      const sum = (r.credits as { amount: number }[]).reduce((s, c) => s + c.amount, 0);
      if ((r.cost as number) >= 0) expect(-sum).toBeLessThanOrEqual((r.cost as number) + 1e-9);
    }
    expect(rows.some((r) => (r.credits as unknown[]).length >= 2)).toBe(true);
    expect(new Set(rows.map((r) => r.cost_type))).toEqual(new Set(['regular', 'tax', 'adjustment', 'rounding_error']));
    expect(rows.some((r) => r.cost_type === 'adjustment' && (r.cost as number) < 0)).toBe(true);
    expect(rows.some((r) => String(r.export_time).slice(0, 10) > String(r.usage_start_time).slice(0, 10))).toBe(true);
    expect(rows.some((r) => (r.labels as unknown[]).length > 0)).toBe(true);
    expect(new Set(rows.map((r) => (r.service as { description: string }).description)).size).toBeGreaterThanOrEqual(6);
  });

  it('every row matches the export table definition (known columns only)', () => {
    const { rows } = generateBillingExport(options);
    const columns = new Set(billingExportTable('x').columns.map((c) => c.name));
    for (const r of rows) expect(Object.keys(r).filter((k) => !columns.has(k))).toEqual([]);
  });
});
