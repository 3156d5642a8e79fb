// Sticky addresses for StatefulSet pods, backed by IPClaim objects (one per pod name). The claim is
// the allocation: it outlives the pod, so when `web-0` is recreated, on any node, it is bound to the
// claim again and gets the same IP. Claims are followed by an informer whose events keep the
// registry's claim holds current, so a claim deleted by the IPClaim controller or the garbage
// collector frees its address without a LIST per allocation (that LIST made allocation O(claims)).
// The pod's own claim is read with a GET, so a rebind never acts on a stale copy.

import type { KubeObject } from '../../apimachinery/types.js';
import type { ApiClient } from '../../client/api-client.js';
import { R, at } from '../../client/resources.js';
import { sharedInformer, type SharedInformer } from '../../controller/informer.js';
import { buildClaim, setRefOf, claimOwnerRefs, type IPClaim } from '../../controllers/ipclaim/claim.js';
import { ipPoolOf, ordinalOf, policyText, releasePolicyOf, type ReleasePolicy } from '../../controllers/ipclaim/policy.js';
import { AddressPool } from './address-pool.js';
import { patchClaimStatus } from './claim-status.js';
import { isReserved, nodePoolRange, type ResolvedIpamConfig } from './config.js';
import type { IpRegistry } from './ip-registry.js';
import { formatCidr, formatIp, parseIp } from './ipv4.js';
import { pickFromOrderedPool } from './ordered-pool.js';

export type AllocateResult = { ip: string } | { error: string };

export interface StickyDeps {
  client: ApiClient;
  registry: IpRegistry;
  cfg: ResolvedIpamConfig;
  now: () => number;
}

const keyOf = (o: KubeObject) => `${o.metadata.namespace}/${o.metadata.name}`;

export class StickyIps {
  private readonly pool: AddressPool;
  /** pod UID → claim key, for pods currently bound to a claim. */
  private readonly podClaims = new Map<string, string>();
  private informer?: SharedInformer<IPClaim>;
  private synced?: Promise<SharedInformer<IPClaim>>;

  constructor(private readonly d: StickyDeps) {
    this.pool = new AddressPool(nodePoolRange(d.cfg.sticky), (ip) => isReserved(d.cfg, ip));
  }

  claimKeyOfPod(uid: string): string | undefined {
    return this.podClaims.get(uid);
  }

  /**
   * Starts the claim informer on first use and makes the registry's claim holds match its cache
   * (start and resync; between them, the informer's events keep the holds current).
   */
  async refreshClaims(): Promise<IPClaim[]> {
    const claims = await this.cache();
    const items = claims.list();
    const holds: Array<[number, string]> = [];
    for (const c of items) {
      const ip = parseIp(c.spec?.ip ?? '');
      if (ip !== undefined) holds.push([ip, keyOf(c)]);
      this.notePodBinding(c);
    }
    this.d.registry.resetClaims(holds);
    return items;
  }

  /** Stops the claim informer (a later allocation starts it again). */
  stop(): void {
    this.informer?.stop();
    this.informer = undefined;
    this.synced = undefined;
  }

  async allocate(pod: KubeObject, set: KubeObject, node: KubeObject): Promise<AllocateResult> {
    const pr = releasePolicyOf(set);
    if ('error' in pr) return pr;
    const ordinal = ordinalOf(set.metadata.name!, pod.metadata.name!);
    if (ordinal === undefined) return { error: `pod ${pod.metadata.name} has no ordinal of StatefulSet ${set.metadata.name}` };
    const claims = await this.cache();
    const existing = await this.getClaim(pod.metadata.namespace!, pod.metadata.name!);
    if (existing) return this.bind(existing, { pod, set, node, policy: pr.policy });
    const pick = this.pick(set, ordinal, claims);
    if ('error' in pick) return pick;
    const claim = buildClaim({
      podName: pod.metadata.name!,
      namespace: pod.metadata.namespace!,
      set,
      ordinal,
      ip: pick.ip,
      policy: pr.policy,
      policyText: policyText(pr.policy),
    });
    let created: IPClaim;
    try {
      created = await this.d.client.create<IPClaim>(at(R.ipclaims, pod.metadata.namespace), claim);
    } catch (e) {
      if ((e as { code?: number }).code !== 409) throw e;
      created = await this.d.client.get<IPClaim>(at(R.ipclaims, pod.metadata.namespace, pod.metadata.name));
    }
    return this.bind(created, { pod, set, node, policy: pr.policy });
  }

  /** Marks the pod's claim Released; the address stays held by the claim. */
  async release(pod: KubeObject): Promise<void> {
    const uid = pod.metadata.uid!;
    const key = this.podClaims.get(uid);
    if (!key) return;
    this.podClaims.delete(uid);
    const [ns, name] = key.split('/');
    let claim: IPClaim;
    try {
      claim = await this.d.client.get<IPClaim>(at(R.ipclaims, ns, name));
    } catch (e) {
      if ((e as { code?: number }).code === 404) return;
      throw e;
    }
    if (claim.status?.podUID !== uid) return; // a newer incarnation already re-bound it
    await patchClaimStatus(this.d.client, claim, { phase: 'Released', releasedAt: new Date(this.d.now()).toISOString() });
  }

  private async bind(claim: IPClaim, b: { pod: KubeObject; set: KubeObject; node: KubeObject; policy: ReleasePolicy }): Promise<AllocateResult> {
    const ip = parseIp(claim.spec.ip)!;
    const holder = this.d.registry.holder(ip);
    if (holder?.kind === 'Pod' && holder.uid !== b.pod.metadata.uid) {
      return { error: `sticky IP ${claim.spec.ip} of IPClaim ${keyOf(claim)} is still in use by pod ${holder.key} (uid ${holder.uid})` };
    }
    if (claim.spec.statefulSet?.uid !== b.set.metadata.uid) claim = await this.adopt(claim, b.set, b.policy);
    await patchClaimStatus(this.d.client, claim, {
      podName: b.pod.metadata.name,
      podUID: b.pod.metadata.uid,
      ip: claim.spec.ip,
      nodeName: b.node.metadata.name,
      phase: 'Bound',
      releasedAt: null,
    });
    this.d.registry.holdForPod(ip, keyOf(b.pod), b.pod.metadata.uid!);
    this.podClaims.set(b.pod.metadata.uid!, keyOf(claim));
    return { ip: claim.spec.ip };
  }

  /** The claim informer, started and synced on first use; its events maintain the registry. */
  private cache(): Promise<SharedInformer<IPClaim>> {
    if (!this.synced) {
      const inf = sharedInformer<IPClaim>(this.d.client, R.ipclaims);
      inf.addHandler({ add: (c) => this.track(c), update: (old, c) => this.track(c, old), delete: (c) => this.untrack(c) });
      this.informer = inf;
      this.synced = inf.start().then(() => inf);
    }
    return this.synced;
  }

  private track(claim: IPClaim, old?: IPClaim): void {
    if (old && old.spec?.ip !== claim.spec?.ip) this.untrack(old);
    const ip = parseIp(claim.spec?.ip ?? '');
    if (ip !== undefined) this.d.registry.holdForClaim(ip, keyOf(claim));
    this.notePodBinding(claim);
  }

  private untrack(claim: IPClaim): void {
    const ip = parseIp(claim.spec?.ip ?? '');
    if (ip !== undefined) this.d.registry.releaseClaim(ip, keyOf(claim));
  }

  private notePodBinding(c: IPClaim): void {
    if (c.status?.phase === 'Bound' && c.status.podUID) this.podClaims.set(c.status.podUID, keyOf(c));
  }

  private async getClaim(namespace: string, name: string): Promise<IPClaim | undefined> {
    try {
      return await this.d.client.get<IPClaim>(at(R.ipclaims, namespace, name));
    } catch (e) {
      if ((e as { code?: number }).code === 404) return undefined;
      throw e;
    }
  }

  /** A StatefulSet recreated with the same name (policy Never kept the claims) takes them over. */
  private adopt(claim: IPClaim, set: KubeObject, policy: ReleasePolicy): Promise<IPClaim> {
    const ref = at(R.ipclaims, claim.metadata.namespace, claim.metadata.name);
    const patch = { metadata: { ownerReferences: claimOwnerRefs(set, policy) ?? null }, spec: { statefulSet: setRefOf(set) } };
    return this.d.client.patch<IPClaim>(ref, 'merge', patch);
  }

  private pick(set: KubeObject, ordinal: number, claims: SharedInformer<IPClaim>): AllocateResult {
    const pool = ipPoolOf(set);
    if (pool && 'error' in pool) return pool;
    if (pool) {
      const sameSet = new Set(claims.list(set.metadata.namespace).filter((c) => c.spec?.statefulSet?.name === set.metadata.name && c.metadata.namespace === set.metadata.namespace).map(keyOf));
      return pickFromOrderedPool({ pool, ordinal, start: set.spec?.ordinals?.start ?? 0, registry: this.d.registry, cluster: this.d.cfg.cluster, sameSet });
    }
    const ip = this.pool.next((x) => this.d.registry.isFree(x));
    if (ip === undefined) return { error: `no free address left in the sticky IP range ${formatCidr(this.d.cfg.sticky)}` };
    return { ip: formatIp(ip) };
  }
}
