import { API_KEY_IN_TEXT } from '../api-keys/api-key-format';
import type { KnownSecrets } from './known-secrets';
import { isSecretFieldName, isSecretParameterName, secretNameSet } from './secret-names';

export const REDACTED = '[redacted]';

export interface TextRedactionOptions {
  /** Names (besides the built-in ones) whose `name=value` values are secret, e.g. a webhook's signature header. */
  readonly secretNames?: Iterable<string>;
  /** The service's configured secrets, masked by value. */
  readonly knownSecrets?: KnownSecrets;
}

/*
 * Every pattern here runs in time linear in the text on V8's backtracking engine (irregexp), even on hostile input
 * (tenant-controlled text goes through the event-log projection). The rules that guarantee it:
 * - each pattern starts with a literal (`Bearer`, `cvg_`, `eyJ`, `//`, `-----BEGIN `) or, for `name=value`, a
 *   lookbehind that lets a match start only where a run of name characters starts;
 * - between literals, quantifiers are either bounded (`{1,16}`, `{0,40}`, `{1,256}`) or followed by something
 *   their class cannot match (disjoint classes), so a failing attempt gives back at most a bounded or a
 *   single-pass amount of text, and no two quantifiers can split the same characters between them;
 * - a pattern that must look at a whole run (a JWT, a Basic credential, a parameter's name) matches the run
 *   in a form that cannot fail once it has started, and code decides what the run is: the search then resumes
 *   after the run instead of re-scanning it from every position inside it (what made the old JWT pattern
 *   quadratic: `\beyJ[…]{8,}\.` re-read a long run of token characters from each `eyJ` in it);
 * - PEM blocks are cut by a scanner (two sticky/global searches that only move forward), not a lazy `[\s\S]*?`.
 * Values stop at `"` and `\`, so masking a serialized JSON log line keeps it valid JSON.
 */

/** Authorization schemes in text: `Bearer <token68>`; the bounded blank run cannot be re-split. */
const BEARER_IN_TEXT = /\bBearer[ \t]{1,16}[A-Za-z0-9._~+/=-]+/gi;
/** `Basic <base64>`: masked when the base64 decodes to `user:password` (so "Basic information" stays). */
const BASIC_IN_TEXT = /\bBasic[ \t]{1,16}([A-Za-z0-9+/]+={0,2})/gi;
/** The admin key `cvg_admin_…` and the service token `cvg_svc_…` (base64url after the prefix). */
const PREFIXED_SECRET_IN_TEXT = /\bcvg_(admin|svc)_[A-Za-z0-9_-]+/g;
/** `eyJ` then a whole run of base64url segments joined by dots; a JWT when it has three segments or more. */
const JWT_CANDIDATE = /eyJ[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*)*/g;
/** `scheme://userinfo@`: the userinfo is bounded and its class excludes `@`, so it cannot backtrack past it. */
const URL_USERINFO = /\/\/([^\s/?#@"\\]{1,256})@/g;
/**
 * `name=value` (query strings, env dumps) and `name: value` (header dumps). The lookbehind lets a match start only
 * at the first character of a name, and the bounded name is followed by `=`/`:`, which it cannot contain. Only
 * the name and separator are matched: a secret name's value is then cut by NAMED_VALUE_END, sticky, whose class
 * excludes what ends a value; a harmless name's value is searched on, so `url: https://h/?token=x` is still found.
 */
const NAMED_VALUE = /(?<![A-Za-z0-9_.-])([A-Za-z0-9_.-]{1,64})(=|: ?)/g;
const NAMED_VALUE_END = /[^\s&#;,"\\]*/y;
/** A value an earlier pattern already masked (`Authorization: Bearer [redacted]`); sticky and bounded. */
const ALREADY_MASKED = /(?:(?:Bearer|Basic)[ \t]{1,16})?\[redacted\]/iy;
const PEM_BEGIN = /-----BEGIN [A-Z ]{0,40}PRIVATE KEY-----/g;
/** Where a PEM body ends: its END line, else the closing quote of the JSON string it sits in. */
const PEM_END = /-----END [A-Z ]{0,40}PRIVATE KEY-----|\\?"/g;
const JWT_MIN_HEADER_LENGTH = 10;

/**
 * Masks secrets inside free text: configured secrets by value; PEM private keys; bearer tokens and Basic
 * credentials; the admin key and service token; API keys (keeping their non-secret id); JWTs; passwords in URLs;
 * secret-named `name=value` and `name: value` pairs (`?access_token=`, `&sig=`, `CONVERGENCE_KEK=`).
 */
export function redactText(text: string, options: TextRedactionOptions = {}): string {
  const extra = secretNameSet(options.secretNames);
  const knownSecrets = options.knownSecrets;
  const known = knownSecrets && knownSecrets.size > 0 ? knownSecrets.mask(text, REDACTED) : text;
  // Whole-credential patterns first, so a bearer API key becomes `Bearer [redacted]` rather than a partial mask.
  const patterned = redactPem(known)
    .replace(BEARER_IN_TEXT, `Bearer ${REDACTED}`)
    .replace(BASIC_IN_TEXT, (match, basic: string) => (isBasicCredential(basic) ? `Basic ${REDACTED}` : match))
    .replace(PREFIXED_SECRET_IN_TEXT, (_match, kind: string) => `cvg_${kind}_${REDACTED}`)
    .replace(API_KEY_IN_TEXT, (_match, keyId: string) => `cvg_${keyId}_${REDACTED}`)
    .replace(JWT_CANDIDATE, (match) => (isJwt(match) ? REDACTED : match))
    .replace(URL_USERINFO, (_match, userinfo: string) => `//${maskedUserinfo(userinfo)}@`);
  return redactNamedValues(patterned, extra);
}

function isJwt(candidate: string): boolean {
  const firstDot = candidate.indexOf('.');
  return firstDot >= JWT_MIN_HEADER_LENGTH && candidate.indexOf('.', firstDot + 1) > firstDot + 1;
}

function isBasicCredential(base64: string): boolean {
  if (base64.length < 4) return false;
  const decoded = Buffer.from(base64, 'base64').toString('utf8');
  // eslint-disable-next-line no-control-regex
  return decoded.includes(':') && !/[\u0000-\u001f\u007f\ufffd]/.test(decoded);
}

/** `user:password` keeps the user; a lone userinfo is a token used as user name (`https://TOKEN@host`). */
function maskedUserinfo(userinfo: string): string {
  const colon = userinfo.indexOf(':');
  return colon >= 0 ? `${userinfo.slice(0, colon)}:${REDACTED}` : REDACTED;
}

/** Each search moves forward only, so every character is read a bounded number of times. */
function redactPem(text: string): string {
  if (!text.includes('-----BEGIN ')) return text;
  let out = '';
  let from = 0;
  PEM_BEGIN.lastIndex = 0;
  for (let begin = PEM_BEGIN.exec(text); begin !== null; begin = PEM_BEGIN.exec(text)) {
    PEM_END.lastIndex = PEM_BEGIN.lastIndex;
    const end = PEM_END.exec(text);
    const cut = end === null ? text.length : end[0].startsWith('-') ? PEM_END.lastIndex : end.index;
    out += `${text.slice(from, begin.index)}${REDACTED}`;
    from = cut;
    PEM_BEGIN.lastIndex = cut;
  }
  return out + text.slice(from);
}

function redactNamedValues(text: string, extra: ReadonlySet<string>): string {
  let out = '';
  let from = 0;
  NAMED_VALUE.lastIndex = 0;
  for (let match = NAMED_VALUE.exec(text); match !== null; match = NAMED_VALUE.exec(text)) {
    const [, name = '', separator = ''] = match;
    const secret = separator === '=' ? isSecretParameterName(name, extra) : isSecretFieldName(name, extra);
    if (!secret) continue;
    NAMED_VALUE_END.lastIndex = NAMED_VALUE.lastIndex;
    NAMED_VALUE_END.exec(text);
    const valueEnd = NAMED_VALUE_END.lastIndex;
    ALREADY_MASKED.lastIndex = NAMED_VALUE.lastIndex;
    if (valueEnd === NAMED_VALUE.lastIndex || ALREADY_MASKED.test(text)) continue;
    out += `${text.slice(from, NAMED_VALUE.lastIndex)}${REDACTED}`;
    from = valueEnd;
    NAMED_VALUE.lastIndex = valueEnd;
  }
  return out + text.slice(from);
}
