import * as t from 'io-ts';

/**
 * io-ts codecs for the parts of BigQuery REST responses the adapter reads. Decoding at this boundary turns an
 * unexpected response (a proxy's HTML page, an API change, a gap in a local stand-in) into a clear error
 * instead of `undefined` surfacing three calls later.
 */
export interface RestField {
  readonly name: string;
  readonly type: string;
  readonly mode?: string;
  readonly description?: string;
  readonly fields?: readonly RestField[];
}

export const RestFieldCodec: t.Type<RestField> = t.recursion('RestField', () =>
  t.intersection([
    t.type({ name: t.string, type: t.string }),
    t.partial({ mode: t.string, description: t.string, fields: t.readonlyArray(RestFieldCodec) }),
  ]),
);

export const RestSchemaCodec = t.partial({ fields: t.readonlyArray(RestFieldCodec) });

export const ErrorProtoCodec = t.partial({ reason: t.string, message: t.string, location: t.string });

export const JobReferenceCodec = t.intersection([
  t.type({ jobId: t.string }),
  t.partial({ projectId: t.string, location: t.string }),
]);

/** numDmlAffectedRows is an int64 and therefore a string in JSON; tolerate a number too. */
const Int64String = t.union([t.string, t.number]);

export const JobCodec = t.intersection([
  t.type({ jobReference: JobReferenceCodec }),
  t.partial({
    status: t.partial({ state: t.string, errorResult: ErrorProtoCodec, errors: t.readonlyArray(ErrorProtoCodec) }),
    statistics: t.partial({ query: t.partial({ numDmlAffectedRows: Int64String, statementType: t.string }) }),
  }),
]);
export type RestJob = t.TypeOf<typeof JobCodec>;

/** A cell of the f/v row format: scalars are strings (or null); records nest {f}; repeated fields are [{v}]. */
export const RestRowCodec = t.type({ f: t.readonlyArray(t.type({ v: t.unknown })) });
export type RestRow = t.TypeOf<typeof RestRowCodec>;

export const QueryResultsCodec = t.intersection([
  t.type({ jobComplete: t.boolean }),
  t.partial({
    jobReference: JobReferenceCodec,
    schema: RestSchemaCodec,
    rows: t.readonlyArray(RestRowCodec),
    pageToken: t.string,
    totalRows: Int64String,
    numDmlAffectedRows: Int64String,
    errors: t.readonlyArray(ErrorProtoCodec),
  }),
]);
export type RestQueryResults = t.TypeOf<typeof QueryResultsCodec>;

export const TableResourceCodec = t.partial({
  type: t.string,
  description: t.string,
  schema: RestSchemaCodec,
  timePartitioning: t.partial({ type: t.string, field: t.string }),
  clustering: t.partial({ fields: t.readonlyArray(t.string) }),
  view: t.partial({ query: t.string }),
});
export type RestTableResource = t.TypeOf<typeof TableResourceCodec>;

/** Responses whose content the adapter does not read (deletes, cancels, creates). */
export const IgnoredBodyCodec = t.unknown;
