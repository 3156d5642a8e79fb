// Per-node network facts derived from the node's index: the pod CIDR carved from the cluster CIDR
// (node i gets 10.244.i.0/24 as kube-controller-manager's range allocator would hand out) and the
// node's InternalIP (172.18.0.(i+2), the addresses kind gives its node containers).

export const DEFAULT_CLUSTER_CIDR = '10.244.0.0/16';
export const NODE_MASK_SIZE = 24;

export function ipv4ToInt(ip: string): number {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) throw new Error(`invalid IPv4 address "${ip}"`);
  return ((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3];
}

export function intToIpv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

export function parseCidr(cidr: string): { base: number; bits: number } {
  const [ip, bitsStr] = cidr.split('/');
  const bits = Number(bitsStr);
  if (!Number.isInteger(bits) || bits < 0 || bits > 32) throw new Error(`invalid CIDR "${cidr}"`);
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return { base: (ipv4ToInt(ip) & mask) >>> 0, bits };
}

/** The index-th /maskSize subnet of clusterCidr: podCidrFor('10.244.0.0/16', 3) = '10.244.3.0/24'. */
export function podCidrFor(index: number, clusterCidr = DEFAULT_CLUSTER_CIDR, maskSize = NODE_MASK_SIZE): string {
  const { base, bits } = parseCidr(clusterCidr);
  if (maskSize < bits) throw new Error(`node mask /${maskSize} is larger than the cluster CIDR ${clusterCidr}`);
  const count = 2 ** (maskSize - bits);
  if (!Number.isInteger(index) || index < 0 || index >= count) throw new Error(`cluster CIDR ${clusterCidr} has no /${maskSize} subnet number ${index} (it holds ${count})`);
  return `${intToIpv4(base + index * 2 ** (32 - maskSize))}/${maskSize}`;
}

/** Whether node `index`'s range shares an address with `block` (the sticky-IP block, which no node range may take). */
export function podCidrOverlaps(index: number, clusterCidr: string, block: string, maskSize = NODE_MASK_SIZE): boolean {
  const range = parseCidr(podCidrFor(index, clusterCidr, maskSize));
  const b = parseCidr(block);
  const size = (bits: number) => 2 ** (32 - bits);
  return range.base < b.base + size(b.bits) && b.base < range.base + size(range.bits);
}

/** The index whose range is `podCidr` inside clusterCidr (the inverse of podCidrFor), if it is one. */
export function indexOfPodCidr(podCidr: string, clusterCidr = DEFAULT_CLUSTER_CIDR, maskSize = NODE_MASK_SIZE): number | undefined {
  let range: { base: number; bits: number };
  let cluster: { base: number; bits: number };
  try {
    range = parseCidr(podCidr);
    cluster = parseCidr(clusterCidr);
  } catch {
    return undefined;
  }
  if (range.bits !== maskSize || maskSize < cluster.bits) return undefined;
  const index = (range.base - cluster.base) / 2 ** (32 - maskSize);
  return Number.isInteger(index) && index >= 0 && index < 2 ** (maskSize - cluster.bits) ? index : undefined;
}

/** The node's InternalIP: 172.18.0.(i+2) for the first 253 nodes, continuing into 172.18.1.x and on. */
export function nodeInternalIp(index: number): string {
  return intToIpv4(ipv4ToInt('172.18.0.0') + index + 2);
}

/** The zone a node lands in: nodes are spread round-robin over three zones. */
export function zoneFor(index: number, zones: readonly string[] = ['zone-a', 'zone-b', 'zone-c']): string {
  return zones[index % zones.length];
}
