import * as E from 'fp-ts/lib/Either';
import { renderSql, renderText } from '../../src/pipelines/variables/render-sql';
import { defaultDate, resolveVariables } from '../../src/pipelines/variables/resolve-variables';
import type { VariableDeclarations } from '../../src/pipelines/variables/resolve-variables';
import type { Variables } from '../../src/pipelines/variables/values';
import { runIdentity } from './support/pipelines';

const INJECTION = "2026-01-01' OR '1'='1";

function resolved(decl: VariableDeclarations, overrides: Parameters<typeof runIdentity>[0] = {}): Variables {
  const r = resolveVariables(decl, runIdentity(overrides));
  if (E.isLeft(r)) throw new Error(r.left.map((i) => i.message).join('; '));
  return r.right;
}

function issuesOf(decl: VariableDeclarations, overrides: Parameters<typeof runIdentity>[0] = {}): string[] {
  const r = resolveVariables(decl, runIdentity(overrides));
  return E.isLeft(r) ? r.left.map((i) => `${i.code}: ${i.message}`) : [];
}

describe('built-in variables', () => {
  it('come from the run', () => {
    const v = resolved({});
    const value = (name: string) => v.get(name)?.value;
    expect(value('tenant_id')).toBe('acme_corp');
    expect(value('tenant_dataset')).toBe('acme_corp');
    expect(value('central_dataset')).toBe('tenants');
    expect(value('project_id')).toBe('convergence-test');
    expect(value('run_id')).toBe('run_0001');
    expect(value('pipeline_id')).toBe('test_pipeline');
    expect(value('scheduled_time')).toBe('2026-01-02T06:00:00.000Z');
    expect(value('date')).toBe('2026-01-02');
  });

  it('date: the requested one, else the scheduled day in the schedule timezone plus the offset', () => {
    expect(resolved({}, { date: '2025-12-24' }).get('date')?.value).toBe('2025-12-24');
    expect(defaultDate('2026-01-01T23:30:00Z', undefined, 0)).toBe('2026-01-01');
    expect(defaultDate('2026-01-01T23:30:00Z', 'Europe/Berlin', 0)).toBe('2026-01-02');
    expect(defaultDate('2026-03-01T06:00:00Z', 'UTC', -1)).toBe('2026-02-28');
    expect(
      resolved(
        { date_offset_days: -1, schedule: { timezone: 'America/New_York' } },
        { scheduledTime: '2026-01-02T03:00:00Z' },
      ).get('date')?.value,
    ).toBe('2025-12-31');
  });

  it('an injected date fails validation before any SQL exists', () => {
    expect(issuesOf({}, { date: INJECTION })).toEqual([
      `INVALID_VALUE: built-in date="${INJECTION}": expected a calendar date YYYY-MM-DD`,
    ]);
    expect(issuesOf({}, { date: '2026-02-30' })[0]).toMatch(/^INVALID_VALUE: built-in date/);
    expect(issuesOf({}, { tenantId: 'Acme; DROP' })[0]).toMatch(/^INVALID_VALUE: built-in tenant_id/);
    expect(issuesOf({}, { projectId: 'p`; DROP' })[0]).toMatch(/^INVALID_VALUE: built-in project_id/);
  });
});

describe('parameters and variables', () => {
  const decl: VariableDeclarations = {
    parameters: {
      accounts: { type: 'string_array' },
      export_table: { type: 'identifier', default: 'gcp_billing_export_v1_X' },
      limit: { type: 'int64', default: 10 },
      note: { type: 'string', default: 'none' },
    },
    variables: {
      label: { value: '{tenant_id}-{suffix}' },
      suffix: { value: '{date}' },
      target: { value: '{export_table}_copy', type: 'identifier' },
    },
  };

  it('the run value wins over the default; variables resolve over everything, in dependency order', () => {
    const v = resolved(decl, { parameters: { accounts: ['A-1'], limit: '25' } });
    expect(v.get('accounts')?.value).toEqual(['A-1']);
    expect(v.get('limit')?.value).toBe(25);
    expect(v.get('export_table')?.value).toBe('gcp_billing_export_v1_X');
    expect(v.get('label')?.value).toBe('acme_corp-2026-01-02');
    expect(v.get('target')?.value).toBe('gcp_billing_export_v1_X_copy');
  });

  it('missing, undeclared and ill-typed parameters are errors', () => {
    expect(issuesOf(decl)).toEqual(['MISSING_VALUE: parameter accounts has no value and no default']);
    expect(issuesOf(decl, { parameters: { accounts: [], surprise: 1 } })).toEqual([
      'UNKNOWN_PARAMETER: parameter surprise is not declared by the pipeline',
    ]);
    expect(issuesOf(decl, { parameters: { accounts: 'A-1', export_table: 'x.y`z', limit: 1.5 } })).toEqual([
      'INVALID_VALUE: parameter accounts="A-1": expected a list of strings',
      'INVALID_VALUE: parameter export_table="x.y`z": expected an identifier matching /^[A-Za-z0-9_]{1,1024}$/',
      'INVALID_VALUE: parameter limit=1.5: expected an integer',
    ]);
  });

  it('an identifier variable whose text is not an identifier is refused', () => {
    const bad: VariableDeclarations = {
      parameters: { note: { type: 'string' } },
      variables: { t: { value: 'x_{note}', type: 'identifier' } },
    };
    expect(issuesOf(bad, { parameters: { note: "a' OR 1=1" } })[0]).toMatch(/^INVALID_VALUE: variable t=/);
  });
});

describe('rendering SQL', () => {
  const variables = resolved(
    { parameters: { note: { type: 'string' }, accounts: { type: 'string_array' } } },
    { parameters: { note: INJECTION, accounts: ['A'] } },
  );

  it('values become named parameters; validated identifiers are the only interpolated text', () => {
    const r = renderSql(
      'SELECT * FROM `{project_id}.{tenant_dataset}.t` WHERE d = {date} AND n = @note AND a IN UNNEST(@accounts) -- for {tenant_id}',
      variables,
    );
    expect(E.isRight(r) && r.right).toEqual({
      sql: 'SELECT * FROM `convergence-test.acme_corp.t` WHERE d = @date AND n = @note AND a IN UNNEST(@accounts) -- for tenant_id',
      params: { date: { value: '2026-01-02' }, note: INJECTION, accounts: ['A'] },
      types: { date: 'DATE', note: 'STRING', accounts: ['STRING'] },
    });
  });

  it('an injection string given as a value is bound, never spliced into the SQL text', () => {
    const r = renderSql("SELECT * FROM t WHERE note = {note} AND x = 'it''s @note'", variables);
    if (E.isLeft(r)) throw new Error('expected a rendering');
    expect(r.right.sql).toBe("SELECT * FROM t WHERE note = @note AND x = 'it''s @note'");
    expect(r.right.sql).not.toContain("OR '1'='1");
    expect(r.right.params).toEqual({ note: INJECTION });
  });

  it('refuses unknown names, values inside quoted names, and placeholders inside string literals', () => {
    const codes = (sql: string) => {
      const r = renderSql(sql, variables);
      return E.isLeft(r) ? r.left.map((i) => i.code) : [];
    };
    expect(codes('SELECT {nope}')).toEqual(['UNKNOWN_PLACEHOLDER']);
    expect(codes('SELECT @nope, @@project_id')).toEqual(['UNKNOWN_QUERY_PARAMETER']);
    expect(codes('SELECT * FROM `{project_id}.{note}.t`')).toEqual(['NOT_AN_IDENTIFIER']);
    expect(codes("SELECT '{date}', \"{tenant_id}\", '''{run_id}'''")).toEqual([
      'PLACEHOLDER_IN_STRING_LITERAL',
      'PLACEHOLDER_IN_STRING_LITERAL',
      'PLACEHOLDER_IN_STRING_LITERAL',
    ]);
    expect(codes('SELECT 1 /* {unknown_in_comment} */')).toEqual(['UNKNOWN_PLACEHOLDER']);
    expect(codes("SELECT REGEXP_CONTAINS(x, r'a{2}') FROM `{project_id}.{central_dataset}.t`")).toEqual([]);
  });

  it('renders text templates and refuses unknown placeholders in them', () => {
    expect(renderText('https://hooks.example.com/{tenant_id}?d={date}', variables)).toEqual(
      E.right('https://hooks.example.com/acme_corp?d=2026-01-02'),
    );
    expect(E.isLeft(renderText('{tenant}', variables))).toBe(true);
  });
});

describe('parameter names that every object has', () => {
  it('are unknown parameters, not inherited declarations', () => {
    const decl: VariableDeclarations = { parameters: { region: { type: 'string', default: 'eu' } } };
    expect(issuesOf(decl, { parameters: { toString: 'x', constructor: 'y' } })).toEqual([
      'UNKNOWN_PARAMETER: parameter toString is not declared by the pipeline',
      'UNKNOWN_PARAMETER: parameter constructor is not declared by the pipeline',
    ]);
  });
});
