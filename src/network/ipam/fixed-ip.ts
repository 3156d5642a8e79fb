// Calico's per-pod fixed address: `cni.projectcalico.org/ipAddrs: '["10.244.7.9"]'`. Parsing and
// validation mirror calico's CNI plugin (one IPv4 at most, JSON list, non-empty); the error strings
// become the FailedCreatePodSandBox event the node agent records, so they say exactly why.

import { formatCidr, parseIp, type Cidr } from './ipv4.js';

export const CALICO_IP_ADDRS = 'cni.projectcalico.org/ipAddrs';

export type FixedIpRequest = { ip: number } | { error: string } | undefined;

/** undefined = no annotation (normal allocation). */
export function parseFixedIpAnnotation(annotations: Record<string, string> | undefined): FixedIpRequest {
  const raw = annotations?.[CALICO_IP_ADDRS];
  if (raw === undefined) return undefined;
  let list: unknown;
  try {
    list = JSON.parse(raw);
  } catch (e) {
    return { error: `failed to parse IPs ${raw} for annotation "${CALICO_IP_ADDRS}": failed to parse '${raw}' as JSON: ${(e as Error).message}` };
  }
  if (!Array.isArray(list) || list.some((x) => typeof x !== 'string')) {
    return { error: `failed to parse IPs ${raw} for annotation "${CALICO_IP_ADDRS}": expected a JSON list of strings` };
  }
  if (list.length === 0) return { error: `annotation "${CALICO_IP_ADDRS}" specified but empty` };
  const v4: number[] = [];
  for (const text of list as string[]) {
    const ip = parseIp(text);
    if (ip === undefined) {
      if (text.includes(':')) return { error: `IPv6 address ${text} requested but the cluster is IPv4 only` };
      return { error: `invalid IP format: ${text}` };
    }
    v4.push(ip);
  }
  if (v4.length > 1) return { error: `cannot have more than one IPv4 address for "${CALICO_IP_ADDRS}" annotation` };
  return { ip: v4[0] };
}

/** The address must lie inside the cluster CIDR (Calico: inside a configured pool). */
export function checkFixedIpInCluster(ip: number, cluster: Cidr, text: string): string | undefined {
  if (ip >= cluster.base && ip < cluster.base + cluster.size) return undefined;
  return `the provided IP address ${text} is not in a configured pool: it must be inside the cluster CIDR ${formatCidr(cluster)}`;
}
