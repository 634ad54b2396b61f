/**
 * Whether a webhook may connect to an address: only public unicast addresses pass. Classification is
 * ipaddr.js's (IPv4-mapped IPv6 is judged as the IPv4 address it carries); anything it does not call plain
 * `unicast` — loopback, link-local, private, CGNAT, unique-local, multicast, broadcast, unspecified, reserved,
 * and the IPv6 ranges that embed an IPv4 address (6to4, Teredo, NAT64) — is refused. Pure.
 */
import ipaddr from 'ipaddr.js';

/** Cloud metadata servers (GCE/AWS/Azure share 169.254.169.254; AWS also answers on fd00:ec2::254). */
const METADATA_ADDRESSES = new Set(['169.254.169.254', 'fd00:ec2::254']);

const RANGE_NAMES: Readonly<Record<string, string>> = {
  linkLocal: 'link-local',
  carrierGradeNat: 'carrier-grade NAT',
  uniqueLocal: 'unique-local (private)',
  rfc6052: 'NAT64',
  rfc6145: 'IPv4-translated',
};

/** Why the address is refused, or undefined for a public unicast address. */
export function refusedAddressReason(address: string): string | undefined {
  if (!ipaddr.isValid(address)) return 'not an IP address';
  const ip = ipaddr.process(address);
  const normalized = ip.toNormalizedString();
  if (METADATA_ADDRESSES.has(ip.toString()) || METADATA_ADDRESSES.has(normalized)) return 'the cloud metadata server';
  const range = ip.range();
  if (range !== 'unicast') return RANGE_NAMES[range] ?? range;
  // ::a.b.c.d (IPv4-compatible, deprecated): ipaddr.js calls the hex form plain unicast.
  if (
    ip.kind() === 'ipv6' &&
    ip
      .toByteArray()
      .slice(0, 12)
      .every((b) => b === 0)
  )
    return 'IPv4-compatible';
  return undefined;
}

/** A metadata address, refused even for an allowed host: it hands out the service's credentials. */
export function isMetadataAddress(address: string): boolean {
  return ipaddr.isValid(address) && refusedAddressReason(address) === 'the cloud metadata server';
}
