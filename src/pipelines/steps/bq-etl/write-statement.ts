/**
 * The DML that writes a query's result into its destination (pure). The query must select every column of
 * the destination's definition, by name; columns are listed explicitly so their order never matters.
 *
 *  append     INSERT … SELECT: adds rows (a re-run adds them again — use merge or overwrite for re-runnable days).
 *  overwrite  one MERGE … ON FALSE: deletes the target rows in scope and inserts the query's rows atomically.
 *             Scope = the run's day when the table is partitioned (partition column = @date), and the run's
 *             tenant when the table has a tenant_id column; the whole table otherwise.
 *  merge      one MERGE on the merge keys (NULL-safe for nullable keys): a re-run of the same day updates the
 *             rows it wrote before instead of duplicating them.
 */
import type { TableDefinition } from '../../../warehouse/warehouse';
import { quotedColumn } from '../../model/identifiers';

export type WriteMode = 'append' | 'overwrite' | 'merge';

export interface WriteStatementInput {
  /** `project.dataset.table`, already validated and quoted. */
  readonly target: string;
  readonly definition: TableDefinition;
  readonly query: string;
  readonly writeMode: WriteMode;
  readonly mergeKeys?: readonly string[];
  /** Overwrite scope: bind @date to the partition, @tenant_id to tenant_id (the caller binds both). */
  readonly scopeToDate: boolean;
  readonly scopeToTenant: boolean;
}

export const SCOPE_DATE_PARAM = 'cv_scope_date';
export const SCOPE_TENANT_PARAM = 'cv_scope_tenant';

const columnsOf = (d: TableDefinition): readonly string[] => d.columns.map((c) => c.name);

function overwriteScope(input: WriteStatementInput): string {
  const conditions: string[] = [];
  const partition = input.definition.partitionBy?.column;
  if (input.scopeToDate && partition) {
    const type = input.definition.columns.find((c) => c.name === partition)?.type;
    const column = `target.${quotedColumn(partition)}`;
    conditions.push(type === 'DATE' ? `${column} = @${SCOPE_DATE_PARAM}` : `DATE(${column}) = @${SCOPE_DATE_PARAM}`);
  }
  if (input.scopeToTenant && columnsOf(input.definition).includes('tenant_id'))
    conditions.push(`target.\`tenant_id\` = @${SCOPE_TENANT_PARAM}`);
  return conditions.length === 0 ? '' : ` AND ${conditions.join(' AND ')}`;
}

function keyCondition(definition: TableDefinition, key: string): string {
  const c = quotedColumn(key);
  const required = definition.columns.find((col) => col.name === key)?.mode === 'REQUIRED';
  return required
    ? `target.${c} = source.${c}`
    : `(target.${c} = source.${c} OR (target.${c} IS NULL AND source.${c} IS NULL))`;
}

export function writeStatement(input: WriteStatementInput): string {
  const columns = columnsOf(input.definition).map(quotedColumn);
  const list = columns.join(', ');
  const sourceList = columns.map((c) => `source.${c}`).join(', ');
  const query = input.query.trim().replace(/;\s*$/, '');
  switch (input.writeMode) {
    case 'append':
      return `INSERT INTO ${input.target} (${list})\nSELECT ${list} FROM (\n${query}\n)`;
    case 'overwrite':
      return [
        `MERGE ${input.target} AS target`,
        `USING (\n${query}\n) AS source`,
        'ON FALSE',
        `WHEN NOT MATCHED BY SOURCE${overwriteScope(input)} THEN DELETE`,
        `WHEN NOT MATCHED THEN INSERT (${list}) VALUES (${sourceList})`,
      ].join('\n');
    case 'merge': {
      const keys = input.mergeKeys ?? input.definition.keyColumns ?? [];
      if (keys.length === 0) throw new Error('merge needs merge_keys (or key columns in the table definition)');
      const updates = columns.filter((c) => !keys.map(quotedColumn).includes(c)).map((c) => `${c} = source.${c}`);
      return [
        `MERGE ${input.target} AS target`,
        `USING (\n${query}\n) AS source`,
        `ON ${keys.map((k) => keyCondition(input.definition, k)).join(' AND ')}`,
        ...(updates.length > 0 ? [`WHEN MATCHED THEN UPDATE SET ${updates.join(', ')}`] : []),
        `WHEN NOT MATCHED THEN INSERT (${list}) VALUES (${sourceList})`,
      ].join('\n');
    }
  }
}
