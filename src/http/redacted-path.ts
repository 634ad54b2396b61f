import { redactText, type TextRedactionOptions } from '../security';

const MAX_LOGGED_PATH = 200;

/**
 * A request path fit for a log line or an error message. It is decoded first (`%20`, `%2B` hide a PEM header or a
 * base64 secret from every pattern), redacted whole, then cut to length: a secret cut first would be unrecognisable.
 */
export function redactedPath(path: string, options: TextRedactionOptions = {}): string {
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    // A malformed escape: the raw path is redacted as it is (known secrets are matched encoded too).
  }
  return redactText(decoded, options).slice(0, MAX_LOGGED_PATH);
}
