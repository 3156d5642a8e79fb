// IPAM configuration: the address plan of the sandbox cluster and the helpers that derive node
// ranges from it. Defaults mirror kubeadm/kind: pods 10.244.0.0/16 with a /24 per node, Services
// 10.96.0.0/12. Sticky StatefulSet IPs live in their own block at the top of the cluster CIDR
// (docs/adr/0005-sticky-ips.md), so no node's /24 is carved from it.

import { cidrsOverlap, formatCidr, mustParseCidr, parseRange, subnetAt, type Cidr, type IpRange } from './ipv4.js';

export interface IpamConfig {
  clusterCidr: string;
  serviceCidr: string;
  /** Block for sticky (IPClaim) addresses without an explicit ip-pool. Must lie inside clusterCidr. */
  stickyCidr: string;
  /** Size of each node's podCIDR. */
  nodeCidrPrefix: number;
  /** Ranges ("a-b", CIDR or address) never handed out automatically; fixed IPs may still use them. */
  reserved: string[];
}

export const defaultIpamConfig: IpamConfig = {
  clusterCidr: '10.244.0.0/16',
  serviceCidr: '10.96.0.0/12',
  stickyCidr: '10.244.254.0/23',
  nodeCidrPrefix: 24,
  reserved: [],
};

/** The sticky block is a /23: two node-sized (/24) ranges. */
export const STICKY_PREFIX = 23;

/**
 * Where the sticky block sits in a cluster CIDR: its top /23 (10.244.254.0/23 of kind's
 * 10.244.0.0/16, 10.247.254.0/23 of a widened 10.244.0.0/14). Whoever hands out node ranges skips
 * it, so node ranges come from the bottom up and can never reach sticky addresses.
 */
export function stickyCidrFor(clusterCidr: string): string {
  const cluster = mustParseCidr(clusterCidr);
  if (cluster.prefix > STICKY_PREFIX) throw new Error(`cluster CIDR ${clusterCidr} is smaller than a /${STICKY_PREFIX} sticky block`);
  return formatCidr({ base: cluster.base + cluster.size - 2 ** (32 - STICKY_PREFIX), prefix: STICKY_PREFIX, size: 2 ** (32 - STICKY_PREFIX) });
}

export interface ResolvedIpamConfig {
  cluster: Cidr;
  service: Cidr;
  sticky: Cidr;
  nodeCidrPrefix: number;
  reserved: IpRange[];
}

export function resolveIpamConfig(cfg: Partial<IpamConfig> = {}): ResolvedIpamConfig {
  const c = { ...defaultIpamConfig, ...cfg };
  const reserved = c.reserved.map((r) => {
    const range = parseRange(r);
    if (!range) throw new Error(`invalid reserved range: ${r}`);
    return range;
  });
  const cluster = mustParseCidr(c.clusterCidr);
  const sticky = mustParseCidr(c.stickyCidr);
  if (sticky.base < cluster.base || sticky.base + sticky.size > cluster.base + cluster.size) {
    throw new Error(`sticky CIDR ${c.stickyCidr} is not inside the cluster CIDR ${c.clusterCidr}`);
  }
  return { cluster, service: mustParseCidr(c.serviceCidr), sticky, nodeCidrPrefix: c.nodeCidrPrefix, reserved };
}

export function isReserved(cfg: ResolvedIpamConfig, ip: number): boolean {
  return cfg.reserved.some((r) => ip >= r.first && ip <= r.last);
}

/**
 * Addresses a node pool hands out: the podCIDR minus its network address, the gateway (.1, the
 * bridge in host-local/flannel setups) and the broadcast address. First pod IP is x.y.z.2.
 */
export function nodePoolRange(podCidr: Cidr): IpRange {
  if (podCidr.size <= 4) return { first: podCidr.base, last: podCidr.base + podCidr.size - 1 };
  return { first: podCidr.base + 2, last: podCidr.base + podCidr.size - 2 };
}

/**
 * The node podCIDRs available for assignment, in order: every `nodeCidrPrefix` subnet of the
 * cluster CIDR that does not overlap the sticky block. Whoever registers nodes picks the first one
 * not already used by another node (node-ipam-controller's range allocator does the same).
 */
export function nodeCidrCandidates(cfg: ResolvedIpamConfig): Cidr[] {
  const out: Cidr[] = [];
  for (let i = 0; ; i++) {
    const sub = subnetAt(cfg.cluster, cfg.nodeCidrPrefix, i);
    if (!sub) return out;
    if (!cidrsOverlap(sub, cfg.sticky)) out.push(sub);
  }
}
