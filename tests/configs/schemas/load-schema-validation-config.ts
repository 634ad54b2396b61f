import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { describeDecodeErrors } from '../../../src/domain/decode-errors';

const ColumnType = t.keyof({
  STRING: null,
  INT64: null,
  FLOAT64: null,
  NUMERIC: null,
  BOOL: null,
  TIMESTAMP: null,
  DATE: null,
  DATETIME: null,
  JSON: null,
  BYTES: null,
  RECORD: null,
});
const Mode = t.keyof({ NULLABLE: null, REQUIRED: null, REPEATED: null });

export interface ExpectedColumn {
  readonly name: string;
  readonly type: t.TypeOf<typeof ColumnType>;
  readonly mode: t.TypeOf<typeof Mode>;
  readonly fields?: readonly ExpectedColumn[];
}

const ExpectedColumn: t.Type<ExpectedColumn> = t.recursion('ExpectedColumn', () =>
  t.intersection([
    t.type({ name: t.string, type: ColumnType, mode: Mode }),
    t.partial({ fields: t.readonlyArray(ExpectedColumn) }),
  ]),
);

const ExpectedTable = t.type({
  table: t.string,
  partition_column: t.union([t.string, t.null]),
  cluster_columns: t.readonlyArray(t.string),
  columns: t.readonlyArray(ExpectedColumn),
});
export type ExpectedTable = t.TypeOf<typeof ExpectedTable>;

const SchemaValidationConfig = t.type({
  central_dataset: t.string,
  central_tables: t.readonlyArray(ExpectedTable),
  tenant_tables: t.readonlyArray(ExpectedTable),
  tenant_views: t.readonlyArray(t.string),
});
export type SchemaValidationConfig = t.TypeOf<typeof SchemaValidationConfig>;

export const SCHEMA_VALIDATION_CONFIG = path.join(__dirname, 'schema_validation_config.json');

/** tests/configs/schemas/schema_validation_config.json, decoded: a malformed file fails with every bad path. */
export function loadSchemaValidationConfig(file = SCHEMA_VALIDATION_CONFIG): SchemaValidationConfig {
  const decoded = SchemaValidationConfig.decode(JSON.parse(readFileSync(file, 'utf8')));
  if (E.isLeft(decoded)) throw new Error(`${file}:\n  ${describeDecodeErrors(decoded.left).join('\n  ')}`);
  return decoded.right;
}
