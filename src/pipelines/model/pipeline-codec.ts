/**
 * The pipeline YAML model as io-ts codecs. Field names mirror the YAML (snake_case) so an error path such as
 * `steps[1].destination.write_mode` points straight at the file. Defaults are applied afterwards by
 * normalize-pipeline.ts, never here, so the decoded value is exactly what the file says.
 */
import * as t from 'io-ts';
import {
  dict,
  finiteNumber,
  list,
  matching,
  nonEmptyText,
  nonNegativeNumber,
  oneOf,
  positiveInt,
  positiveNumber,
  refine,
  scalar,
  struct,
  taggedUnion,
  text,
  versionText,
} from './codec-helpers';
import type { Codec } from './codec-helpers';
import { COLUMN_NAME_PATTERN, NAME_PATTERN } from './identifiers';

const name = matching(NAME_PATTERN, 'a name');
const column = matching(COLUMN_NAME_PATTERN, 'a column name');
const nonEmptyList = <A>(item: Codec<A>): Codec<readonly A[]> =>
  refine(list(item), (xs) => xs.length > 0, `a non-empty list of ${item.name}`);

export const BackoffCodec = struct(
  'backoff',
  {},
  {
    initial_seconds: nonNegativeNumber,
    multiplier: refine(t.number, (n) => n >= 1 && n <= 10, 'a multiplier from 1 to 10'),
    max_seconds: nonNegativeNumber,
  },
);

export const RetryCodec = struct('retry', {}, { attempts: positiveInt(20), backoff: BackoffCodec });

/** Five cron fields; the full cron semantics live with the scheduler (issue 5). */
const cron = matching(/^\s*(\S+\s+){4}\S+\s*$/, 'a five-field cron expression');
const timezone = refine(
  t.string,
  (tz) => {
    try {
      new Intl.DateTimeFormat('en-CA', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  'an IANA timezone',
);
const ScheduleObject = struct('schedule', { cron }, { timezone });
export const ScheduleCodec = new t.Type<t.TypeOf<typeof ScheduleObject>, unknown, unknown>(
  'schedule',
  ScheduleObject.is,
  (u, c) => {
    if (typeof u !== 'string') return ScheduleObject.validate(u, c);
    const result = cron.validate(u, c);
    return result._tag === 'Left' ? result : t.success({ cron: result.right });
  },
  t.identity,
);

export const VALUE_TYPES = [
  'string',
  'int64',
  'float64',
  'bool',
  'date',
  'timestamp',
  'string_array',
  'identifier',
] as const;
export type ValueType = (typeof VALUE_TYPES)[number];
const valueType = oneOf(...VALUE_TYPES);

/** Who may supply a parameter's value; absent means `operator` (applied by parameter-ownership.ts). */
export const PARAMETER_SETTERS = ['tenant', 'operator'] as const;
export type ParameterSetter = (typeof PARAMETER_SETTERS)[number];

/** A parameter without a default must be supplied by the run (schedule or manual request). */
export const ParameterCodec = struct(
  'parameter',
  { type: valueType },
  {
    description: text,
    default: t.unknown,
    set_by: oneOf(...PARAMETER_SETTERS),
  },
);

const VariableObject = struct(
  'variable',
  { value: text },
  { type: oneOf('string', 'identifier', 'date', 'timestamp'), description: text },
);
/** `name: "template"` is shorthand for `name: { value: "template", type: string }`. */
export const VariableCodec = new t.Type<t.TypeOf<typeof VariableObject>, unknown, unknown>(
  'variable',
  VariableObject.is,
  (u, c) => (typeof u === 'string' ? t.success({ value: u }) : VariableObject.validate(u, c)),
  t.identity,
);

export const SourceCodec = struct('source', {}, { query: nonEmptyText, description: text });

export const DestinationCodec = struct(
  'destination',
  { dataset_type: oneOf('tenant', 'central'), table: nonEmptyText, write_mode: oneOf('append', 'overwrite', 'merge') },
  { merge_keys: nonEmptyList(column), schema_template: nonEmptyText },
);

const severity = oneOf('critical', 'warning', 'info');
const common = { id: name, severity, description: text };
const expectation = <R extends t.Props, O extends t.Props>(type: string, required: R, optional: O) =>
  struct(`${type} expectation`, { type: t.literal(type), ...required }, { ...common, ...optional });

export const ExpectationCodec = taggedUnion('expectation', 'type', {
  not_null: expectation('not_null', { column }, {}),
  unique: expectation('unique', { columns: nonEmptyList(column) }, {}),
  row_count_between: expectation('row_count_between', {}, { min: nonNegativeNumber, max: nonNegativeNumber }),
  values_in_set: expectation('values_in_set', { column, values: nonEmptyList(scalar) }, {}),
  column_values_between: expectation('column_values_between', { column }, { min: finiteNumber, max: finiteNumber }),
  freshness: expectation('freshness', { column, max_age_hours: positiveNumber }, {}),
  custom_sql: expectation('custom_sql', { sql: nonEmptyText }, {}),
} as Record<string, Codec<Expectation>>);

export type Severity = 'critical' | 'warning' | 'info';
interface ExpectationBase {
  readonly id?: string;
  readonly severity?: Severity;
  readonly description?: string;
}
export type Expectation = ExpectationBase &
  (
    | { readonly type: 'not_null'; readonly column: string }
    | { readonly type: 'unique'; readonly columns: readonly string[] }
    | { readonly type: 'row_count_between'; readonly min?: number; readonly max?: number }
    | {
        readonly type: 'values_in_set';
        readonly column: string;
        readonly values: readonly (string | number | boolean)[];
      }
    | { readonly type: 'column_values_between'; readonly column: string; readonly min?: number; readonly max?: number }
    | { readonly type: 'freshness'; readonly column: string; readonly max_age_hours: number }
    | { readonly type: 'custom_sql'; readonly sql: string }
  );
export type ExpectationType = Expectation['type'];

export const DqConfigCodec = struct(
  'dq_config',
  { table: nonEmptyText, expectations: nonEmptyList(ExpectationCodec) },
  { dataset_type: oneOf('tenant', 'central'), where: nonEmptyText, description: text },
);

export const WebhookCodec = struct(
  'webhook',
  { url: nonEmptyText },
  { headers: dict('headers', /^[A-Za-z0-9-]{1,100}$/, t.string), timeout_seconds: positiveNumber, message: text },
);

export const StepCodec = struct(
  'step',
  { step_id: name, ps_type: nonEmptyText },
  {
    name: text,
    description: text,
    depends_on: list(name),
    timeout_minutes: positiveNumber,
    retry: RetryCodec,
    on_failure: oneOf('stop', 'continue'),
    trigger: oneOf('on_success', 'on_failure', 'always'),
    source: SourceCodec,
    destination: DestinationCodec,
    dq_config: DqConfigCodec,
    webhook: WebhookCodec,
  },
);

export const PipelineCodec = struct(
  'pipeline',
  { pipeline_id: name, version: versionText, steps: nonEmptyList(StepCodec) },
  {
    description: text,
    schedule: ScheduleCodec,
    timeout_minutes: positiveNumber,
    retry: RetryCodec,
    /** The default `date` of a run is the day of its scheduled_time (in the schedule's timezone) plus this. */
    date_offset_days: refine(t.number, (n) => Number.isInteger(n) && Math.abs(n) <= 366, 'an integer from -366 to 366'),
    parameters: dict('parameters', NAME_PATTERN, ParameterCodec),
    variables: dict('variables', NAME_PATTERN, VariableCodec),
  },
);

export type RawPipeline = t.TypeOf<typeof PipelineCodec>;
export type RawStep = t.TypeOf<typeof StepCodec>;
export type Destination = t.TypeOf<typeof DestinationCodec>;
export type DqConfig = Omit<t.TypeOf<typeof DqConfigCodec>, 'expectations'> & {
  readonly expectations: readonly Expectation[];
};
export type WebhookConfig = t.TypeOf<typeof WebhookCodec>;
export type ParameterDeclaration = t.TypeOf<typeof ParameterCodec>;
export type VariableDeclaration = t.TypeOf<typeof VariableCodec>;
