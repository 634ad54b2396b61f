import { REDACTED, looksRandomToken, redactText, type TextRedactionOptions } from '../security';

const MAX_LOGGED_PATH = 200;

/**
 * A request path fit for a log line or an error message. It is decoded first (`%20`, `%2B` hide a PEM header or a
 * base64 secret from every pattern), redacted whole, then cut to length: a secret cut first would be unrecognisable.
 * A segment shaped like a random secret (a pepper or a token without a prefix) is masked too: no route of this
 * service issues such an id (only a caller-chosen idempotency key inside a run id could look like one), and the
 * 404 message that echoes the path has no list of configured secrets.
 */
export function redactedPath(path: string, options: TextRedactionOptions = {}): string {
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    // A malformed escape: the raw path is redacted as it is (known secrets are matched encoded too).
  }
  // Patterns first: a PEM block spans segments (its base64 holds `/`) and is recognised only whole.
  const segments = redactText(decoded, options).split('/');
  const masked = segments.map((segment) => (looksRandomToken(segment) ? REDACTED : segment));
  return masked.join('/').slice(0, MAX_LOGGED_PATH);
}
