/**
 * The operator's allow-list of webhook hosts that may be internal (CONVERGENCE_WEBHOOK_ALLOWED_HOSTS):
 * entries `host` (any port) or `host:port`, lowercase, IPv6 in brackets. Pure.
 */

const DEFAULT_PORTS: Readonly<Record<string, string>> = { 'http:': '80', 'https:': '443' };

/** `HOOKS.internal.` → `hooks.internal`: how both the URL's and the entry's host are compared. */
export function normalizedHostname(hostname: string): string {
  return hostname.toLowerCase().replace(/\.$/, '');
}

export function isAllowedHost(allowedHosts: readonly string[], origin: URL): boolean {
  const host = normalizedHostname(origin.hostname);
  const port = origin.port || DEFAULT_PORTS[origin.protocol] || '';
  return allowedHosts.some((entry) => {
    const match = /^(.*?)(?::(\d{1,5}))?$/.exec(entry.toLowerCase());
    if (!match) return false;
    const [, entryHost = '', entryPort] = match;
    return normalizedHostname(entryHost) === host && (entryPort === undefined || entryPort === port);
  });
}
