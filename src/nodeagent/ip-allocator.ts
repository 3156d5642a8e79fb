// Where pod IPs come from. The network component (src/network/ipam) implements IpAllocator with
// sticky per-ordinal addresses; PerNodeIpAllocator is the stand-in kwok also uses: a pool per node
// carved from the node's spec.podCIDR, returned to the pool when the pod goes away.

import type { KubeObject } from '../apimachinery/types.js';
import { intToIpv4, parseCidr } from './node-network.js';

export interface IpAllocator {
  /** The pod's IP on `node` (same pod → same IP while allocated). May be async (IPAM claims over the API). */
  allocateIp(pod: KubeObject, node: KubeObject): string | Promise<string>;
  /** Frees the pod's IP once it is deleted. */
  releaseIp(pod: KubeObject): void | Promise<void>;
}

interface Pool {
  base: number;
  size: number;
  next: number;
  used: Set<number>;
}

export class PerNodeIpAllocator implements IpAllocator {
  private pools = new Map<string, Pool>();
  private byPod = new Map<string, { node: string; offset: number }>();

  allocateIp(pod: KubeObject, node: KubeObject): string {
    const uid = podKey(pod);
    const held = this.byPod.get(uid);
    const pool = this.pool(node);
    if (held) return intToIpv4(pool.base + held.offset);
    const offset = this.take(pool, node.metadata.name!);
    this.byPod.set(uid, { node: node.metadata.name!, offset });
    return intToIpv4(pool.base + offset);
  }

  releaseIp(pod: KubeObject): void {
    const uid = podKey(pod);
    const held = this.byPod.get(uid);
    if (!held) return;
    this.byPod.delete(uid);
    this.pools.get(held.node)?.used.delete(held.offset);
  }

  private pool(node: KubeObject): Pool {
    const name = node.metadata.name!;
    let p = this.pools.get(name);
    if (!p) {
      const cidr: string | undefined = node.spec?.podCIDR;
      if (!cidr) throw new Error(`node "${name}" has no spec.podCIDR to allocate pod IPs from`);
      const { base, bits } = parseCidr(cidr);
      p = { base, size: 2 ** (32 - bits), next: 2, used: new Set() };
      this.pools.set(name, p);
    }
    return p;
  }

  // Offsets 0 (network), 1 (the node's bridge) and the broadcast address are never handed out;
  // the cursor walks on so a freed IP is not reused at once (as the host-local IPAM plugin does).
  private take(pool: Pool, node: string): number {
    const usable = pool.size - 3;
    for (let i = 0; i < usable; i++) {
      const off = pool.next;
      pool.next = pool.next + 1 >= pool.size - 1 ? 2 : pool.next + 1;
      if (!pool.used.has(off)) {
        pool.used.add(off);
        return off;
      }
    }
    throw new Error(`no free pod IPs left in the pod CIDR of node "${node}"`);
  }
}

function podKey(pod: KubeObject): string {
  return pod.metadata.uid ?? `${pod.metadata.namespace}/${pod.metadata.name}`;
}
