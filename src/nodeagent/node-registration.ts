// One simulated machine's kubelet-side duties towards the control plane: register the Node,
// create and renew its Lease in kube-node-lease every leaseRenew, and report node status (fresh
// heartbeats when something changed, e.g. the node lifecycle controller marked it Unknown, or
// every nodeStatusReport otherwise). The `sim.ordinal.dev/down` annotation silences all of it.

import { ApiError } from '../apimachinery/errors.js';
import type { KubeObject } from '../apimachinery/types.js';
import type { ApiClient } from '../client/api-client.js';
import { R, at } from '../client/resources.js';
import type { Logger } from '../controller/logger.js';
import { leaseObject, microTime, NODE_LEASE_NAMESPACE, nodeObject, refreshConditions, type NodeIdentity } from './node-object.js';
import type { TimerHandle, TimerHeap } from './timer-heap.js';
import type { SimTimings } from './timings.js';
import type { ImageCache } from './images.js';

export interface NodeRegistrationDeps {
  client: ApiClient;
  timers: TimerHeap;
  timings: SimTimings;
  logger: Logger;
  images: ImageCache;
}

const code = (e: unknown) => (e instanceof ApiError ? e.code : 0);

export class NodeRegistration {
  node?: KubeObject;
  private lease?: KubeObject;
  private leaseTimer?: TimerHandle;
  private statusTimer?: TimerHandle;
  private lastReport = 0;
  private stopped = false;
  down = false;

  constructor(
    readonly id: NodeIdentity,
    private readonly deps: NodeRegistrationDeps,
  ) {}

  /** Creates the Node (or adopts an existing one), then starts heartbeats. */
  async register(): Promise<KubeObject> {
    const { client } = this.deps;
    const now = this.deps.timers.clock.now();
    const desired = nodeObject(this.id, now);
    try {
      this.node = await client.create(R.nodes, desired);
    } catch (e) {
      if (code(e) !== 409) throw e;
      this.node = await client.get(at(R.nodes, undefined, this.id.name));
      this.node = await this.completeAdopted(this.node, desired);
    }
    if (!this.node.status?.nodeInfo || !this.node.status?.conditions) {
      this.node = await client.patch(at(R.nodes, undefined, this.id.name, 'status'), 'merge', { status: desired.status });
    }
    this.lastReport = now;
    await this.renewLease();
    this.scheduleStatus();
    return this.node;
  }

  /**
   * A Node created through the API (`ordinal node add`, kubectl) holds little more than its name: add
   * the labels and pod CIDR a registering kubelet (and the node IPAM controller) would give it.
   * Labels the user set win; an existing podCIDR is immutable and kept.
   */
  private async completeAdopted(node: KubeObject, desired: KubeObject): Promise<KubeObject> {
    const labels = node.metadata.labels ?? {};
    const missing = Object.fromEntries(Object.entries(desired.metadata.labels ?? {}).filter(([k]) => !(k in labels)));
    const patch: Record<string, any> = {};
    if (Object.keys(missing).length) patch.metadata = { labels: missing };
    if (!node.spec?.podCIDR) patch.spec = { podCIDR: desired.spec.podCIDR, podCIDRs: desired.spec.podCIDRs };
    if (!Object.keys(patch).length) return node;
    return this.deps.client.patch(at(R.nodes, undefined, this.id.name), 'merge', patch);
  }

  /** The Node as the agent last saw it (from the node informer). */
  observe(node: KubeObject): void {
    this.node = node;
  }

  setDown(down: boolean): void {
    if (this.down === down) return;
    this.down = down;
    this.deps.logger.info({ node: this.id.name, down }, down ? 'node is down: heartbeats stop' : 'node is up again');
    if (!down) {
      void this.renewLease();
      void this.reportStatus(true);
    }
  }

  stop(): void {
    this.stopped = true;
    this.leaseTimer?.cancel();
    this.statusTimer?.cancel();
  }

  /** The Node was deleted by someone else: drop its Lease too, as the garbage collector would (it is owned by the Node). */
  async dropLease(): Promise<void> {
    this.stop();
    await this.deps.client.delete(at(R.leases, NODE_LEASE_NAMESPACE, this.id.name)).catch(ignore404);
  }

  async deregister(): Promise<void> {
    this.stop();
    const { client } = this.deps;
    await client.delete(at(R.leases, NODE_LEASE_NAMESPACE, this.id.name)).catch(ignore404);
    await client.delete(at(R.nodes, undefined, this.id.name)).catch(ignore404);
  }

  private scheduleLease(): void {
    if (this.stopped) return;
    this.leaseTimer?.cancel();
    // kwok and kubelet renew at leaseDuration/4 with a little jitter so 1,000 nodes do not renew in lockstep.
    const period = this.deps.timings.leaseRenew * (0.96 + Math.random() * 0.04);
    this.leaseTimer = this.deps.timers.after(period, () => void this.renewLease());
  }

  private scheduleStatus(): void {
    if (this.stopped) return;
    this.statusTimer?.cancel();
    this.statusTimer = this.deps.timers.after(this.deps.timings.nodeStatusUpdate, () => void this.reportStatus(false));
  }

  async renewLease(): Promise<void> {
    if (this.stopped) return;
    try {
      if (!this.down && this.node) await this.writeLease();
    } catch (e) {
      this.deps.logger.warn({ err: e, node: this.id.name }, 'failed to renew node lease');
      this.lease = undefined;
    } finally {
      this.scheduleLease();
    }
  }

  private async writeLease(): Promise<void> {
    const { client } = this.deps;
    const now = this.deps.timers.clock.now();
    if (!this.lease) {
      try {
        this.lease = await client.create(at(R.leases, NODE_LEASE_NAMESPACE), leaseObject(this.node!, now));
        return;
      } catch (e) {
        if (code(e) !== 409) throw e;
        this.lease = await client.get(at(R.leases, NODE_LEASE_NAMESPACE, this.id.name));
      }
    }
    const next = structuredClone(this.lease!);
    next.spec = { ...next.spec, holderIdentity: this.id.name, renewTime: microTime(now) };
    this.lease = await client.update(at(R.leases, NODE_LEASE_NAMESPACE, this.id.name), next);
  }

  /** Patches node status when the API's conditions are not ours (or the report interval passed). */
  async reportStatus(force: boolean): Promise<void> {
    if (this.stopped) return;
    try {
      if (!this.down && this.node) await this.maybePatchStatus(force);
    } catch (e) {
      this.deps.logger.warn({ err: e, node: this.id.name }, 'failed to update node status');
    } finally {
      this.scheduleStatus();
    }
  }

  private async maybePatchStatus(force: boolean): Promise<void> {
    const now = this.deps.timers.clock.now();
    const existing: any[] = this.node!.status?.conditions ?? [];
    const fresh = refreshConditions(existing, now);
    const drifted = fresh.some((c: any) => existing.find((o) => o.type === c.type)?.status !== c.status);
    if (!force && !drifted && now - this.lastReport < this.deps.timings.nodeStatusReport) return;
    const images = this.deps.images.list().map((name) => ({ names: [name], sizeBytes: 0 }));
    this.node = await this.deps.client.patch(at(R.nodes, undefined, this.id.name, 'status'), 'strategic', {
      status: { conditions: fresh, images },
    });
    this.lastReport = now;
  }
}

function ignore404(e: unknown): void {
  if (code(e) !== 404) throw e;
}
