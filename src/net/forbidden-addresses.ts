/**
 * Addresses no outbound request may reach unless the administrator allows it: link-local
 * (169.254.0.0/16, fe80::/10, where every cloud's instance metadata service answers with the
 * machine's credentials) and the cloud metadata endpoints by address and by name. Pure: used
 * by the connect-time guard on the resolved address, so DNS answers cannot route around it.
 */
import { BlockList, isIP } from 'node:net';

const blocked = new BlockList();
blocked.addSubnet('169.254.0.0', 16, 'ipv4');
blocked.addSubnet('fe80::', 10, 'ipv6');
// AWS's IPv6 metadata endpoint (Nitro) and Alibaba Cloud's metadata address
blocked.addAddress('fd00:ec2::254', 'ipv6');
blocked.addAddress('100.100.100.200', 'ipv4');

/** Names that resolve to a metadata service inside a cloud, refused before any lookup. */
const METADATA_NAMES: ReadonlySet<string> = new Set([
  'metadata.google.internal',
  'metadata.goog',
  'metadata.azure.internal',
  'instance-data.ec2.internal',
]);

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** `::ffff:169.254.169.254` is 169.254.169.254 for the socket: check it as IPv4. */
function unmapped(address: string): string {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return m?.[1] ?? address;
}

/** True for an IP address (v4 or v6, brackets allowed) in a forbidden range. */
export function isForbiddenAddress(address: string): boolean {
  const ip = unmapped(stripBrackets(address.trim()));
  const family = isIP(ip);
  if (family === 0) return false;
  return blocked.check(ip, family === 4 ? 'ipv4' : 'ipv6');
}

/** True for a host name (not an address) that names a cloud metadata service. */
export function isMetadataHostname(hostname: string): boolean {
  return METADATA_NAMES.has(hostname.trim().toLowerCase().replace(/\.$/, ''));
}
