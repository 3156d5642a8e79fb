// Kube-OVN-style ordered pools for sticky StatefulSets (`network.ordinal.dev/ip-pool`): ordinal i
// gets the i-th address of the pool that no other workload holds. Addresses held by this set's own
// claims still count as positions, so web-2 gets the third address whether or not web-0/web-1 exist.

import type { Cidr } from './ipv4.js';
import { cidrContains, formatIp } from './ipv4.js';
import type { IpRegistry } from './ip-registry.js';

export interface OrderedPick {
  pool: { ips: number[]; text: string };
  ordinal: number;
  /** spec.ordinals.start: ordinal `start` takes the first address. */
  start: number;
  registry: IpRegistry;
  cluster: Cidr;
  /** Claim keys ("ns/name") of this StatefulSet. */
  sameSet: Set<string>;
}

const nth = (n: number) => `${n}${n % 10 === 1 && n % 100 !== 11 ? 'st' : n % 10 === 2 && n % 100 !== 12 ? 'nd' : n % 10 === 3 && n % 100 !== 13 ? 'rd' : 'th'}`;

export function pickFromOrderedPool(p: OrderedPick): { ip: string } | { error: string } {
  const outside = p.pool.ips.find((ip) => !cidrContains(p.cluster, ip));
  if (outside !== undefined) return { error: `ip-pool address ${formatIp(outside)} is not inside the cluster CIDR` };
  const usable = p.pool.ips.filter((ip) => {
    const h = p.registry.holder(ip);
    return !h || p.sameSet.has(h.key); // the same key as a pod of this set or its claim
  });
  const index = p.ordinal - p.start;
  if (index >= usable.length) {
    return {
      error: `not enough addresses in ip-pool "${p.pool.text}": ordinal ${p.ordinal} needs the ${nth(index + 1)} free address but only ${usable.length} are free`,
    };
  }
  const want = usable[index];
  if (p.registry.isFree(want)) return { ip: formatIp(want) };
  // The positional address is held by another ordinal of the same set (the pool was edited):
  // fall back to the first address nobody holds.
  const spare = usable.find((ip) => p.registry.isFree(ip));
  if (spare === undefined) return { error: `not enough addresses in ip-pool "${p.pool.text}": all ${usable.length} free addresses are claimed by other ordinals` };
  return { ip: formatIp(spare) };
}
