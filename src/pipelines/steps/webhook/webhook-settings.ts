/** What the webhook kind is given by the composition root: the operator's allow-list and a DNS resolver. */

export interface ResolvedAddress {
  readonly address: string;
  readonly family: 4 | 6;
}

/** Every address of a host name (an IP literal resolves to itself). */
export type ResolveHost = (hostname: string) => Promise<readonly ResolvedAddress[]>;

export interface WebhookSettings {
  /** CONVERGENCE_WEBHOOK_ALLOWED_HOSTS: `host` or `host:port` entries that may be internal or plain http. */
  readonly allowedHosts: readonly string[];
  /** Defaults to node:dns lookup with `all: true`; tests give names of their own. */
  readonly resolve?: ResolveHost;
}
