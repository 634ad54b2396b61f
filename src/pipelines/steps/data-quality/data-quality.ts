/**
 * `gcp.data_quality`: evaluates each expectation of `dq_config` against its table (one read-only job each,
 * `{run_id}_{step_id}_{attempt}_dq{n}`) and reports one verdict per expectation in its outcome — the step's
 * StepSucceeded event, or on a critical failure its StepFailed event — from which the `tenant_dq_results`
 * projection builds its rows: the step writes no table itself. A critical expectation that fails fails the
 * step without retry (the data would not change). Result per expectation: PASS when it holds; otherwise FAIL
 * for critical and WARNING for warning and info.
 */
import { StepError } from '../../errors';
import type { Expectation, RawStep } from '../../model/pipeline-codec';
import type { FieldIssue } from '../../model/report-errors';
import { mapWithConcurrency } from '../../../shared/map-with-concurrency';
import { onlyBlocks } from '../only-blocks';
import type { StepContext, StepKind } from '../step-kind';
import { findTable, tableNames } from '../table-catalog';
import { datasetOf, qualified, runJob, sqlOf, tableNameOf, textOf } from '../step-support';
import { planExpectation } from './expectation-sql';
import { dqDetails, dqResultDetail, type DqOutcome } from './result-detail';

export const checkIdOf = (e: Expectation, index: number): string => e.id ?? `${e.type}_${index + 1}`;

function check(step: RawStep, env: Parameters<StepKind['check']>[1]): readonly FieldIssue[] {
  const dq = step.dq_config;
  if (!dq) return [{ path: ['dq_config'], message: 'gcp.data_quality needs dq_config' }];
  const issues: FieldIssue[] = [...onlyBlocks(['dq_config'])(step)];
  const definition = /\{/.test(dq.table) ? undefined : findTable(env.tables, dq.dataset_type ?? 'tenant', dq.table);
  if (!/\{/.test(dq.table) && !definition) {
    issues.push({
      path: ['dq_config', 'table'],
      message: `no ${dq.dataset_type ?? 'tenant'} table definition named "${dq.table}" (known: ${tableNames(env.tables, dq.dataset_type ?? 'tenant').join(', ')})`,
    });
  }
  const columns = new Set(definition?.columns.map((c) => c.name) ?? []);
  const ids = new Set<string>();
  dq.expectations.forEach((e, i) => {
    const at = (field: string | number, ...rest: (string | number)[]) => [
      'dq_config',
      'expectations',
      i,
      field,
      ...rest,
    ];
    const id = checkIdOf(e, i);
    if (ids.has(id)) issues.push({ path: at('id'), message: `duplicate expectation id "${id}"` });
    ids.add(id);
    const named = 'column' in e ? [e.column] : 'columns' in e ? e.columns : [];
    named.forEach((c, j) => {
      if (definition && !columns.has(c))
        issues.push({
          path: 'column' in e ? at('column') : at('columns', j),
          message: `"${c}" is not a column of ${definition.name}`,
        });
    });
    if (
      (e.type === 'row_count_between' || e.type === 'column_values_between') &&
      e.min === undefined &&
      e.max === undefined
    ) {
      issues.push({ path: at('min'), message: `${e.type} needs min, max or both` });
    }
    if (
      (e.type === 'row_count_between' || e.type === 'column_values_between') &&
      e.min !== undefined &&
      e.max !== undefined &&
      e.min > e.max
    ) {
      issues.push({ path: at('max'), message: 'max is below min' });
    }
    if (e.type === 'values_in_set' && new Set(e.values.map((v) => typeof v)).size > 1) {
      issues.push({ path: at('values'), message: 'values must all be strings, all numbers or all booleans' });
    }
  });
  return issues;
}

async function run(ctx: StepContext) {
  const dq = ctx.step.dq_config;
  if (!dq) throw new StepError('INVALID_STEP_CONFIG', 'gcp.data_quality needs dq_config', false);
  const dataset = datasetOf(ctx, dq.dataset_type ?? 'tenant');
  const tableName = tableNameOf(ctx, dq.table);
  const table = qualified(ctx, dataset, tableName);
  const where = dq.where ? sqlOf(ctx, dq.where) : undefined;
  const checkedAt = ctx.deps.clock.now();

  const outcomes = await mapWithConcurrency(dq.expectations, 4, async (declared, index): Promise<DqOutcome> => {
    // String values of a set may hold placeholders ("{tenant_id}"); they are bound as parameters anyway.
    const e =
      declared.type === 'values_in_set'
        ? { ...declared, values: declared.values.map((v) => (typeof v === 'string' ? textOf(ctx, v) : v)) }
        : declared;
    const custom = e.type === 'custom_sql' ? sqlOf(ctx, e.sql) : undefined;
    const plan = planExpectation(e, table, where?.sql, custom);
    // custom_sql carries its own parameters; the others add theirs to the where filter's.
    const scoped = e.type === 'custom_sql' ? undefined : where;
    const query = {
      sql: plan.query.sql,
      params: { ...scoped?.params, ...plan.query.params },
      types: { ...scoped?.types, ...plan.query.types },
    };
    const result = await runJob(ctx, query, ctx.jobId(`dq${index + 1}`));
    const evaluation = plan.evaluate(result.rows[0], checkedAt);
    const severity = e.severity ?? 'critical';
    return {
      checkId: checkIdOf(e, index),
      expectation: e,
      severity,
      result: evaluation.passed ? 'PASS' : severity === 'critical' ? 'FAIL' : 'WARNING',
      evaluation,
      jobId: result.jobId,
    };
  });

  const results = outcomes.map((o) => dqResultDetail(o, `${dataset}.${tableName}`, checkedAt));
  const failed = outcomes.filter((o) => o.result === 'FAIL');
  if (failed.length > 0) {
    throw new StepError(
      'DQ_CRITICAL_FAILURE',
      `critical expectations failed: ${failed.map((o) => `${o.checkId} (${o.evaluation.observed}; expected ${o.evaluation.expected})`).join(', ')}`,
      false,
      dqDetails(results),
    );
  }
  return { jobIds: outcomes.map((o) => o.jobId), details: dqDetails(results) };
}

export const dataQualityKind: StepKind = { psType: 'gcp.data_quality', check, run };
