import type { Request } from 'express';
import { BigQueryApiError } from '../engine/api-error';
import type { TimestampFormat } from '../engine/row-encoding';

/** Query-string options, read once and checked (the client sends numbers and booleans as text). */
export function integerParam(req: Request, name: string): number | undefined {
  const raw = req.query[name];
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw new BigQueryApiError('invalid', `Invalid value for ${name}: ${String(raw)}`);
  return value;
}

export function booleanParam(req: Request, name: string): boolean | undefined {
  const raw = req.query[name];
  return raw === undefined ? undefined : String(raw) === 'true';
}

export function stringParam(req: Request, name: string): string | undefined {
  const raw = req.query[name];
  return typeof raw === 'string' ? raw : undefined;
}

/** formatOptions.* decide how TIMESTAMP cells are written; client 8 asks for int64 microseconds by default. */
export function timestampFormat(options: {
  useInt64Timestamp?: boolean;
  timestampOutputFormat?: string;
}): TimestampFormat {
  if (options.timestampOutputFormat === 'ISO8601_STRING') return 'ISO8601';
  if (options.timestampOutputFormat === 'FLOAT64') return 'FLOAT';
  if (options.timestampOutputFormat === 'INT64') return 'INT64';
  return options.useInt64Timestamp === false ? 'FLOAT' : 'INT64';
}

export function timestampFormatFromQuery(req: Request): TimestampFormat {
  return timestampFormat({
    useInt64Timestamp: booleanParam(req, 'formatOptions.useInt64Timestamp'),
    timestampOutputFormat: stringParam(req, 'formatOptions.timestampOutputFormat'),
  });
}
