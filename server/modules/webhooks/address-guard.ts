import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * The server-side request forgery guard. A webhook URL is typed by an admin, but the desk sits inside a
 * network: loopback, private, link-local (cloud metadata at 169.254.169.254) and unique-local addresses are
 * refused unless allow-listed (ONDESK_WEBHOOK_ALLOW or the admins' own list — appliances often call LAN
 * hosts). The name is resolved here and the request connects to the address checked, so a name cannot
 * answer a public address to the check and a private one to the connection (DNS rebinding).
 */
const blocked = new BlockList();
blocked.addSubnet('0.0.0.0', 8, 'ipv4');
blocked.addSubnet('10.0.0.0', 8, 'ipv4');
blocked.addSubnet('100.64.0.0', 10, 'ipv4');
blocked.addSubnet('127.0.0.0', 8, 'ipv4');
blocked.addSubnet('169.254.0.0', 16, 'ipv4');
blocked.addSubnet('172.16.0.0', 12, 'ipv4');
blocked.addSubnet('192.168.0.0', 16, 'ipv4');
blocked.addSubnet('224.0.0.0', 4, 'ipv4');
blocked.addSubnet('240.0.0.0', 4, 'ipv4');
blocked.addAddress('::', 'ipv6');
blocked.addAddress('::1', 'ipv6');
blocked.addSubnet('fc00::', 7, 'ipv6');
blocked.addSubnet('fe80::', 10, 'ipv6');
blocked.addSubnet('ff00::', 8, 'ipv6');

const reasons: Array<[string, number, string]> = [
  ['127.0.0.0', 8, 'a loopback address'],
  ['169.254.0.0', 16, 'a link-local address (cloud metadata lives there)'],
  ['10.0.0.0', 8, 'a private address'],
  ['172.16.0.0', 12, 'a private address'],
  ['192.168.0.0', 16, 'a private address'],
  ['100.64.0.0', 10, 'a carrier-grade NAT address'],
  ['0.0.0.0', 8, 'a "this network" address'],
];

/** `::ffff:10.0.0.1` is 10.0.0.1: an IPv4-mapped address is judged as the IPv4 address it carries. */
function unmapped(address: string): { address: string; family: 'ipv4' | 'ipv6' } {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return { address: mapped[1]!, family: 'ipv4' };
  // URLs write them in hex (`[::ffff:c0a8:105]`).
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (hex) {
    const [hi, lo] = [parseInt(hex[1]!, 16), parseInt(hex[2]!, 16)];
    return { address: [hi >> 8, hi & 255, lo >> 8, lo & 255].join('.'), family: 'ipv4' };
  }
  return { address, family: isIP(address) === 6 ? 'ipv6' : 'ipv4' };
}

/** The admins' ranges: CIDRs or single addresses, separated by commas or spaces. Throws on a malformed one. */
export function parseAllowList(text: string | undefined | null): { list: BlockList; ranges: string[] } {
  const list = new BlockList();
  const ranges = (text ?? '').split(/[\s,]+/).filter(Boolean);
  for (const range of ranges) {
    const [address, bits] = range.split('/');
    const { address: ip, family } = unmapped(address ?? '');
    if (isIP(ip) === 0) throw new Error(`"${range}" is not an address or a CIDR range (e.g. 192.168.10.0/24)`);
    const max = family === 'ipv4' ? 32 : 128;
    const prefix = bits === undefined ? max : Number(bits);
    if (!Number.isInteger(prefix) || prefix < 0 || prefix > max)
      throw new Error(`"${range}" has a prefix length outside 0–${max}`);
    list.addSubnet(ip, prefix, family);
  }
  return { list, ranges };
}

/** Why an address may not be called, or null when it may. */
export function refusalOf(address: string, allow: BlockList): string | null {
  const { address: ip, family } = unmapped(address);
  if (allow.check(ip, family)) return null;
  if (!blocked.check(ip, family)) return null;
  let kind = 'a reserved address';
  if (family === 'ipv4') {
    const probe = new BlockList();
    for (const [net, bits, why] of reasons) {
      probe.addSubnet(net, bits, 'ipv4');
      if (probe.check(ip, 'ipv4')) {
        kind = why;
        break;
      }
    }
  } else if (ip === '::1') kind = 'a loopback address';
  else if (/^f[cd]/i.test(ip)) kind = 'a unique-local address';
  else if (/^fe[89ab]/i.test(ip)) kind = 'a link-local address';
  return `${address} is ${kind}; add its range to ONDESK_WEBHOOK_ALLOW or to the webhooks' allowed ranges to call it`;
}

/** The host of a URL as an address when it is one literally (`[::1]` → `::1`), else null. */
export function literalAddress(url: URL): string | null {
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  return isIP(host) ? host : null;
}

export type Resolved = { ok: true; address: string; family: 4 | 6 } | { ok: false; reason: string };

/**
 * Resolves the URL's host (every address it has) and picks the first one that may be called. Any refused
 * address refuses the whole name: a name that answers both a public and a private address is an attack.
 */
export async function resolveTarget(
  url: URL,
  allow: BlockList,
  resolve: (host: string) => Promise<Array<{ address: string; family: number }>> = (host) =>
    lookup(host, { all: true, verbatim: true }),
): Promise<Resolved> {
  const literal = literalAddress(url);
  let addresses: Array<{ address: string; family: number }>;
  if (literal) addresses = [{ address: literal, family: isIP(literal) }];
  else {
    try {
      addresses = await resolve(url.hostname);
    } catch (err) {
      return {
        ok: false,
        reason: `${url.hostname} does not resolve (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
      };
    }
  }
  if (addresses.length === 0) return { ok: false, reason: `${url.hostname} has no address` };
  for (const a of addresses) {
    const why = refusalOf(a.address, allow);
    if (why) return { ok: false, reason: literal ? why : `${url.hostname} resolves to ${why}` };
  }
  const first = addresses[0]!;
  return { ok: true, address: first.address, family: first.family === 6 ? 6 : 4 };
}
