// The pod IPAM the node agents call when they create or tear down a pod sandbox (the CNI ADD/DEL
// of a real kubelet). One instance serves every simulated node of the cluster:
//   - ordinary pods get the next free address of their node's podCIDR (cycling cursor per range);
//     the allocation is recorded on the pod (`status.podIP`, written by the agent) and rebuilt from
//     the pods list on start, as kwok's ipPool `use` does, so no two live pods share an address
//     across restarts;
//   - `cni.projectcalico.org/ipAddrs` pins an exact address (inside the cluster CIDR, free);
//   - pods of sticky StatefulSets are bound to an IPClaim (sticky-ips.ts).
// Failures are returned as strings; the agent reports them as FailedCreatePodSandBox events and
// retries, leaving the pod ContainerCreating.

import type { KubeObject } from '../../apimachinery/types.js';
import type { ApiClient } from '../../client/api-client.js';
import { R } from '../../client/resources.js';
import { isStickySet } from '../../controllers/ipclaim/policy.js';
import type { IpAllocator } from '../../nodeagent/ip-allocator.js';
import { AddressPool } from './address-pool.js';
import { isReserved, nodePoolRange, resolveIpamConfig, type IpamConfig, type ResolvedIpamConfig } from './config.js';
import { checkFixedIpInCluster, parseFixedIpAnnotation } from './fixed-ip.js';
import { IpRegistry } from './ip-registry.js';
import { cidrContains, formatIp, parseCidr, parseIp } from './ipv4.js';
import { Mutex } from './mutex.js';
import { getOwningSet } from './pod-owner.js';
import { StickyIps, type AllocateResult } from './sticky-ips.js';

export type { AllocateResult };

export interface PodIpAllocatorOptions {
  config?: Partial<IpamConfig>;
  now?: () => number;
}

const keyOf = (o: KubeObject) => `${o.metadata.namespace}/${o.metadata.name}`;
const isTerminal = (pod: KubeObject) => pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';

export class PodIpAllocator implements IpAllocator {
  readonly cfg: ResolvedIpamConfig;
  readonly registry = new IpRegistry();
  private readonly pools = new Map<string, AddressPool>();
  private readonly sticky: StickyIps;
  private readonly mutex = new Mutex();
  private started: Promise<void> | undefined;

  constructor(
    private readonly client: ApiClient,
    opts: PodIpAllocatorOptions = {},
  ) {
    this.cfg = resolveIpamConfig(opts.config);
    this.sticky = new StickyIps({ client, registry: this.registry, cfg: this.cfg, now: opts.now ?? Date.now });
  }

  /** Rebuilds the used set from live pods and IPClaims. Called lazily by the first allocate. */
  start(): Promise<void> {
    this.started ??= this.mutex.run(() => this.resyncLocked());
    return this.started;
  }

  async allocate(pod: KubeObject, node: KubeObject): Promise<AllocateResult> {
    await this.start();
    return this.mutex.run(() => this.allocateLocked(pod, node));
  }

  async release(pod: KubeObject): Promise<void> {
    await this.start();
    return this.mutex.run(async () => {
      const uid = pod.metadata.uid;
      if (!uid) return;
      const claimKey = this.sticky.claimKeyOfPod(uid);
      this.registry.releasePod(uid, claimKey);
      if (claimKey) await this.sticky.release(pod);
    });
  }

  /** Stops following IPClaims (the sticky allocator's informer); a later allocation restarts it. */
  stop(): void {
    this.sticky.stop();
  }

  /** Node-agent interface (src/nodeagent/ip-allocator.ts): throws the error string. */
  async allocateIp(pod: KubeObject, node: KubeObject): Promise<string> {
    const r = await this.allocate(pod, node);
    if ('error' in r) throw new Error(r.error);
    return r.ip;
  }

  releaseIp(pod: KubeObject): Promise<void> {
    return this.release(pod);
  }

  /** Re-lists pods and claims: drops holds of pods that are gone or terminated, adopts recorded IPs. */
  resync(): Promise<void> {
    return this.mutex.run(() => this.resyncLocked());
  }

  private async resyncLocked(): Promise<void> {
    const pods = (await this.client.list(R.pods)).items;
    const live = new Map(pods.filter((p) => !isTerminal(p) && p.metadata.uid).map((p) => [p.metadata.uid!, p]));
    await this.sticky.refreshClaims();
    for (const uid of this.registry.podUids()) {
      if (!live.has(uid)) this.registry.releasePod(uid, this.sticky.claimKeyOfPod(uid));
    }
    for (const pod of live.values()) {
      const ip = parseIp(pod.status?.podIP ?? '');
      if (ip === undefined || pod.spec?.hostNetwork || this.registry.ipOfPod(pod.metadata.uid!) !== undefined) continue;
      const h = this.registry.holder(ip);
      if (!h || h.kind === 'IPClaim') this.registry.holdForPod(ip, keyOf(pod), pod.metadata.uid!);
    }
  }

  private async allocateLocked(pod: KubeObject, node: KubeObject): Promise<AllocateResult> {
    if (pod.spec?.hostNetwork) return nodeAddress(node);
    const uid = pod.metadata.uid;
    if (!uid) return { error: `pod ${keyOf(pod)} has no uid` };
    const held = this.registry.ipOfPod(uid);
    if (held !== undefined) return { ip: formatIp(held) }; // sandbox re-creation keeps the address
    const fixed = parseFixedIpAnnotation(pod.metadata.annotations);
    if (fixed) return 'error' in fixed ? fixed : this.fixed(pod, fixed.ip);
    const set = await getOwningSet(this.client, pod);
    if (set && isStickySet(set)) return this.sticky.allocate(pod, set, node);
    const first = this.fromNodePool(pod, node);
    if (!('error' in first) || first.error.startsWith('no podCidr')) return first;
    await this.resyncLocked(); // pods deleted without a release() may still hold addresses
    return this.fromNodePool(pod, node);
  }

  private fixed(pod: KubeObject, ip: number): AllocateResult {
    const text = formatIp(ip);
    const outside = checkFixedIpInCluster(ip, this.cfg.cluster, text);
    if (outside) return { error: outside };
    const h = this.registry.holder(ip);
    if (h) return { error: `failed to assign IP ${text} requested by "${'cni.projectcalico.org/ipAddrs'}": address already in use by ${h.kind === 'Pod' ? 'pod' : 'IPClaim'} ${h.key}` };
    this.registry.holdForPod(ip, keyOf(pod), pod.metadata.uid!);
    return { ip: text };
  }

  private fromNodePool(pod: KubeObject, node: KubeObject): AllocateResult {
    const cidrText: string | undefined = node.spec?.podCIDR ?? node.spec?.podCIDRs?.[0];
    const cidr = cidrText ? parseCidr(cidrText) : undefined;
    if (!cidrText || !cidr) return { error: `no podCidr for node ${node.metadata.name}` };
    const pool = this.poolFor(cidrText);
    const ip = pool.next((x) => this.registry.isFree(x));
    if (ip === undefined) {
      return { error: `failed to allocate for range 0: no IP addresses available in range set: ${formatIp(pool.range.first)}-${formatIp(pool.range.last)}` };
    }
    this.registry.holdForPod(ip, keyOf(pod), pod.metadata.uid!);
    return { ip: formatIp(ip) };
  }

  private poolFor(cidrText: string): AddressPool {
    let pool = this.pools.get(cidrText);
    if (pool) return pool;
    const cidr = parseCidr(cidrText)!;
    pool = new AddressPool(nodePoolRange(cidr), (ip) => isReserved(this.cfg, ip) || cidrContains(this.cfg.sticky, ip));
    // After a restart, resume after the highest address in use rather than re-walking the range.
    for (const ip of this.registry.ips()) pool.advancePast(ip);
    this.pools.set(cidrText, pool);
    return pool;
  }
}

function nodeAddress(node: KubeObject): AllocateResult {
  const addrs: Array<{ type: string; address: string }> = node.status?.addresses ?? [];
  const ip = addrs.find((a) => a.type === 'InternalIP')?.address;
  return ip ? { ip } : { error: `node ${node.metadata.name} has no InternalIP for a hostNetwork pod` };
}
