/**
 * Which field and parameter names hold secrets. Names are compared after lower-casing and dropping `-`, `_` and
 * `.` (so `private_key`, `privateKey` and `Private-Key` all match). Exact names, not substrings: `token_uri`,
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
  'apikeypepper',
  'datakey',
  'wrappeddatakey',
  'kek',
  'localkek',
  'credential',
  'credentials',
]);

/** Query-string and `name=value` names that carry secrets in URLs (signed URLs, OAuth, API keys) besides the above. */
const SECRET_PARAMETER_NAMES = new Set([
  'key',
  'sig',
  'signature',
  'pass',
  'pwd',
  'passwd',
  'xamzsignature',
  'xamzsecuritytoken',
  'xgoogsignature',
  'xgoogcredential',
  'clientassertion',
]);

/** Field names whose value is a map of HTTP headers: every header in it is secret unless it is a known harmless one. */
const HEADER_MAP_NAMES = new Set(['headers', 'httpheaders', 'requestheaders', 'responseheaders']);

/** Headers whose values never authenticate anything (still redacted as text). */
const HARMLESS_HEADER_NAMES = new Set([
  'accept',
  'acceptencoding',
  'acceptlanguage',
  'cachecontrol',
  'connection',
  'contentencoding',
  'contentlength',
  'contenttype',
  'date',
  'etag',
  'host',
  'idempotencykey',
  'traceparent',
  'tracestate',
  'useragent',
  'xcloudtracecontext',
  'xrequestid',
  'xuserid',
]);

/** Environment variables of this service are `CONVERGENCE_<NAME>`; `<NAME>` decides (CONVERGENCE_KEK is secret). */
const ENV_PREFIX = 'convergence';

export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_.]/g, '');
}

/** Extra secret names declared by a caller (e.g. a webhook's signature header), normalized once. */
export function secretNameSet(names: Iterable<string> | undefined): ReadonlySet<string> {
  return new Set([...(names ?? [])].map(normalizeName));
}

function isSecretNormalized(normalized: string, extra: ReadonlySet<string>): boolean {
  if (SECRET_FIELD_NAMES.has(normalized) || extra.has(normalized)) return true;
  if (normalized.startsWith(ENV_PREFIX)) {
    const rest = normalized.slice(ENV_PREFIX.length);
    return SECRET_FIELD_NAMES.has(rest) || extra.has(rest);
  }
  return false;
}

export function isSecretFieldName(name: string, extra: ReadonlySet<string> = new Set()): boolean {
  return isSecretNormalized(normalizeName(name), extra);
}

export function isSecretParameterName(name: string, extra: ReadonlySet<string> = new Set()): boolean {
  const normalized = normalizeName(name);
  return SECRET_PARAMETER_NAMES.has(normalized) || isSecretNormalized(normalized, extra);
}

export function isHeaderMapName(name: string): boolean {
  return HEADER_MAP_NAMES.has(normalizeName(name));
}

export function isHarmlessHeaderName(name: string, extra: ReadonlySet<string> = new Set()): boolean {
  const normalized = normalizeName(name);
  return HARMLESS_HEADER_NAMES.has(normalized) && !extra.has(normalized);
}
