/**
 * Each data-quality expectation as one read-only query plus a pure evaluation of its single result row.
 * Columns enter SQL only as validated, quoted identifiers; bounds and value sets are named parameters
 * (`@cv_…`). The step's `where` filter (already rendered) scopes every expectation except custom_sql.
 */
import type { Expectation } from '../../model/pipeline-codec';
import { quotedColumn } from '../../model/identifiers';
import type { Row } from '../../../warehouse/warehouse';

export interface ExpectationQuery {
  readonly sql: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly types: Readonly<Record<string, unknown>>;
}

export interface Evaluation {
  readonly passed: boolean;
  readonly observed: string;
  readonly expected: string;
  readonly failingRows?: number;
}

export interface ExpectationPlan {
  readonly query: ExpectationQuery;
  evaluate(row: Row | undefined, now: Date): Evaluation;
}

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

function arrayOf(values: readonly (string | number | boolean)[]): {
  value: readonly unknown[];
  type: readonly string[];
} {
  if (values.every((v) => typeof v === 'string')) return { value: values, type: ['STRING'] };
  if (values.every((v) => typeof v === 'number')) return { value: values, type: ['FLOAT64'] };
  if (values.every((v) => typeof v === 'boolean')) return { value: values, type: ['BOOL'] };
  throw new Error('values_in_set needs values of one type');
}

const zeroFailing =
  (expected: string) =>
  (row: Row | undefined): Evaluation => {
    const failing = num(row?.failing_rows);
    return { passed: failing === 0, observed: `${failing} failing rows`, expected, failingRows: failing };
  };

/** Parses what the warehouse returns for a TIMESTAMP/DATE/DATETIME (ISO text). */
function instantOf(value: unknown): Date | undefined {
  if (value === null || value === undefined) return undefined;
  const text = String(value);
  const d = new Date(
    /^\d{4}-\d{2}-\d{2}$/.test(text)
      ? `${text}T00:00:00Z`
      : /Z|[+-]\d{2}:?\d{2}$/.test(text)
        ? text
        : `${text.replace(' ', 'T')}Z`,
  );
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** `table` is a validated, quoted `project.dataset.table`; `where` is rendered SQL (or undefined). */
export function planExpectation(
  e: Expectation,
  table: string,
  where: string | undefined,
  customSql?: ExpectationQuery,
): ExpectationPlan {
  const filter = where ? `(${where})` : 'TRUE';
  const q = (
    sql: string,
    params: Record<string, unknown> = {},
    types: Record<string, unknown> = {},
  ): ExpectationQuery => ({ sql, params, types });
  switch (e.type) {
    case 'not_null': {
      const c = quotedColumn(e.column);
      return {
        query: q(`SELECT COUNT(*) AS failing_rows FROM ${table} WHERE ${filter} AND ${c} IS NULL`),
        evaluate: zeroFailing(`no NULL in ${e.column}`),
      };
    }
    case 'unique': {
      const cols = e.columns.map(quotedColumn).join(', ');
      const sql = `SELECT COUNT(*) AS duplicate_keys, COALESCE(SUM(n), 0) AS failing_rows FROM (SELECT ${cols}, COUNT(*) AS n FROM ${table} WHERE ${filter} GROUP BY ${cols} HAVING COUNT(*) > 1) AS d`;
      return { query: q(sql), evaluate: zeroFailing(`unique (${e.columns.join(', ')})`) };
    }
    case 'row_count_between': {
      const expected = `row count in [${e.min ?? '-∞'}, ${e.max ?? '∞'}]`;
      return {
        query: q(`SELECT COUNT(*) AS row_count FROM ${table} WHERE ${filter}`),
        evaluate: (row) => {
          const n = num(row?.row_count);
          return {
            passed: (e.min === undefined || n >= e.min) && (e.max === undefined || n <= e.max),
            observed: `${n} rows`,
            expected,
          };
        },
      };
    }
    case 'values_in_set': {
      const c = quotedColumn(e.column);
      const values = arrayOf(e.values);
      const sql = `SELECT COUNT(*) AS failing_rows FROM ${table} WHERE ${filter} AND ${c} IS NOT NULL AND ${c} NOT IN UNNEST(@cv_values)`;
      return {
        query: q(sql, { cv_values: values.value }, { cv_values: values.type }),
        evaluate: zeroFailing(`${e.column} in ${JSON.stringify(e.values)}`),
      };
    }
    case 'column_values_between': {
      const c = quotedColumn(e.column);
      const outside =
        [...(e.min !== undefined ? [`${c} < @cv_min`] : []), ...(e.max !== undefined ? [`${c} > @cv_max`] : [])].join(
          ' OR ',
        ) || 'FALSE';
      const params = {
        ...(e.min !== undefined ? { cv_min: e.min } : {}),
        ...(e.max !== undefined ? { cv_max: e.max } : {}),
      };
      const types = {
        ...(e.min !== undefined ? { cv_min: 'FLOAT64' } : {}),
        ...(e.max !== undefined ? { cv_max: 'FLOAT64' } : {}),
      };
      const sql = `SELECT COALESCE(SUM(CASE WHEN ${outside} THEN 1 ELSE 0 END), 0) AS failing_rows, MIN(${c}) AS min_value, MAX(${c}) AS max_value FROM ${table} WHERE ${filter} AND ${c} IS NOT NULL`;
      const expected = `${e.column} in [${e.min ?? '-∞'}, ${e.max ?? '∞'}]`;
      return {
        query: q(sql, params, types),
        evaluate: (row) => {
          const failing = num(row?.failing_rows);
          return {
            passed: failing === 0,
            observed: `${failing} failing rows (min ${String(row?.min_value ?? null)}, max ${String(row?.max_value ?? null)})`,
            expected,
            failingRows: failing,
          };
        },
      };
    }
    case 'freshness': {
      const c = quotedColumn(e.column);
      const expected = `newest ${e.column} at most ${e.max_age_hours} h old`;
      return {
        query: q(`SELECT MAX(${c}) AS latest FROM ${table} WHERE ${filter}`),
        evaluate: (row, now) => {
          const latest = instantOf(row?.latest);
          if (!latest) return { passed: false, observed: 'no rows', expected };
          const ageHours = (now.getTime() - latest.getTime()) / 3_600_000;
          return {
            passed: ageHours <= e.max_age_hours,
            observed: `${ageHours.toFixed(2)} h (newest ${latest.toISOString()})`,
            expected,
          };
        },
      };
    }
    case 'custom_sql': {
      if (!customSql) throw new Error('custom_sql needs its rendered query');
      const sql = `SELECT COUNT(*) AS failing_rows FROM (\n${customSql.sql.trim().replace(/;\s*$/, '')}\n) AS failing`;
      return {
        query: { sql, params: customSql.params, types: customSql.types },
        evaluate: zeroFailing('the query returns no rows'),
      };
    }
  }
}
