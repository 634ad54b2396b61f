/**
 * Where a webhook may connect: the host is resolved once and every address must be public unicast (see
 * public-address.ts) unless the operator allow-listed the host; the request then connects to exactly these
 * addresses, so a second DNS answer (rebinding) is never used. Plain http is only for allow-listed hosts:
 * the YAML's headers may be secrets. Metadata servers are refused even when allow-listed.
 */
import { lookup } from 'node:dns/promises';
import { StepError } from '../../errors';
import { isAllowedHost, normalizedHostname } from './allowed-hosts';
import { isMetadataAddress, refusedAddressReason } from './public-address';
import type { ResolvedAddress, ResolveHost, WebhookSettings } from './webhook-settings';

const METADATA_NAMES = new Set(['metadata', 'metadata.google.internal']);

const systemResolve: ResolveHost = async (hostname) =>
  (await lookup(hostname, { all: true })).map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));

const refused = (message: string): StepError => new StepError('WEBHOOK_TARGET_REFUSED', `webhook ${message}`, false);

const ALLOW_HINT = 'add it to CONVERGENCE_WEBHOOK_ALLOWED_HOSTS to reach it deliberately';

/** The vetted addresses to connect to; throws a StepError naming the host when the target is refused. */
export async function resolveWebhookTarget(
  origin: URL,
  settings: WebhookSettings,
): Promise<readonly ResolvedAddress[]> {
  const host = origin.host;
  const hostname = normalizedHostname(origin.hostname).replace(/^\[(.*)\]$/, '$1');
  if (METADATA_NAMES.has(hostname)) throw refused(`${host} is the cloud metadata server`);
  const allowed = isAllowedHost(settings.allowedHosts, origin);
  if (origin.protocol !== 'https:' && !allowed)
    throw refused(`${host}: plain http is refused (use https, or ${ALLOW_HINT})`);
  let addresses: readonly ResolvedAddress[];
  try {
    addresses = await (settings.resolve ?? systemResolve)(hostname);
  } catch {
    throw new StepError('WEBHOOK_FAILED', `webhook ${host}: the host name could not be resolved`, true);
  }
  if (addresses.length === 0)
    throw new StepError('WEBHOOK_FAILED', `webhook ${host}: the host name has no address`, true);
  for (const { address } of addresses) {
    if (isMetadataAddress(address)) throw refused(`${host} resolves to ${address}, the cloud metadata server`);
    const reason = allowed ? undefined : refusedAddressReason(address);
    if (reason !== undefined)
      throw refused(`${host} resolves to ${address} (${reason}), not a public address; ${ALLOW_HINT}`);
  }
  return addresses;
}
