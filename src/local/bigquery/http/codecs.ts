import { isLeft } from 'fp-ts/Either';
import * as t from 'io-ts';
import { PathReporter } from 'io-ts/PathReporter';
import { BigQueryApiError } from '../engine/api-error';
import type { BigQueryField } from '../engine/bigquery-schema';
import type { QueryParameter, QueryParameterType, QueryParameterValue } from '../engine/query-parameters';

/** Request bodies are decoded here, at the boundary; handlers only ever see values of these types. */

const FieldCodec: t.Type<BigQueryField, unknown> = t.recursion('TableFieldSchema', () =>
  t.intersection([
    t.type({ name: t.string, type: t.string }),
    t.partial({ mode: t.string, description: t.string, fields: t.readonlyArray(FieldCodec) }),
  ]),
);

const ParameterTypeCodec: t.Type<QueryParameterType, unknown> = t.recursion('QueryParameterType', () =>
  t.intersection([
    t.type({ type: t.string }),
    t.partial({
      arrayType: ParameterTypeCodec,
      structTypes: t.readonlyArray(
        t.intersection([t.type({ type: ParameterTypeCodec }), t.partial({ name: t.string })]),
      ),
    }),
  ]),
);

/**
 * A parameter value is decoded one level deep here; its nested arrayValues/structValues are checked while they are
 * converted (engine/query-parameters.ts). A 10k-row ARRAY<STRUCT> merge parameter would otherwise spend more time
 * in a recursive io-ts decode than in DuckDB.
 */
const ParameterValueCodec: t.Type<QueryParameterValue, unknown> = t.partial({
  value: t.unknown,
  arrayValues: t.readonlyArray(t.unknown),
  structValues: t.readonly(t.UnknownRecord),
});

const ParameterCodec: t.Type<QueryParameter, unknown> = t.intersection([
  t.type({ parameterType: ParameterTypeCodec }),
  t.partial({ name: t.string, parameterValue: ParameterValueCodec }),
]);

const Labels = t.record(t.string, t.string);

export const DatasetInsertBody = t.intersection([
  t.type({ datasetReference: t.type({ datasetId: t.string }) }),
  t.partial({ description: t.string, friendlyName: t.string, labels: Labels, location: t.string }),
]);

export const TableInsertBody = t.intersection([
  t.type({ tableReference: t.type({ tableId: t.string }) }),
  t.partial({
    schema: t.type({ fields: t.readonlyArray(FieldCodec) }),
    view: t.intersection([t.type({ query: t.string }), t.partial({ useLegacySql: t.boolean })]),
    timePartitioning: t.UnknownRecord,
    clustering: t.UnknownRecord,
    description: t.string,
    friendlyName: t.string,
    labels: Labels,
  }),
]);

export const InsertAllBody = t.intersection([
  t.type({ rows: t.array(t.intersection([t.type({ json: t.UnknownRecord }), t.partial({ insertId: t.string })])) }),
  t.partial({ skipInvalidRows: t.boolean, ignoreUnknownValues: t.boolean }),
]);

const QueryFields = {
  queryParameters: t.array(ParameterCodec),
  parameterMode: t.string,
  useLegacySql: t.boolean,
  defaultDataset: t.type({ datasetId: t.string }),
  destinationTable: t.unknown,
  labels: Labels,
};

export const JobInsertBody = t.intersection([
  t.type({
    configuration: t.intersection([
      t.type({ query: t.intersection([t.type({ query: t.string }), t.partial(QueryFields)]) }),
      t.partial({ labels: Labels }),
    ]),
  }),
  t.partial({ jobReference: t.partial({ jobId: t.string, projectId: t.string, location: t.string }) }),
]);

export const QueryRequestBody = t.intersection([
  t.type({ query: t.string }),
  t.partial({
    ...QueryFields,
    maxResults: t.number,
    timeoutMs: t.number,
    location: t.string,
    requestId: t.string,
    formatOptions: t.partial({ useInt64Timestamp: t.boolean, timestampOutputFormat: t.string }),
  }),
]);

export function decodeBody<A>(codec: t.Type<A, unknown>, body: unknown): A {
  const result = codec.decode(body);
  if (isLeft(result))
    throw new BigQueryApiError(
      'invalid',
      `Invalid request body: ${PathReporter.report(result).slice(0, 3).join('; ')}`,
    );
  return result.right;
}
