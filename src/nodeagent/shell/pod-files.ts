// The files a kubelet writes into every container, rendered for the simulated shell: /etc/hosts
// (kubelet's managed hosts file), /etc/resolv.conf (the ClusterFirst DNS policy) and /etc/hostname.

import type { KubeObject } from '../../apimachinery/types.js';

export const CLUSTER_DOMAIN = 'cluster.local';

interface PodSpecView {
  hostname?: string;
  subdomain?: string;
  hostNetwork?: boolean;
  dnsPolicy?: string;
  dnsConfig?: { nameservers?: string[]; searches?: string[]; options?: { name: string; value?: string }[] };
  hostAliases?: { ip: string; hostnames?: string[] }[];
}

const specOf = (pod: KubeObject): PodSpecView => (pod.spec ?? {}) as PodSpecView;

/** The pod's hostname: spec.hostname, else the name cut to 63 characters (as kubelet does). */
export function podHostname(pod: KubeObject): string {
  const h = specOf(pod).hostname;
  if (h) return h;
  return (pod.metadata.name ?? '').slice(0, 63).replace(/[-.]+$/, '');
}

/** `<subdomain>.<ns>.svc.cluster.local` when the pod has a subdomain, else ''. */
export function podDomain(pod: KubeObject): string {
  const sub = specOf(pod).subdomain;
  return sub ? `${sub}.${pod.metadata.namespace ?? 'default'}.svc.${CLUSTER_DOMAIN}` : '';
}

function podIPs(pod: KubeObject): string[] {
  const st = (pod.status ?? {}) as { podIP?: string; podIPs?: { ip: string }[] };
  if (st.podIPs?.length) return st.podIPs.map((p) => p.ip);
  return st.podIP ? [st.podIP] : [];
}

/** kubelet's managed /etc/hosts for a pod. */
export function hostsFile(pod: KubeObject): string {
  const name = podHostname(pod);
  const domain = podDomain(pod);
  let out =
    '# Kubernetes-managed hosts file.\n' +
    '127.0.0.1\tlocalhost\n' +
    '::1\tlocalhost ip6-localhost ip6-loopback\n' +
    'fe00::0\tip6-localnet\n' +
    'fe00::0\tip6-mcastprefix\n' +
    'fe00::1\tip6-allnodes\n' +
    'fe00::2\tip6-allrouters\n';
  for (const ip of podIPs(pod)) out += domain ? `${ip}\t${name}.${domain}\t${name}\n` : `${ip}\t${name}\n`;
  const aliases = specOf(pod).hostAliases ?? [];
  if (aliases.length) {
    out += '\n# Entries added by HostAliases.\n';
    for (const a of aliases) out += `${a.ip}\t${(a.hostnames ?? []).join('\t')}\n`;
  }
  return out;
}

/** Host entries of a hosts file as [ip, names[]], comments skipped. */
export function parseHosts(text: string): [string, string[]][] {
  const out: [string, string[]][] = [];
  for (const line of text.split('\n')) {
    const fields = line.replace(/#.*/, '').trim().split(/\s+/).filter(Boolean);
    if (fields.length >= 2) out.push([fields[0], fields.slice(1)]);
  }
  return out;
}

export interface ResolverConfig {
  nameservers: string[];
  search: string[];
  ndots: number;
}

/** The resolver configuration kubelet gives a pod under its dnsPolicy (and dnsConfig). */
export function resolverConfig(pod: KubeObject, clusterDnsIp: string): ResolverConfig {
  const spec = specOf(pod);
  const ns = pod.metadata.namespace ?? 'default';
  const policy = spec.dnsPolicy ?? 'ClusterFirst';
  // ClusterFirst on the host network falls back to Default, as kubelet does.
  const useCluster = policy === 'ClusterFirstWithHostNet' || (policy === 'ClusterFirst' && !spec.hostNetwork);
  // Simulated nodes have no resolver of their own: Default uses the cluster DNS without search paths.
  const cfg: ResolverConfig = useCluster
    ? { nameservers: [clusterDnsIp], search: [`${ns}.svc.${CLUSTER_DOMAIN}`, `svc.${CLUSTER_DOMAIN}`, CLUSTER_DOMAIN], ndots: 5 }
    : { nameservers: policy === 'None' ? [] : [clusterDnsIp], search: [], ndots: 1 };
  const dc = spec.dnsConfig;
  if (dc) {
    for (const n of dc.nameservers ?? []) if (!cfg.nameservers.includes(n)) cfg.nameservers.push(n);
    for (const s of dc.searches ?? []) if (!cfg.search.includes(s)) cfg.search.push(s);
    const nd = dc.options?.find((o) => o.name === 'ndots');
    if (nd?.value !== undefined && Number.isInteger(Number(nd.value))) cfg.ndots = Number(nd.value);
  }
  return cfg;
}

/** /etc/resolv.conf as the container runtime writes it from kubelet's DNS config. */
export function resolvConf(pod: KubeObject, clusterDnsIp: string): string {
  const cfg = resolverConfig(pod, clusterDnsIp);
  const lines: string[] = [];
  if (cfg.search.length) lines.push(`search ${cfg.search.join(' ')}`);
  for (const n of cfg.nameservers) lines.push(`nameserver ${n}`);
  const opts = [`ndots:${cfg.ndots}`, ...(specOf(pod).dnsConfig?.options ?? []).filter((o) => o.name !== 'ndots').map((o) => (o.value === undefined ? o.name : `${o.name}:${o.value}`))];
  lines.push(`options ${opts.join(' ')}`);
  return lines.join('\n') + '\n';
}
