/**
 * The client decodes cells into classes (BigQueryTimestamp, BigQueryDate, Big, Buffer); tests compare plain
 * values: their text (timestamps as ISO instants with microseconds), bytes as base64.
 */
export function plain(value: unknown): unknown {
  if (value === null || value === undefined) return value;
  if (Buffer.isBuffer(value)) return `base64:${value.toString('base64')}`;
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === 'object') {
    const name = value.constructor?.name;
    if (name === 'BigQueryTimestamp') return isoMicros((value as { value: string }).value);
    if (name === 'BigQueryDate' || name === 'BigQueryDatetime' || name === 'BigQueryTime')
      return (value as { value: string }).value;
    if (name === 'Big') return String(value);
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, plain(inner)]));
  }
  return value;
}

/** '2024-01-01T00:00:00.123456000Z' → '2024-01-01T00:00:00.123456Z' (the client prints nanoseconds). */
function isoMicros(text: string): string {
  const match = /^(.*T\d{2}:\d{2}:\d{2})(?:\.(\d+))?Z$/.exec(text);
  if (!match) return text;
  return `${match[1]}.${(match[2] ?? '').padEnd(6, '0').slice(0, 6)}Z`;
}
