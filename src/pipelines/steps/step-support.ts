/**
 * What most step kinds share: rendering templates with the run's variables, naming datasets and tables, and
 * running a warehouse job that is cancelled when the step's signal aborts, with warehouse errors mapped to
 * step errors that say whether a retry can help.
 */
import * as E from 'fp-ts/lib/Either';
import type { QueryJobResult } from '../../warehouse/warehouse';
import { WarehouseError } from '../../warehouse/warehouse';
import { StepError } from '../errors';
import { isTableName, qualifiedTable } from '../model/identifiers';
import { renderSql, renderText } from '../variables/render-sql';
import type { RenderedSql } from '../variables/render-sql';
import { valueAsText } from '../variables/values';
import type { StepContext } from './step-kind';
import type { DatasetType } from './table-catalog';

function variablesError(issues: readonly { readonly message: string }[]): StepError {
  return new StepError('VARIABLES_INVALID', issues.map((i) => i.message).join('; '), false);
}

export function sqlOf(ctx: StepContext, template: string): RenderedSql {
  const rendered = renderSql(template, ctx.variables);
  if (E.isLeft(rendered)) throw variablesError(rendered.left);
  return rendered.right;
}

export function textOf(ctx: StepContext, template: string): string {
  const rendered = renderText(template, ctx.variables);
  if (E.isLeft(rendered)) throw variablesError(rendered.left);
  return rendered.right;
}

export function variableText(ctx: StepContext, name: string): string {
  const v = ctx.variables.get(name);
  if (!v) throw new StepError('VARIABLES_INVALID', `{${name}} has no value in this run`, false);
  return valueAsText(v.value);
}

/** The dataset of a dataset type: the tenant's own (`{tenant_dataset}`) or the central one. */
export function datasetOf(ctx: StepContext, datasetType: DatasetType): string {
  return datasetType === 'central' ? ctx.deps.tables.centralDataset : variableText(ctx, 'tenant_dataset');
}

export function tableNameOf(ctx: StepContext, template: string): string {
  const name = textOf(ctx, template);
  if (!isTableName(name))
    throw new StepError('INVALID_STEP_CONFIG', `table name ${JSON.stringify(name)} is not a valid identifier`, false);
  return name;
}

export function qualified(ctx: StepContext, dataset: string, table: string): string {
  return qualifiedTable(variableText(ctx, 'project_id'), dataset, table);
}

/** A statement with its named parameters and their types (client notation). */
export interface JobQuery {
  readonly sql: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly types: Readonly<Record<string, unknown>>;
}

const RETRYABLE = new Set(['UNAVAILABLE', 'TIMEOUT', 'UNKNOWN']);

export function toStepError(error: unknown): unknown {
  if (error instanceof WarehouseError) {
    return new StepError('WAREHOUSE_ERROR', `${error.code}: ${error.message}`, RETRYABLE.has(error.code), {
      warehouseCode: error.code,
    });
  }
  return error;
}

/** Job labels: BigQuery allows lowercase letters, digits, `_` and `-`, up to 63 characters. */
export function jobLabels(ctx: StepContext): Readonly<Record<string, string>> {
  const clean = (s: string): string =>
    s
      .toLowerCase()
      .replace(/[^a-z0-9_-]/g, '_')
      .slice(0, 63);
  const tenant = ctx.variables.get('tenant_id');
  return {
    pipeline_id: clean(ctx.pipeline.pipeline_id),
    step_id: clean(ctx.step.step_id),
    ...(tenant ? { tenant_id: clean(valueAsText(tenant.value)) } : {}),
  };
}

/**
 * Runs one statement under the given deterministic job id. If the step's signal aborts first the job is
 * cancelled (best effort) and the abort wins; the executor has already moved on by then.
 */
export async function runJob(ctx: StepContext, sql: JobQuery, jobId: string): Promise<QueryJobResult> {
  const { warehouse } = ctx.deps;
  const onAbort = (): void => {
    warehouse.cancelJob(jobId).catch(() => undefined);
  };
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  try {
    return await warehouse.runQuery(sql.sql, {
      params: sql.params,
      types: sql.types,
      jobId,
      timeoutMs: ctx.step.timeout_minutes * 60_000,
      labels: jobLabels(ctx),
    });
  } catch (error) {
    throw toStepError(error);
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
  }
}
