import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { translateStatement } from '../../src/local/bigquery/translate';
import {
  centralViews,
  tenantComprehensiveViewSql,
  tenantPipelineExecutionViewSql,
  tenantViews,
} from '../../src/warehouse/views';
import { VIEWS_DOC_BEGIN, VIEWS_DOC_END, renderViewsMarkdown } from '../../src/warehouse/views/views-markdown';
import { WarehouseError } from '../../src/warehouse/warehouse';

describe('view definitions', () => {
  it.each([["acme'; DROP TABLE x; --"], ['ab'], ['Acme_Corp'], ['a'.repeat(51)], [undefined]])(
    'refuse a tenant id that is not one (%s) before any SQL exists',
    (tenantId) => {
      expect(() => tenantComprehensiveViewSql('tenants', tenantId)).toThrow(WarehouseError);
    },
  );

  it('refuse a central dataset name that is not an identifier', () => {
    expect(() => tenantPipelineExecutionViewSql('tenants`; DROP')).toThrow(/Invalid dataset id/);
    expect(() => tenantComprehensiveViewSql('x.y', 'acme_corp')).toThrow(/Invalid dataset id/);
  });

  it('filter every central table a tenant view reads on the tenant id', () => {
    const sql = tenantComprehensiveViewSql('tenants', 'acme_corp');
    const reads = [
      ...sql.matchAll(
        /FROM `tenants\.(\w+)`(?: AS \w+)?\s+(?:JOIN [^\n]+\n\s*)?WHERE (\w+\.)?tenant_id = 'acme_corp'/g,
      ),
    ].map((m) => m[1]);
    expect(new Set(reads)).toEqual(
      new Set([
        'tenant_profiles',
        'tenant_subscriptions',
        'tenant_usage_quotas',
        'tenant_pipeline_runs',
        'tenant_step_logs',
        'tenant_dq_results',
      ]),
    );
    expect(sql.match(/FROM `tenants\./g)).toHaveLength(reads.length);
  });

  it('translate for the local endpoint as one SELECT', () => {
    for (const view of [...centralViews, ...tenantViews]) {
      expect(translateStatement(view.sql('tenants', 'acme_corp'))).toMatchObject({ ok: true, statementType: 'SELECT' });
    }
  });

  it('have unique, documented columns', () => {
    for (const view of [...centralViews, ...tenantViews]) {
      expect(new Set(view.columns.map((c) => c.name)).size).toBe(view.columns.length);
      for (const column of view.columns) expect(column.description).toBeTruthy();
    }
  });
});

describe('docs/warehouse.md', () => {
  it('holds the view reference generated from the definitions (npx tsx tests/views/support/write-views-doc.ts)', () => {
    const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'warehouse.md'), 'utf8');
    const begin = doc.indexOf(VIEWS_DOC_BEGIN);
    const end = doc.indexOf(VIEWS_DOC_END);
    expect(begin).toBeGreaterThanOrEqual(0);
    expect(end).toBeGreaterThan(begin);
    expect(doc.slice(begin, end + VIEWS_DOC_END.length)).toBe(renderViewsMarkdown());
  });
});
