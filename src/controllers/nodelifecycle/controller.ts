// The node lifecycle controller (kube-controller-manager's, with its taint-eviction and pod GC
// parts that act on node failure): every monitor period it turns nodes whose Lease stopped moving
// for the grace period Unknown and marks their pods not Ready; it keeps the unreachable/not-ready
// taints in line with the Ready condition; it evicts pods that do not tolerate a NoExecute taint
// (at once, or after tolerationSeconds); and it force-deletes terminating pods on nodes tainted
// out-of-service (non-graceful node shutdown).

import { ApiError } from '../../apimachinery/errors.js';
import type { KubeObject } from '../../apimachinery/types.js';
import type { ApiClient } from '../../client/api-client.js';
import { R, at } from '../../client/resources.js';
import { realClock, type Clock } from '../../controller/clock.js';
import type { EventRecorder } from '../../controller/contracts.js';
import { sharedInformer, type SharedInformer } from '../../controller/informer.js';
import { silentLogger, type Logger } from '../../controller/logger.js';
import { TimerHeap, type TimerHandle } from '../../nodeagent/timer-heap.js';
import { observeHealth, readyStatus, unknownConditions, type Health } from './node-health.js';
import { minTolerationMs, OUT_OF_SERVICE, reconcileTaints, taintsForReady, type Taint } from './taints.js';

export interface NodeLifecycleOptions {
  clock?: Clock;
  logger?: Logger;
  recorder?: EventRecorder;
  timeScale?: number;
  /** node-monitor-grace-period. @default 50s */
  gracePeriodMs?: number;
  /** node-monitor-period. @default 5s */
  monitorPeriodMs?: number;
}

export interface NodeLifecycleController {
  ready: Promise<void>;
  /** Runs one monitor pass now (tests). */
  monitor(): Promise<void>;
  stop(): void;
}

const iso = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
const ignorable = (e: unknown) => e instanceof ApiError && (e.code === 404 || e.code === 409);

class Controller {
  private readonly nodes: SharedInformer;
  private readonly leases: SharedInformer;
  private readonly pods: SharedInformer;
  private readonly health = new Map<string, Health>();
  /** Per node, the taints (and Ready status) its pods were last evaluated against. */
  private readonly taintSig = new Map<string, string>();
  private readonly evictions = new Map<string, { at: number; timer: TimerHandle }>();
  private readonly timers: TimerHeap;
  private readonly log: Logger;
  private readonly grace: number;
  private readonly period: number;
  /** --time-scale: applies to tolerationSeconds as to every other node timer. */
  private readonly scale: number;
  private tick?: TimerHandle;
  private stopped = false;

  constructor(
    private readonly client: ApiClient,
    private readonly opts: NodeLifecycleOptions,
  ) {
    const clock = opts.clock ?? realClock;
    const scale = opts.timeScale ?? 1;
    this.scale = scale;
    this.timers = new TimerHeap(clock);
    this.log = (opts.logger ?? silentLogger).child({ controller: 'node-lifecycle' });
    this.grace = (opts.gracePeriodMs ?? 50_000) * scale;
    this.period = Math.max((opts.monitorPeriodMs ?? 5_000) * scale, 50);
    this.nodes = sharedInformer(client, R.nodes, { clock, logger: this.log });
    this.leases = sharedInformer(client, R.leases, { clock, logger: this.log, namespace: 'kube-node-lease' });
    this.pods = sharedInformer(client, R.pods, { clock, logger: this.log });
    this.nodes.addHandler({ add: (n) => this.nodeChanged(n), update: (_o, n) => this.nodeChanged(n), delete: (n) => this.nodeGone(n.metadata.name!) });
    this.pods.addHandler({ add: (p) => this.podChanged(p), update: (_o, p) => this.podChanged(p), delete: (p) => this.cancelEviction(p) });
  }

  private nodeGone(name: string): void {
    this.health.delete(name);
    this.taintSig.delete(name);
  }

  async start(): Promise<void> {
    await Promise.all([this.nodes.start(), this.leases.start(), this.pods.start()]);
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    this.timers.stop();
    this.nodes.stop();
    this.leases.stop();
    this.pods.stop();
  }

  private schedule(): void {
    if (this.stopped) return;
    this.tick = this.timers.after(this.period, () => void this.monitor().finally(() => this.schedule()));
  }

  async monitor(): Promise<void> {
    const now = this.timers.clock.now();
    for (const node of this.nodes.list()) {
      const name = node.metadata.name!;
      const h = observeHealth(this.health.get(name), node, this.leases.get(`kube-node-lease/${name}`), now);
      this.health.set(name, h);
      if (now - h.probeTimestamp > this.grace) await this.markUnknown(node, now).catch((e) => this.warn(e, name));
    }
  }

  private async markUnknown(node: KubeObject, now: number): Promise<void> {
    const conditions = unknownConditions(node, iso(now));
    if (!conditions) return;
    const name = node.metadata.name!;
    this.log.info({ node: name }, 'node stopped posting status; marking it Unknown');
    await this.client.patch(at(R.nodes, undefined, name, 'status'), 'strategic', { status: { conditions } });
    this.opts.recorder?.event(node, 'Normal', 'NodeNotReady', `Node ${name} status is now: NodeNotReady`);
    for (const pod of this.podsOn(name)) await this.markPodNotReady(pod, now).catch((e) => this.warn(e, name));
  }

  /** Upstream's MarkPodsNotReady: Ready=False on every pod of the node. */
  private async markPodNotReady(pod: KubeObject, now: number): Promise<void> {
    const ready = pod.status?.conditions?.find((c: any) => c.type === 'Ready');
    if (!ready || ready.status === 'False') return;
    await this.client.patch(at(R.pods, pod.metadata.namespace, pod.metadata.name, 'status'), 'strategic', {
      status: { conditions: [{ ...ready, status: 'False', lastTransitionTime: iso(now) }] },
    });
    this.opts.recorder?.event(pod, 'Warning', 'NodeNotReady', 'Node is not ready');
  }

  private nodeChanged(node: KubeObject): void {
    if (this.stopped) return;
    const name = node.metadata.name!;
    const current: Taint[] = node.spec?.taints ?? [];
    const next = reconcileTaints(current, taintsForReady(readyStatus(node), iso(this.timers.clock.now())));
    if (next) {
      this.client
        .patch(at(R.nodes, undefined, name), 'merge', { spec: { taints: next.length ? next : null } })
        .catch((e) => this.warn(e, name));
      return; // the update event of this patch re-evaluates the pods
    }
    if (!this.taintsMoved(name, current, readyStatus(node))) return;
    for (const pod of this.podsOn(name)) this.podChanged(pod, node);
  }

  /**
   * Whether the node's pods need another look: its taints (or, for out-of-service, its Ready
   * status) differ from the last look. As kube's taint manager ignores node updates that leave
   * the taints alone, a heartbeat or status report (1,000 nodes × every few seconds) costs no scan
   * of every pod; a node first seen without taints has nothing to evict either.
   */
  private taintsMoved(name: string, taints: Taint[], ready: string | undefined): boolean {
    const sig = taints.length ? `${ready}\u0000${JSON.stringify(taints)}` : '';
    const before = this.taintSig.get(name);
    this.taintSig.set(name, sig);
    return before === undefined ? sig !== '' : before !== sig;
  }

  private podsOn(nodeName: string): KubeObject[] {
    return this.pods.list().filter((p) => p.spec?.nodeName === nodeName);
  }

  // ---- taint eviction and out-of-service -------------------------------------------------------

  private podChanged(pod: KubeObject, known?: KubeObject): void {
    if (this.stopped || !pod.spec?.nodeName) return;
    const node = known ?? this.nodes.get(pod.spec.nodeName);
    if (!node) return;
    const taints: Taint[] = node.spec?.taints ?? [];
    if (pod.metadata.deletionTimestamp) {
      this.cancelEviction(pod);
      if (taints.some((t) => t.key === OUT_OF_SERVICE) && readyStatus(node) !== 'True') void this.forceDelete(pod);
      return;
    }
    const ms = minTolerationMs(pod.spec?.tolerations, taints);
    if (ms === Infinity) return this.cancelEviction(pod);
    const since = Math.min(...taints.filter((t) => t.effect === 'NoExecute').map((t) => Date.parse(t.timeAdded ?? '') || this.timers.clock.now()));
    const at = ms < 0 ? this.timers.clock.now() : since + ms * this.scale;
    const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    const existing = this.evictions.get(key);
    if (existing && existing.at <= at) return;
    existing?.timer.cancel();
    const timer = this.timers.after(at - this.timers.clock.now(), () => void this.evict(key, pod.metadata.uid!));
    this.evictions.set(key, { at, timer });
  }

  private cancelEviction(pod: KubeObject): void {
    const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    const e = this.evictions.get(key);
    if (!e) return;
    e.timer.cancel();
    this.evictions.delete(key);
    if (!pod.metadata.deletionTimestamp) this.opts.recorder?.event(pod, 'Normal', 'TaintManagerEviction', `Cancelling deletion of Pod ${key}`);
  }

  private async evict(key: string, uid: string): Promise<void> {
    this.evictions.delete(key);
    const pod = this.pods.get(key);
    if (!pod || pod.metadata.uid !== uid || pod.metadata.deletionTimestamp) return;
    const [ns, name] = key.split('/');
    this.opts.recorder?.event(pod, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${key}`);
    try {
      await this.disruption(pod, 'DeletionByTaintManager', 'Taint manager: deleting due to NoExecute taint');
      await this.client.delete(at(R.pods, ns, name), { preconditions: { uid } });
    } catch (e) {
      if (!ignorable(e)) this.warn(e, key);
    }
  }

  /** PodGC: terminating pods on an out-of-service node that is not Ready are deleted with grace 0. */
  private async forceDelete(pod: KubeObject): Promise<void> {
    const { namespace, name, uid } = pod.metadata;
    try {
      await this.disruption(pod, 'DeletionByPodGC', 'PodGC: node is out-of-service');
      await this.client.delete(at(R.pods, namespace, name), { gracePeriodSeconds: 0, preconditions: { uid } });
    } catch (e) {
      if (!ignorable(e)) this.warn(e, `${namespace}/${name}`);
    }
  }

  private async disruption(pod: KubeObject, reason: string, message: string): Promise<void> {
    const existing = pod.status?.conditions?.find((c: any) => c.type === 'DisruptionTarget');
    if (existing?.status === 'True') return;
    const cond = { type: 'DisruptionTarget', status: 'True', reason, message, lastTransitionTime: iso(this.timers.clock.now()) };
    await this.client.patch(at(R.pods, pod.metadata.namespace, pod.metadata.name, 'status'), 'strategic', { status: { conditions: [cond] } });
  }

  private warn(err: unknown, what: string): void {
    if (!ignorable(err)) this.log.warn({ err, what }, 'node lifecycle action failed');
  }
}

/** Starts the node lifecycle controller. */
export function startNodeLifecycleController(client: ApiClient, opts: NodeLifecycleOptions = {}): NodeLifecycleController {
  const c = new Controller(client, opts);
  const ready = c.start();
  ready.catch(() => undefined);
  return { ready, monitor: () => c.monitor(), stop: () => c.stop() };
}
