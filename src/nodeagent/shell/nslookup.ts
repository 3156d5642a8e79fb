// busybox 1.28's nslookup, which prints what the libc resolver returns: the server, then the name
// as given and one "Address N: <ip> <reverse name>" line per address. Resolution follows the
// pod's resolver: /etc/hosts first, then the search path with ndots (like glibc/uclibc), and the
// reverse name comes from /etc/hosts or a PTR query.

import type { DnsQuery } from './dns-client.js';
import type { ResolverConfig } from './pod-files.js';

export interface LookupEnv {
  resolver: ResolverConfig;
  /** Parsed /etc/hosts of the pod. */
  hosts: [string, string[]][];
  dns: DnsQuery;
}

export interface CommandOutput {
  stdout: string;
  stderr: string;
  code: number;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** The names a resolver tries, in order, for `name` under `search` and `ndots`. */
export function candidateNames(name: string, search: string[], ndots: number): string[] {
  if (name.endsWith('.')) return [name.slice(0, -1)];
  const dots = name.split('.').length - 1;
  const searched = search.map((s) => `${name}.${s}`);
  return dots >= ndots ? [name, ...searched] : [...searched, name];
}

/** Forward lookup: the addresses of `name`, or [] if it cannot be resolved. */
export async function resolveAddresses(name: string, env: LookupEnv): Promise<string[]> {
  if (IPV4.test(name)) return [name];
  const fromHosts = env.hosts.filter(([, names]) => names.includes(name)).map(([ip]) => ip).filter((ip) => IPV4.test(ip));
  if (fromHosts.length) return fromHosts;
  for (const candidate of candidateNames(name, env.resolver.search, env.resolver.ndots)) {
    const r = await env.dns(candidate, 'A');
    const ips = (r?.answers ?? []).filter((a) => a.type === 'A').map((a) => a.data);
    if (ips.length) return ips;
  }
  return [];
}

/** Reverse lookup of an IPv4 address: hosts file first, then PTR. */
export async function reverseName(ip: string, env: LookupEnv): Promise<string | undefined> {
  const entry = env.hosts.find(([addr]) => addr === ip);
  if (entry) return entry[1][0];
  const m = IPV4.exec(ip);
  if (!m) return undefined;
  const r = await env.dns(`${m[4]}.${m[3]}.${m[2]}.${m[1]}.in-addr.arpa`, 'PTR');
  const ptr = r?.answers.find((a) => a.type === 'PTR');
  return ptr?.data.replace(/\.$/, '');
}

async function printHost(name: string, header: string, env: LookupEnv): Promise<string | undefined> {
  const ips = await resolveAddresses(name, env);
  if (!ips.length) return undefined;
  let out = `${header.padEnd(10)} ${name}\n`;
  for (const [i, ip] of ips.entries()) {
    const rev = await reverseName(ip, env);
    out += `Address ${i + 1}: ${ip}${rev ? ` ${rev}` : ''}\n`;
  }
  return out;
}

/** `nslookup HOST [DNS_SERVER]` as busybox 1.28 prints it. */
export async function nslookup(args: string[], env: LookupEnv): Promise<CommandOutput> {
  const operands = args.filter((a) => !a.startsWith('-'));
  if (operands.length < 1 || operands.length > 2) {
    return { stdout: '', stderr: 'BusyBox v1.28.4 (2018-05-22 17:00:17 UTC) multi-call binary.\n\nUsage: nslookup [HOST] [SERVER]\n\nQuery the nameserver for the IP address of the given HOST\noptionally using a specified DNS server\n', code: 1 };
  }
  const [host, server] = operands;
  const serverIp = server ?? env.resolver.nameservers[0];
  if (!serverIp) return { stdout: '', stderr: `nslookup: can't resolve '${host}'\n`, code: 1 };
  // Only the cluster DNS answers in the sandbox; another server simply does not reply.
  const known = env.resolver.nameservers.includes(serverIp);
  const useEnv: LookupEnv = known ? env : { ...env, dns: async () => undefined };
  const head = (await printHost(serverIp, 'Server:', env)) ?? `${'Server:'.padEnd(10)} ${serverIp}\n`;
  const body = await printHost(host, 'Name:', useEnv);
  if (!body) return { stdout: `${head}\n`, stderr: `nslookup: can't resolve '${host}'\n`, code: 1 };
  return { stdout: `${head}\n${body}`, stderr: '', code: 0 };
}
