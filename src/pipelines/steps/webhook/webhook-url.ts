/**
 * The literal part of a webhook URL template. The scheme, host and port come only from the YAML's own text:
 * a `{placeholder}` may fill the path or the query, never the part up to the first `/`, `?` after the
 * authority — so no parameter value can change where the request goes. Pure.
 */
import * as E from 'fp-ts/lib/Either';

export interface WebhookUrlTemplate {
  /** Scheme, host and port, from the literal text only. */
  readonly origin: URL;
  /** Path and query, starting with `/`; its placeholders are URL-encoded when filled. */
  readonly pathTemplate: string;
}

const SCHEME = /^(https?):\/\//;
/** A DNS name or IPv4 literal, or a bracketed IPv6 literal, then an optional port: nothing else. */
const AUTHORITY = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;
const PRINTABLE_ASCII = /^[\x21-\x7e]*$/;

export function parseWebhookUrl(template: string): E.Either<string, WebhookUrlTemplate> {
  const scheme = SCHEME.exec(template);
  if (!scheme) {
    return E.left(
      template.startsWith('{')
        ? 'a {placeholder} cannot give the scheme or host: write https://host/… out, placeholders may fill the path or query'
        : 'expected an https:// (or http://) URL',
    );
  }
  const afterScheme = template.slice(scheme[0].length);
  const end = afterScheme.search(/[/?#]/);
  const authority = end === -1 ? afterScheme : afterScheme.slice(0, end);
  const rest = end === -1 ? '' : afterScheme.slice(end);
  if (/[{}]/.test(authority))
    return E.left('the host and port must be written out: {placeholders} may fill only the path or the query');
  if (authority.includes('@'))
    return E.left('a webhook URL carries no user info (user:password@): send credentials in headers');
  if (!AUTHORITY.test(authority))
    return E.left(`expected host[:port] after ${scheme[0]}, got ${JSON.stringify(authority)}`);
  if (rest.includes('#')) return E.left('a webhook URL has no #fragment (it would never be sent)');
  if (!PRINTABLE_ASCII.test(rest))
    return E.left('the path and query are printable ASCII without spaces (placeholder values are URL-encoded)');
  let origin: URL;
  try {
    origin = new URL(`${scheme[0]}${authority}/`);
  } catch {
    return E.left(`${JSON.stringify(authority)} is not a valid host[:port]`);
  }
  return E.right({ origin, pathTemplate: rest.startsWith('/') ? rest : `/${rest}` });
}
