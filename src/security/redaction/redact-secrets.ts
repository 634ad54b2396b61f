import { API_KEY_IN_TEXT } from '../api-keys/api-key-format';

export const REDACTED = '[redacted]';

/**
 * Field names whose values are secret wherever they appear, compared after lower-casing and dropping `-` and
 * `_` (so `private_key`, `privateKey` and `Private-Key` all match). Exact names, not substrings: `token_uri`,
 * `tokenCount` or `keyId` stay readable.
 */
const SECRET_FIELD_NAMES = new Set([
  'privatekey',
  'secretaccesskey',
  'sessiontoken',
  'clientsecret',
  'apikey',
  'xapikey',
  'adminkey',
  'xadminkey',
  'authorization',
  'proxyauthorization',
  'cookie',
  'setcookie',
  'password',
  'secret',
  'token',
  'accesstoken',
  'refreshtoken',
  'idtoken',
  'servicetoken',
  'pepper',
  'datakey',
  'kek',
]);

const BEARER_IN_TEXT = /\bBearer\s+[A-Za-z0-9._~+/=-]+/gi;
/** JWTs (Google ID tokens): google-auth-library quotes the whole token in some of its error messages. */
const JWT_IN_TEXT = /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g;
const PEM_PRIVATE_KEY_IN_TEXT = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g;
const MAX_DEPTH = 32;

export function isSecretFieldName(name: string): boolean {
  return SECRET_FIELD_NAMES.has(name.toLowerCase().replace(/[-_]/g, ''));
}

/** Masks API keys (keeping their non-secret id), bearer tokens, JWTs and PEM private keys inside free text. */
export function redactText(text: string): string {
  // Whole-credential patterns first, so a bearer API key becomes `Bearer [redacted]` rather than a partial mask.
  return text
    .replace(PEM_PRIVATE_KEY_IN_TEXT, REDACTED)
    .replace(BEARER_IN_TEXT, `Bearer ${REDACTED}`)
    .replace(JWT_IN_TEXT, REDACTED)
    .replace(API_KEY_IN_TEXT, (_match, keyId: string) => `cvg_${keyId}_${REDACTED}`);
}

/**
 * A copy of `value` safe for logs and error details: secret-named fields masked at any depth, secrets
 * recognisable in strings masked, Errors reduced to their name, message, stack, cause and own fields (all
 * redacted too), byte buffers to their length (they may hold plaintext). Cycles and excessive depth are cut
 * rather than followed. The input is never modified.
 */
export function redactSecrets(value: unknown): unknown {
  return redact(value, 0, new WeakSet());
}

function redact(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return typeof value === 'function' ? '[function]' : value;
  if (seen.has(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[too deep]';
  if (value instanceof Date) return value;
  if (Buffer.isBuffer(value) || ArrayBuffer.isView(value)) return `[${value.byteLength} bytes]`;
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1, seen));
    if (value instanceof Set) return [...value].map((item) => redact(item, depth + 1, seen));
    if (value instanceof Map) return redactEntries([...value.entries()].map(([key, item]) => [String(key), item]), depth, seen);
    const entries: [string, unknown][] = Object.entries(value);
    if (value instanceof Error) {
      const { name, message, stack } = value;
      entries.unshift(['name', name], ['message', message], ['stack', stack]);
      if (value.cause !== undefined) entries.push(['cause', value.cause]);
    }
    return redactEntries(entries, depth, seen);
  } finally {
    seen.delete(value);
  }
}

function redactEntries(entries: readonly [string, unknown][], depth: number, seen: WeakSet<object>): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [key, item] of entries) {
    if (item === undefined) continue;
    copy[key] = isSecretFieldName(key) ? REDACTED : redact(item, depth + 1, seen);
  }
  return copy;
}
