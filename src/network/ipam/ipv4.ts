// IPv4 address and CIDR arithmetic on unsigned 32-bit integers. Small on purpose: IPAM, Service IP
// allocation and DNS reverse names only need parse/format/contains/range, and ipaddr.js is not a
// dependency. IPv6 is out of scope (the sandbox is single-stack IPv4, like kind's default).

export interface Cidr {
  /** Network address (host bits cleared). */
  base: number;
  prefix: number;
  /** Number of addresses in the block (2^(32-prefix)). */
  size: number;
}

/** An inclusive address range [first, last]. */
export interface IpRange {
  first: number;
  last: number;
}

const OCTET = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/** Parses dotted-quad IPv4 ("10.244.0.7") to an unsigned int, or undefined if malformed. */
export function parseIp(text: string): number | undefined {
  const parts = text.trim().split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!OCTET.test(p)) return undefined;
    n = n * 256 + Number(p);
  }
  return n;
}

export function formatIp(n: number): string {
  return `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/** Parses "a.b.c.d/p". Host bits must be zero, as Kubernetes validates CIDR flags and podCIDRs. */
export function parseCidr(text: string): Cidr | undefined {
  const [ipText, prefixText, ...rest] = text.trim().split('/');
  if (rest.length > 0 || prefixText === undefined || !/^\d{1,2}$/.test(prefixText)) return undefined;
  const ip = parseIp(ipText);
  const prefix = Number(prefixText);
  if (ip === undefined || prefix > 32) return undefined;
  const size = 2 ** (32 - prefix);
  if (ip % size !== 0) return undefined;
  return { base: ip, prefix, size };
}

export function mustParseCidr(text: string): Cidr {
  const c = parseCidr(text);
  if (!c) throw new Error(`invalid CIDR address: ${text}`);
  return c;
}

export function formatCidr(c: Cidr): string {
  return `${formatIp(c.base)}/${c.prefix}`;
}

export function cidrContains(c: Cidr, ip: number): boolean {
  return ip >= c.base && ip < c.base + c.size;
}

export function cidrRange(c: Cidr): IpRange {
  return { first: c.base, last: c.base + c.size - 1 };
}

/** True when the two blocks share at least one address. */
export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  return a.base < b.base + b.size && b.base < a.base + a.size;
}

/** The i-th subnet of `prefix` bits inside `parent` (node podCIDRs: the i-th /24 of the cluster /16). */
export function subnetAt(parent: Cidr, prefix: number, index: number): Cidr | undefined {
  if (prefix < parent.prefix || prefix > 32) return undefined;
  const size = 2 ** (32 - prefix);
  const count = parent.size / size;
  if (!Number.isInteger(index) || index < 0 || index >= count) return undefined;
  return { base: parent.base + index * size, prefix, size };
}

/**
 * Parses an address range: "10.0.0.5-10.0.0.9", a CIDR "10.0.0.0/30" or a single address.
 * Used for reserved ranges and StatefulSet IP pools.
 */
export function parseRange(text: string): IpRange | undefined {
  const t = text.trim();
  if (t.includes('/')) {
    const c = parseCidr(t);
    return c ? cidrRange(c) : undefined;
  }
  const dash = t.indexOf('-');
  if (dash < 0) {
    const ip = parseIp(t);
    return ip === undefined ? undefined : { first: ip, last: ip };
  }
  const first = parseIp(t.slice(0, dash));
  const last = parseIp(t.slice(dash + 1));
  if (first === undefined || last === undefined || last < first) return undefined;
  return { first, last };
}

/**
 * Expands a comma-separated list of ranges/addresses into an ordered, de-duplicated address list
 * (first occurrence wins). Returns an error naming the bad entry. Capped so a typo like
 * "10.0.0.0-10.255.255.255" cannot allocate millions of numbers.
 */
export function expandAddressList(text: string, max = 65536): { ips: number[] } | { error: string } {
  const seen = new Set<number>();
  const ips: number[] = [];
  for (const entry of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const r = parseRange(entry);
    if (!r) return { error: `invalid address or range "${entry}"` };
    if (r.last - r.first + 1 + ips.length > max) return { error: `address list "${text}" has more than ${max} addresses` };
    for (let ip = r.first; ip <= r.last; ip++) {
      if (!seen.has(ip)) {
        seen.add(ip);
        ips.push(ip);
      }
    }
  }
  return { ips };
}

/** "10.244.1.7" → "7.1.244.10.in-addr.arpa" (no trailing dot). */
export function reverseName(ip: number): string {
  return `${ip & 255}.${(ip >>> 8) & 255}.${(ip >>> 16) & 255}.${(ip >>> 24) & 255}.in-addr.arpa`;
}
