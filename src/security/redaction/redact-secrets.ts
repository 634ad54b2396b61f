import type { KnownSecrets } from './known-secrets';
import { REDACTED, redactText } from './redact-text';
import { isHarmlessHeaderName, isHeaderMapName, isSecretFieldName, secretNameSet } from './secret-names';

export interface RedactionOptions {
  /**
   * Field names (besides the built-in ones) whose values are secret, e.g. the header names a pipeline's YAML
   * declares for its webhook. Compared like the built-in names (case, `-`, `_` and `.` ignored).
   */
  readonly secretNames?: Iterable<string>;
  /** The service's configured secrets, masked by value in every string. */
  readonly knownSecrets?: KnownSecrets;
}

interface Context {
  readonly extra: ReadonlySet<string>;
  readonly text: (value: string) => string;
  readonly seen: WeakSet<object>;
}

const MAX_DEPTH = 32;

/**
 * A copy of `value` safe for logs and error details: secret-named fields masked at any depth, header maps
 * (`headers: {...}`) masked except for harmless headers, secrets recognisable in strings masked, Errors reduced to
 * their name, message, stack, cause and own fields (all redacted too), byte buffers to their length (they may hold
 * plaintext). Cycles and excessive depth are cut rather than followed. The input is never modified.
 */
export function redactSecrets(value: unknown, options: RedactionOptions = {}): unknown {
  const extra = secretNameSet(options.secretNames);
  const textOptions = { secretNames: extra, ...(options.knownSecrets ? { knownSecrets: options.knownSecrets } : {}) };
  return redact(value, 0, { extra, text: (text) => redactText(text, textOptions), seen: new WeakSet() });
}

function redact(value: unknown, depth: number, ctx: Context): unknown {
  if (typeof value === 'string') return ctx.text(value);
  if (value === null || typeof value !== 'object') return typeof value === 'function' ? '[function]' : value;
  if (ctx.seen.has(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[too deep]';
  if (value instanceof Date) return value;
  if (Buffer.isBuffer(value) || ArrayBuffer.isView(value)) return `[${value.byteLength} bytes]`;
  ctx.seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1, ctx));
    if (value instanceof Set) return [...value].map((item) => redact(item, depth + 1, ctx));
    if (value instanceof Map) {
      return redactEntries(
        [...value.entries()].map(([key, item]) => [String(key), item]),
        depth,
        ctx,
      );
    }
    const entries: [string, unknown][] = Object.entries(value);
    if (value instanceof Error) {
      const { name, message, stack } = value;
      entries.unshift(['name', name], ['message', message], ['stack', stack]);
      if (value.cause !== undefined) entries.push(['cause', value.cause]);
    }
    return redactEntries(entries, depth, ctx);
  } finally {
    ctx.seen.delete(value);
  }
}

function redactEntries(entries: readonly [string, unknown][], depth: number, ctx: Context): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [key, item] of entries) {
    if (item === undefined) continue;
    if (isSecretFieldName(key, ctx.extra)) copy[key] = REDACTED;
    else if (isHeaderMapName(key) && isPlainRecord(item)) copy[key] = redactHeaderMap(item, depth + 1, ctx);
    else copy[key] = redact(item, depth + 1, ctx);
  }
  return copy;
}

/** Any header may carry a credential (`X-Webhook-Token`, `X-Signature`): only known harmless ones stay readable. */
function redactHeaderMap(headers: Record<string, unknown>, depth: number, ctx: Context): unknown {
  if (ctx.seen.has(headers)) return '[circular]';
  const copy: Record<string, unknown> = {};
  for (const [name, item] of Object.entries(headers)) {
    if (item === undefined) continue;
    copy[name] = isHarmlessHeaderName(name, ctx.extra) ? redact(item, depth + 1, ctx) : REDACTED;
  }
  return copy;
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}
