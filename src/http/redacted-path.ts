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
  const segments = maskBase64Runs(redactText(decoded, options)).split('/');
  const masked = segments.map((segment) =>
    looksRandomToken(segment) && !SCHEDULED_RUN_ID.test(segment) ? REDACTED : segment,
  );
  return masked.join('/').slice(0, MAX_LOGGED_PATH);
}

/** `tenant--config--20261207T1400Z`: a scheduled run's id is made of ids and a fire time, never a secret. */
const SCHEDULED_RUN_ID = /^[a-z0-9_]{3,50}--[a-z0-9_-]{1,70}--\d{8}T\d{4}Z$/;

/** Standard base64 across segments: a PEM body line or a base64 secret holds `/`, so no one segment is long. */
const BASE64_RUN = /[A-Za-z0-9+/=]{32,}/g;
/** A route word (`api`, `v1`, `tenants`): lower case, which random base64 of this length never is throughout. */
const ROUTE_WORD = /^[a-z0-9]*$/;

/**
 * Masks a long standard-base64 run mixing cases and digits, keeping the route words at its edges
 * (`/api/v1/tenants/<run>` stays readable). This service's routes use lower case, `_` and `-`, so none matches.
 */
function maskBase64Runs(path: string): string {
  return path.replace(BASE64_RUN, (run) => {
    if (!looksRandomToken(run)) return run;
    const parts = run.split('/');
    let first = 0;
    let last = parts.length - 1;
    while (first < last && ROUTE_WORD.test(parts[first] ?? '')) first += 1;
    while (last > first && ROUTE_WORD.test(parts[last] ?? '')) last -= 1;
    return [...parts.slice(0, first), REDACTED, ...parts.slice(last + 1)].join('/');
  });
}
