/** Parsers for the text forms BigQuery's JSON API accepts for scalar values; undefined when the text does not fit. */

/** '12.5' → 12500000000n (scale 9); undefined when not a decimal number or beyond NUMERIC's 29 integer digits. */
export function scaledDecimal(text: string): bigint | undefined {
  const parts = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text.trim());
  if (!parts || (parts[2] === '' && !parts[3])) return undefined;
  const [, sign, whole = '', fraction = ''] = parts;
  if (whole.replace(/^0+/, '').length > 29) return undefined;
  // BigQuery rounds excess fractional digits half away from zero.
  const kept = BigInt(`${whole || '0'}${fraction.slice(0, 9).padEnd(9, '0')}`);
  const rounded = fraction.length > 9 && fraction[9]! >= '5' ? kept + 1n : kept;
  return sign === '-' ? -rounded : rounded;
}

/** 12500000000n → '12.5'. */
export function decimalText(scaled: bigint): string {
  const negative = scaled < 0n;
  const digits = (negative ? -scaled : scaled).toString().padStart(10, '0');
  const text = `${digits.slice(0, -9)}.${digits.slice(-9)}`.replace(/0+$/, '').replace(/\.$/, '');
  return negative ? `-${text}` : text;
}

export function bytesOf(value: unknown): Uint8Array | undefined {
  if (typeof value === 'string') return Buffer.from(value, 'base64');
  // The client serialises a Buffer query parameter as {type: 'Buffer', data: [...]}.
  if (typeof value === 'object' && value !== null && Array.isArray((value as { data?: unknown }).data)) {
    return Uint8Array.from((value as { data: number[] }).data);
  }
  return undefined;
}

export function dateDays(text: string): number | undefined {
  const parts = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  return parts ? Date.UTC(+parts[1]!, +parts[2]! - 1, +parts[3]!) / 86_400_000 : undefined;
}

export function timeMicros(text: string): bigint | undefined {
  const parts = /^(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?$/.exec(text);
  return parts
    ? BigInt(((+parts[1]! * 60 + +parts[2]!) * 60 + +parts[3]!) * 1e6) + fractionMicros(parts[4])
    : undefined;
}

function fractionMicros(fraction: string | undefined): bigint {
  return BigInt((fraction ?? '').slice(0, 6).padEnd(6, '0'));
}

const DATE_TIME =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|UTC|[+-]\d{2}(?::?\d{2})?)?$/i;

function micros(parts: RegExpExecArray): bigint {
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction] = parts;
  return BigInt(Date.UTC(+y!, +mo! - 1, +d!, +h, +mi, +s)) * 1000n + fractionMicros(fraction);
}

/** DATETIME text (no zone) as microseconds of civil time. */
export function civilMicros(text: string): bigint | undefined {
  const parts = DATE_TIME.exec(text.trim());
  if (!parts || parts[8]) return undefined;
  return micros(parts);
}

/** TIMESTAMP input: text with an optional offset (UTC when absent), or a number of seconds since the epoch. */
export function timestampMicros(value: unknown): bigint | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? BigInt(Math.round(value * 1e6)) : undefined;
  const parts = DATE_TIME.exec(String(value).trim());
  if (!parts) return /^-?\d+(\.\d+)?$/.test(String(value)) ? BigInt(Math.round(Number(value) * 1e6)) : undefined;
  const zone = parts[8]?.toUpperCase();
  let offsetMinutes = 0;
  if (zone && zone !== 'Z' && zone !== 'UTC') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    offsetMinutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0'));
  }
  return micros(parts) - BigInt(offsetMinutes) * 60_000_000n;
}
