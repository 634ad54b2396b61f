/**
 * `gcp.bq_etl`: runs `source.query` and writes its rows into `destination` with the write mode's single DML
 * statement, as one BigQuery job named `{run_id}_{step_id}_{attempt}`. The destination table is created from
 * its definition (`schema_template`, default: the table name) when missing; the dataset must exist
 * (onboarding creates tenant datasets, bootstrap the central one).
 */
import { StepError } from '../../errors';
import type { RawStep } from '../../model/pipeline-codec';
import type { FieldIssue } from '../../model/report-errors';
import { placeholdersOf } from '../../variables/render-sql';
import { queryParameterValue } from '../../variables/values';
import { onlyBlocks } from '../only-blocks';
import type { StepContext, StepKind } from '../step-kind';
import { findTable, tableNames } from '../table-catalog';
import { datasetOf, qualified, runJob, sqlOf, tableNameOf, toStepError, variableText } from '../step-support';
import { SCOPE_DATE_PARAM, SCOPE_TENANT_PARAM, writeStatement } from './write-statement';

function check(step: RawStep, env: Parameters<StepKind['check']>[1]): readonly FieldIssue[] {
  const issues: FieldIssue[] = [...onlyBlocks(['source', 'destination'])(step)];
  if (!step.source) issues.push({ path: ['source'], message: 'gcp.bq_etl needs source.query' });
  else if (!step.source.query) issues.push({ path: ['source', 'query'], message: 'gcp.bq_etl needs source.query' });
  const d = step.destination;
  if (!d) {
    issues.push({ path: ['destination'], message: 'gcp.bq_etl needs a destination' });
    return issues;
  }
  const template = d.schema_template ?? d.table;
  const definition =
    placeholdersOf(template).length === 0 ? findTable(env.tables, d.dataset_type, template) : undefined;
  if (!definition) {
    const field = d.schema_template ? 'schema_template' : 'table';
    issues.push({
      path: ['destination', field],
      message: `no ${d.dataset_type} table definition named "${template}" (known: ${tableNames(env.tables, d.dataset_type).join(', ')})`,
    });
    return issues;
  }
  const columns = new Set(definition.columns.map((c) => c.name));
  if (d.write_mode === 'merge' && !d.merge_keys && !definition.keyColumns?.length) {
    issues.push({ path: ['destination', 'merge_keys'], message: 'write_mode merge needs merge_keys' });
  }
  (d.merge_keys ?? []).forEach((k, i) => {
    if (!columns.has(k))
      issues.push({ path: ['destination', 'merge_keys', i], message: `"${k}" is not a column of ${definition.name}` });
  });
  return issues;
}

async function run(ctx: StepContext) {
  const { source, destination } = ctx.step;
  if (!source?.query || !destination)
    throw new StepError('INVALID_STEP_CONFIG', 'gcp.bq_etl needs source.query and destination', false);
  const table = tableNameOf(ctx, destination.table);
  const template = destination.schema_template ?? table;
  const found = findTable(ctx.deps.tables, destination.dataset_type, template);
  if (!found)
    throw new StepError(
      'INVALID_STEP_CONFIG',
      `no ${destination.dataset_type} table definition named "${template}"`,
      false,
    );
  const definition = { ...found, name: table };
  const dataset = datasetOf(ctx, destination.dataset_type);
  try {
    await ctx.deps.warehouse.ensureTable(dataset, definition);
  } catch (error) {
    throw toStepError(error);
  }

  const query = sqlOf(ctx, source.query);
  const hasTenant = ctx.variables.has('tenant_id');
  const scopeToTenant = destination.write_mode === 'overwrite' && hasTenant;
  const scopeToDate = destination.write_mode === 'overwrite' && definition.partitionBy !== undefined;
  const sql = writeStatement({
    target: qualified(ctx, dataset, table),
    definition,
    query: query.sql,
    writeMode: destination.write_mode,
    ...(destination.merge_keys ? { mergeKeys: destination.merge_keys } : {}),
    scopeToDate,
    scopeToTenant,
  });
  const params = {
    ...query.params,
    ...(scopeToDate ? { [SCOPE_DATE_PARAM]: queryParameterValue('date', variableText(ctx, 'date')) } : {}),
    ...(scopeToTenant ? { [SCOPE_TENANT_PARAM]: variableText(ctx, 'tenant_id') } : {}),
  };
  const types = {
    ...query.types,
    ...(scopeToDate ? { [SCOPE_DATE_PARAM]: 'DATE' } : {}),
    ...(scopeToTenant ? { [SCOPE_TENANT_PARAM]: 'STRING' } : {}),
  };
  const result = await runJob(ctx, { sql, params, types }, ctx.jobId());
  return {
    jobIds: [result.jobId],
    ...(result.affectedRows !== undefined ? { affectedRows: result.affectedRows } : {}),
    details: { destination: `${dataset}.${table}`, writeMode: destination.write_mode, reattached: result.reattached },
  };
}

export const bqEtlKind: StepKind = { psType: 'gcp.bq_etl', check, run };
