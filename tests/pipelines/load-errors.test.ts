import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as E from 'fp-ts/lib/Either';
import { createPipelineCatalog } from '../../src/pipelines/catalog/pipeline-catalog';
import type { PipelineCatalog } from '../../src/pipelines/catalog/pipeline-catalog';
import { formatLoadIssue } from '../../src/pipelines/errors';
import type { LoadIssue } from '../../src/pipelines/errors';
import { defaultStepRegistry, defaultTableCatalog } from '../../src/pipelines/steps/default-registry';

// Bad pipelines are written to a temporary configs directory and loaded through the catalog, as in production.
let root: string;
let catalog: PipelineCatalog;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'convergence-configs-'));
  catalog = createPipelineCatalog({ root, env: { registry: defaultStepRegistry, tables: defaultTableCatalog } });
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function load(name: string, yaml: string): Promise<readonly LoadIssue[]> {
  await mkdir(path.join(root, 'gcp', 'test'), { recursive: true });
  await writeFile(path.join(root, 'gcp', 'test', `${name}.yml`), yaml);
  const result = await catalog.load({ provider: 'gcp', domain: 'test', name });
  if (E.isRight(result)) throw new Error(`${name} loaded but should not have`);
  return result.left;
}

const messages = (issues: readonly LoadIssue[]): string[] => issues.map(formatLoadIssue);

const etl = (id: string, extra = ''): string => `
  - step_id: ${id}
    ps_type: gcp.bq_etl
    source: { query: "SELECT 1 AS x" }
    destination: { dataset_type: tenant, table: billing_cost_daily, write_mode: merge, merge_keys: [usage_date, row_key] }${extra}`;

describe('pipeline load errors name the file, the line and the path', () => {
  it('an invalid write_mode', async () => {
    const issues = await load(
      'bad_write_mode',
      `pipeline_id: cost_billing
version: 1
steps:${etl('first')}
  - step_id: second
    ps_type: gcp.bq_etl
    source: { query: "SELECT 1" }
    destination:
      dataset_type: tenant
      table: billing_cost_daily
      write_mode: upsert
`,
    );
    expect(messages(issues)).toEqual([
      'configs/gcp/test/bad_write_mode.yml:14: steps[1].destination.write_mode: expected "append" | "overwrite" | "merge", got "upsert"',
    ]);
  });

  it('accumulates every shape error, including unknown and missing fields', async () => {
    const issues = await load(
      'many',
      `pipeline_id: Bad-Id
version: 1
timeout_minutes: -5
steps:
  - step_id: a
    ps_type: gcp.bq_etl
    depends_onn: [b]
    on_failure: explode
    retry: { attempts: 0 }
  - ps_type: gcp.bq_etl
`,
    );
    const text = messages(issues).join('\n');
    expect(text).toContain('configs/gcp/test/many.yml:1: pipeline_id: expected a name matching');
    expect(text).toContain('many.yml:3: timeout_minutes: expected a positive number, got -5');
    expect(text).toContain('many.yml:7: steps[0].depends_onn: unknown field "depends_onn"');
    expect(text).toContain('many.yml:8: steps[0].on_failure: expected "stop" | "continue", got "explode"');
    expect(text).toContain('many.yml:9: steps[0].retry.attempts: expected an integer from 1 to 20, got 0');
    expect(text).toContain('many.yml:10: steps[1].step_id: missing required field "step_id"');
    expect(issues.every((i) => i.code === 'INVALID_FIELD')).toBe(true);
  });

  it('unknown step kinds, duplicate ids, missing dependencies and cycles', async () => {
    const issues = await load(
      'graph',
      `pipeline_id: graph
version: 1
steps:${etl('a', '\n    depends_on: [c]')}${etl('b', '\n    depends_on: [a, ghost]')}${etl('c', '\n    depends_on: [b]')}${etl('a')}
  - step_id: d
    ps_type: gcp.teleport
`,
    );
    expect(issues.map((i) => [i.code, i.path.join('.')])).toEqual(
      expect.arrayContaining([
        ['DUPLICATE_STEP_ID', 'steps.3.step_id'],
        ['MISSING_DEPENDENCY', 'steps.1.depends_on'],
        ['CYCLE', 'steps.0.depends_on'],
        ['UNKNOWN_STEP_KIND', 'steps.4.ps_type'],
      ]),
    );
    const text = messages(issues).join('\n');
    expect(text).toContain('graph.yml:24: steps[4].ps_type: unknown step kind "gcp.teleport"');
    expect(text).toMatch(/dependency cycle: a → c → b → a/);
    expect(text).toContain('depends on unknown step "ghost"');
  });

  it('unknown placeholders anywhere, and placeholders inside SQL string literals', async () => {
    const issues = await load(
      'placeholders',
      `pipeline_id: placeholders
version: 1
variables:
  label: "cost-{tenant_idd}"
steps:
  - step_id: load
    ps_type: gcp.bq_etl
    source:
      query: |
        SELECT * FROM \`{project_id}.{tenant_dataset}.x\`
        WHERE d = {date} AND t = '{tenant_id}' AND z = @nope AND y = {whatever}
    destination: { dataset_type: tenant, table: billing_cost_daily, write_mode: append }
`,
    );
    const text = messages(issues).join('\n');
    expect(text).toContain('placeholders.yml:4: variables.label.value: unknown placeholder {tenant_idd}');
    expect(text).toContain('steps[0].source.query: {tenant_id} inside a string literal');
    expect(text).toContain('steps[0].source.query: unknown query parameter @nope');
    expect(text).toContain('steps[0].source.query: unknown placeholder {whatever}');
    expect(text).not.toContain('{date}');
  });

  it('kind-specific checks: unknown tables, merge keys and DQ columns', async () => {
    const issues = await load(
      'kinds',
      `pipeline_id: kinds
version: 1
steps:
  - step_id: load
    ps_type: gcp.bq_etl
    source: { query: "SELECT 1" }
    destination: { dataset_type: tenant, table: billing_cost_daily, write_mode: merge, merge_keys: [usage_date, nope] }
  - step_id: check
    ps_type: gcp.data_quality
    depends_on: [load]
    dq_config:
      table: no_such_table
      expectations:
        - { type: not_null, column: x }
        - { type: row_count_between }
  - step_id: etl_with_dq
    ps_type: gcp.bq_etl
    source: { query: "SELECT 1" }
    destination: { dataset_type: central, table: tenant_dq_results, write_mode: merge }
    dq_config: { table: billing_cost_daily, expectations: [{ type: not_null, column: cost }] }
`,
    );
    expect(messages(issues)).toEqual([
      'configs/gcp/test/kinds.yml:7: steps[0].destination.merge_keys[1]: "nope" is not a column of billing_cost_daily',
      'configs/gcp/test/kinds.yml:12: steps[1].dq_config.table: no tenant table definition named "no_such_table" (known: onboarding_validation_test, billing_cost_daily, dryrun_validation_log)',
      'configs/gcp/test/kinds.yml:15: steps[1].dq_config.expectations[1].min: row_count_between needs min, max or both',
      'configs/gcp/test/kinds.yml:20: steps[2].dq_config: gcp.bq_etl does not use dq_config',
    ]);
    const unknownType = await load(
      'dq_type',
      `pipeline_id: dq_type
version: 1
steps:
  - step_id: check
    ps_type: gcp.data_quality
    dq_config:
      table: billing_cost_daily
      expectations:
        - { type: telepathy, column: x }
`,
    );
    expect(messages(unknownType)).toEqual([
      'configs/gcp/test/dq_type.yml:9: steps[0].dq_config.expectations[0].type: expected "not_null" | "unique" | "row_count_between" | "values_in_set" | "column_values_between" | "freshness" | "custom_sql", got "telepathy"',
    ]);
  });

  it('names that shadow built-ins, bad parameter defaults and YAML syntax errors', async () => {
    const shadow = await load(
      'shadow',
      `pipeline_id: shadow
version: 1
parameters:
  date: { type: date, set_by: operator }
  limit: { type: int64, set_by: operator, default: "many" }
steps:${etl('a')}
`,
    );
    expect(messages(shadow)).toEqual([
      'configs/gcp/test/shadow.yml:4: parameters.date: "date" is a built-in variable and cannot be redeclared',
      'configs/gcp/test/shadow.yml:5: parameters.limit.default: expected an integer, got "many"',
    ]);
    const syntax = await load('syntax', 'pipeline_id: x\nsteps:\n  - step_id: a\n   ps_type: b\n');
    expect(syntax[0]).toMatchObject({ code: 'YAML_SYNTAX', file: 'configs/gcp/test/syntax.yml', line: 4 });
    const dupKey = await load('dup_key', 'pipeline_id: x\npipeline_id: y\nversion: 1\nsteps: []\n');
    expect(dupKey[0]).toMatchObject({ code: 'YAML_SYNTAX', line: 2 });
  });
});

describe('the catalog refuses paths outside configs/', () => {
  it.each([
    { provider: '..', domain: 'cost', name: 'cost_billing' },
    { provider: 'gcp', domain: '../..', name: 'etc' },
    { provider: 'gcp', domain: 'cost', name: '../../../etc/passwd' },
    { provider: 'gcp', domain: 'cost', name: 'a/b' },
    { provider: 'setup', domain: 'tenants', name: 'onboarding' },
    { provider: 'gcp', domain: 'cost', name: '' },
  ])('%o', async (ref) => {
    const result = await catalog.load(ref);
    expect(E.isLeft(result) && result.left[0]?.code).toBe('INVALID_PATH');
  });

  it('who sets a parameter: tenant or operator, and never a tenant for an identifier', async () => {
    const setBy = await load(
      'set_by',
      `pipeline_id: set_by
version: 1
parameters:
  export_table: { type: identifier, set_by: tenant }
  note: { type: string, set_by: anyone }
  limit: { type: int64, set_by: tenant, default: 5 }
steps:${etl('a')}
`,
    );
    expect(messages(setBy)).toEqual([
      'configs/gcp/test/set_by.yml:5: parameters.note.set_by: expected "tenant" | "operator", got "anyone"',
    ]);
    const identifier = await load(
      'set_by_identifier',
      `pipeline_id: set_by_identifier
version: 1
parameters:
  export_table: { type: identifier, set_by: tenant }
  limit: { type: int64, set_by: tenant, default: 5 }
steps:${etl('a')}
`,
    );
    expect(messages(identifier)).toEqual([
      'configs/gcp/test/set_by_identifier.yml:4: parameters.export_table.set_by: an identifier parameter names warehouse objects, so only the operator sets it',
    ]);
  });

  it('a symlink leading out of configs/ is refused, a missing pipeline is not found', async () => {
    await mkdir(path.join(root, 'gcp', 'links'), { recursive: true });
    await writeFile(path.join(os.tmpdir(), 'convergence-outside.yml'), 'pipeline_id: outside\nversion: 1\nsteps: []\n');
    await symlink(
      path.join(os.tmpdir(), 'convergence-outside.yml'),
      path.join(root, 'gcp', 'links', 'outside.yml'),
    ).catch(() => undefined);
    const outside = await catalog.load({ provider: 'gcp', domain: 'links', name: 'outside' });
    expect(E.isLeft(outside) && outside.left[0]?.code).toBe('INVALID_PATH');
    const missing = await catalog.load({ provider: 'gcp', domain: 'cost', name: 'nothing_here' });
    expect(E.isLeft(missing) && missing.left[0]?.code).toBe('FILE_NOT_FOUND');
  });
});

describe('the shipped configs load', () => {
  const shipped = createPipelineCatalog({
    root: path.resolve(__dirname, '../../configs'),
    env: { registry: defaultStepRegistry, tables: defaultTableCatalog },
  });

  it.each(['bootstrap', 'onboarding', 'dryrun'] as const)('setup %s', async (which) => {
    const result = await shipped.loadSetup(which);
    expect(E.isLeft(result) ? result.left.map(formatLoadIssue) : []).toEqual([]);
  });

  it('every template, among them gcp/cost/cost_billing', async () => {
    const refs = await shipped.list();
    expect(refs).toContainEqual({ provider: 'gcp', domain: 'cost', name: 'cost_billing' });
    for (const ref of refs) {
      const result = await shipped.load(ref);
      expect(E.isLeft(result) ? result.left.map(formatLoadIssue) : []).toEqual([]);
    }
  });
});

describe('a webhook URL whose destination is not written out is a load error', () => {
  const webhook = (url: string) => `pipeline_id: hooks
version: 1
parameters:
  target: { type: string, default: "x" }
steps:
  - step_id: alert
    ps_type: notify_systems.webhook
    webhook: { url: "${url}" }
`;

  it.each([
    ['{target}/hook', 'a {placeholder} cannot give the scheme or host'],
    ['https://{target}/hook', 'the host and port must be written out'],
    ['https://hooks.example.com:{target}/hook', 'the host and port must be written out'],
    ['https://user:pass@hooks.example.com/hook', 'carries no user info'],
  ])('%s', async (url, reason) => {
    const text = messages(await load('hooks', webhook(url))).join('\n');
    expect(text).toContain('hooks.yml');
    expect(text).toContain('steps[0].webhook.url');
    expect(text).toContain(reason);
  });
});
