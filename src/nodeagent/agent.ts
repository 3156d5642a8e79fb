// The node agents: many simulated kubelets in one process. One pod informer and one node informer
// serve all nodes (a watch per node would not scale to 1,000 nodes); pods are routed to their node
// by spec.nodeName, every timer lives in one TimerHeap, and status writes go through one
// coalescing StatusWriter. Entry point: startNodeAgents().

import { ApiError } from '../apimachinery/errors.js';
import type { KubeObject } from '../apimachinery/types.js';
import { KUBE_VERSION } from '../apiserver/version.js';
import type { ApiClient } from '../client/api-client.js';
import { R, at } from '../client/resources.js';
import { realClock, type Clock } from '../controller/clock.js';
import type { EventRecorder } from '../controller/contracts.js';
import { sharedInformer, type SharedInformer } from '../controller/informer.js';
import { silentLogger, type Logger } from '../controller/logger.js';
import { stickyCidrFor } from '../network/ipam/config.js';
import { ANN, annotation, isSimulated } from './annotations.js';
import { ImageCache } from './images.js';
import { PerNodeIpAllocator, type IpAllocator } from './ip-allocator.js';
import { DEFAULT_CLUSTER_CIDR, podCidrOverlaps } from './node-network.js';
import { DEFAULT_NODE_SHAPE, indexFromNode, type NodeShape } from './node-object.js';
import { NodeRegistration } from './node-registration.js';
import { PodLogStore, type PodLogSource } from './pod-logs.js';
import { PodSim, type PodSimHost } from './pod-sim.js';
import { StatusWriter } from './status-writer.js';
import { TimerHeap } from './timer-heap.js';
import { PERIODIC_FLOOR_MS, scaleTimings, type SimTimings, type TimingsInput } from './timings.js';

/** kubelet pod_workers backOffPeriod: how soon a pod whose sandbox failed is synced again. */
export const SANDBOX_RETRY_MS = 10_000;

export interface NodeAgentsOptions {
  /** How many nodes (named node-0, node-1, ...) or their names. */
  nodes: number | string[];
  timings?: TimingsInput;
  timeScale?: number;
  logger?: Logger;
  ipAllocator?: IpAllocator;
  /**
   * Each node's event recorder. Every kubelet has its own (source.host = its node), so its
   * queue, spam filter and write concurrency are per node, not shared by the whole sandbox.
   */
  recorderFor?: (nodeName: string) => EventRecorder;
  clock?: Clock;
  shape?: Partial<NodeShape>;
  clusterCidr?: string;
  /**
   * The sticky-IP block (src/network/ipam): no node's pod CIDR is carved from it.
   * @default the top /23 of clusterCidr, where the sandbox's address plan puts it
   */
  stickyCidr?: string;
  kubeletVersion?: string;
  /** Concurrent pod status writes. @default 64 */
  writeConcurrency?: number;
}

export interface NodeAgents {
  /** Resolves once the informers synced and the initial nodes are registered. */
  ready: Promise<void>;
  addNode(name?: string): Promise<string>;
  /** Stops the node's agent and deletes its Node and Lease. */
  removeNode(name: string): Promise<void>;
  nodeNames(): string[];
  /** Resolves when no pod status write is pending (tests, benchmarks). */
  idle(): Promise<void>;
  stop(): void;
  logs: PodLogSource;
}

interface NodeAgent {
  name: string;
  reg: NodeRegistration;
  images: ImageCache;
  sims: Map<string, PodSim>;
  host: PodSimHost;
}

const podKeyOf = (pod: KubeObject) => `${pod.metadata.namespace}/${pod.metadata.name}`;
const rvNum = (o: KubeObject) => Number(o.metadata.resourceVersion ?? NaN);
/** Whether the deletion state (timestamp or grace period) differs between two versions of a pod. */
const deletionChanged = (a: KubeObject, b: KubeObject) =>
  a.metadata.deletionTimestamp !== b.metadata.deletionTimestamp || a.metadata.deletionGracePeriodSeconds !== b.metadata.deletionGracePeriodSeconds;
/**
 * Whether the conditions behind the pod's readiness gates differ between two versions: a
 * controller's gate flip that landed before one of our status writes shows first in that write's
 * response, and its own event is then skipped as already seen; Ready must be recomputed here.
 */
const gatesChanged = (a: KubeObject, b: KubeObject): boolean => {
  const gates: { conditionType: string }[] = b.spec?.readinessGates ?? [];
  if (!gates.length) return false;
  const status = (p: KubeObject, type: string) => (p.status?.conditions as { type: string; status: string }[] | undefined)?.find((c) => c.type === type)?.status;
  return gates.some((g) => status(a, g.conditionType) !== status(b, g.conditionType));
};
/** How soon a failed final delete of a terminated pod is tried again. */
const FINAL_DELETE_RETRY_MS = 1000;

class Agents {
  readonly agents = new Map<string, NodeAgent>();
  readonly logs: PodLogStore;
  readonly timers: TimerHeap;
  readonly timings: SimTimings;
  readonly writer: StatusWriter;
  readonly pods: SharedInformer;
  readonly nodes: SharedInformer;
  private readonly ip: IpAllocator;
  private readonly log: Logger;
  private readonly reserved = new Set<number>();
  private stopped = false;

  constructor(
    private readonly client: ApiClient,
    private readonly opts: NodeAgentsOptions,
  ) {
    const clock = opts.clock ?? realClock;
    this.log = (opts.logger ?? silentLogger).child({ component: 'node-agent' });
    this.timers = new TimerHeap(clock);
    this.timings = scaleTimings(opts.timings, opts.timeScale ?? 1);
    this.logs = new PodLogStore(() => clock.now());
    this.ip = opts.ipAllocator ?? new PerNodeIpAllocator();
    this.writer = new StatusWriter({
      client,
      logger: this.log,
      concurrency: opts.writeConcurrency,
      written: (src, pod) => this.observeOwnWrite(src as PodSim, pod),
    });
    this.pods = sharedInformer(client, R.pods, { clock, logger: this.log });
    this.nodes = sharedInformer(client, R.nodes, { clock, logger: this.log });
    this.pods.addHandler({ add: (p) => this.route(p), update: (_o, p) => this.route(p), delete: (p) => this.forget(p) });
    this.nodes.addHandler({ add: (n) => this.nodeChanged(n), update: (_o, n) => this.nodeChanged(n), delete: (n) => this.nodeGone(n) });
  }

  async start(): Promise<void> {
    await this.nodes.start();
    const names = typeof this.opts.nodes === 'number' ? Array.from({ length: this.opts.nodes }, (_, i) => `node-${i}`) : this.opts.nodes;
    await Promise.all(names.map((n) => this.addNode(n)));
    await this.pods.start();
  }

  async addNode(name?: string): Promise<string> {
    const existing = name ? this.nodes.get(name) : undefined;
    const clusterCidr = this.opts.clusterCidr ?? DEFAULT_CLUSTER_CIDR;
    const index = (existing && indexFromNode(existing, clusterCidr)) ?? this.freeIndex(clusterCidr);
    this.reserved.add(index);
    const nodeName = name ?? `node-${index}`;
    if (this.agents.has(nodeName)) return nodeName;
    const images = new ImageCache();
    const reg = new NodeRegistration(
      { name: nodeName, index, shape: { ...DEFAULT_NODE_SHAPE, ...this.opts.shape }, clusterCidr, kubeletVersion: this.opts.kubeletVersion ?? KUBE_VERSION.gitVersion.replace(/\+.*$/, '') },
      { client: this.client, timers: this.timers, timings: this.timings, logger: this.log, images },
    );
    const agent: NodeAgent = { name: nodeName, reg, images, sims: new Map(), host: this.hostFor(nodeName, reg, images) };
    this.agents.set(nodeName, agent);
    const node = await reg.register();
    reg.setDown(annotation(node, ANN.nodeDown) === 'true');
    for (const p of this.pods.hasSynced() ? this.pods.list() : []) if (p.spec?.nodeName === nodeName) this.route(p);
    return nodeName;
  }

  async removeNode(name: string): Promise<void> {
    const agent = this.agents.get(name);
    if (!agent) throw new Error(`node "${name}" is not simulated by this process`);
    this.detach(agent);
    await agent.reg.deregister();
  }

  stop(): void {
    this.stopped = true;
    for (const a of this.agents.values()) this.detach(a);
    this.pods.stop();
    this.nodes.stop();
    this.writer.stop();
    this.timers.stop();
  }

  private detach(agent: NodeAgent): void {
    agent.reg.stop();
    for (const sim of agent.sims.values()) sim.dispose();
    this.agents.delete(agent.name);
    this.reserved.delete(agent.reg.id.index);
  }

  /** The lowest node index not in use whose pod CIDR stays clear of the sticky-IP block (as node-ipam's range allocator skips it). */
  private freeIndex(clusterCidr: string): number {
    const used = new Set(this.reserved);
    for (const n of this.nodes.list()) {
      const i = indexFromNode(n, clusterCidr);
      if (i !== undefined) used.add(i);
    }
    const sticky = this.opts.stickyCidr ?? stickyCidrFor(clusterCidr);
    let i = 0;
    while (used.has(i) || podCidrOverlaps(i, clusterCidr, sticky)) i++;
    return i;
  }

  private hostFor(nodeName: string, reg: NodeRegistration, images: ImageCache): PodSimHost {
    return {
      timers: this.timers,
      clock: this.timers.clock,
      timings: this.timings,
      timeScale: this.opts.timeScale ?? 1,
      images,
      logs: this.logs,
      recorder: this.opts.recorderFor?.(nodeName),
      hostIP: reg.node?.status?.addresses?.find((a: any) => a.type === 'InternalIP')?.address ?? '',
      isDown: () => reg.down,
      changed: (sim) => this.writer.mark(sim),
      terminated: (sim) => void this.finalize(nodeName, sim),
    };
  }

  // ---- pods ----------------------------------------------------------------------------------

  private route(pod: KubeObject): void {
    if (this.stopped) return;
    const agent = this.agents.get(pod.spec?.nodeName);
    if (!agent) return;
    const sim = agent.sims.get(podKeyOf(pod));
    if (sim && sim.uid === pod.metadata.uid) {
      const rv = rvNum(pod);
      const held = rvNum(sim.pod);
      // Our own write already moved past this event: nothing to do.
      if (rv < held) return;
      // The echo of our own write (same resourceVersion, same content): nothing to render, but
      // keep the informer's object, shared with the store, instead of the write's private copy.
      if (rv === held) {
        sim.pod = pod;
        return;
      }
      sim.update(pod);
      return;
    }
    if (sim) this.drop(agent, sim);
    this.admit(agent, pod);
  }

  private admit(agent: NodeAgent, pod: KubeObject): void {
    if (!agent.host.hostIP) agent.host.hostIP = agent.reg.node?.status?.addresses?.find((a: any) => a.type === 'InternalIP')?.address ?? '';
    const sim = new PodSim(agent.host, pod);
    agent.sims.set(sim.key, sim);
    if (sim.podIP) return sim.resume();
    if (pod.spec?.hostNetwork) return sim.setPodIP(agent.host.hostIP);
    this.allocate(agent, sim);
  }

  private allocate(agent: NodeAgent, sim: PodSim): void {
    Promise.resolve()
      .then(() => this.ip.allocateIp(sim.pod, agent.reg.node!))
      .then((ip) => {
        if (agent.sims.get(sim.key) === sim) sim.setPodIP(ip);
      })
      .catch((err) => {
        this.log.warn({ err, pod: sim.key }, 'pod IP allocation failed; retrying');
        agent.host.recorder?.event(sim.pod, 'Warning', 'FailedCreatePodSandBox', `Failed to create pod sandbox: ${String(err?.message ?? err)}`);
        // Kubelet still reports the pod (containers waiting in ContainerCreating, not Pending).
        if (agent.sims.get(sim.key) === sim) agent.host.changed(sim);
        // Kubelet's pod worker requeues a failed sync after its 10 s back-off period.
        this.timers.after(Math.max(SANDBOX_RETRY_MS * (this.opts.timeScale ?? 1), PERIODIC_FLOOR_MS), () => {
          if (agent.sims.get(sim.key) === sim) this.allocate(agent, sim);
        });
      });
  }

  private observeOwnWrite(sim: PodSim, written: KubeObject): void {
    if (rvNum(written) <= rvNum(sim.pod)) return;
    // The write's response is a private parse of the whole pod; when the informer already holds
    // this version, keep that one (shared with the store and every other informer) instead.
    const cached = this.pods.get(sim.key);
    const pod = cached && cached.metadata.uid === sim.uid && rvNum(cached) === rvNum(written) ? cached : written;
    // A delete that landed before our status write shows first in the write's response; the
    // informer's events up to this resourceVersion are then skipped as already seen, so the
    // deletion must reach the stage engine here or the pod is never stopped.
    if (deletionChanged(sim.pod, pod) || gatesChanged(sim.pod, pod)) sim.update(pod);
    else sim.pod = pod;
  }

  private forget(pod: KubeObject): void {
    const agent = this.agents.get(pod.spec?.nodeName);
    const sim = agent?.sims.get(podKeyOf(pod));
    if (agent && sim && sim.uid === pod.metadata.uid) this.drop(agent, sim);
  }

  private drop(agent: NodeAgent, sim: PodSim): void {
    sim.dispose();
    agent.sims.delete(sim.key);
    this.logs.forget(sim.key);
    Promise.resolve(this.ip.releaseIp(sim.pod)).catch((err) => this.log.warn({ err, pod: sim.key }, 'releasing the pod IP failed'));
  }

  /** All containers stopped: write the final status and delete the pod for good (grace 0, uid precondition). */
  private async finalize(nodeName: string, sim: PodSim): Promise<void> {
    this.writer.mark(sim);
    await this.writer.settled(sim.key);
    if (this.stopped || this.agents.get(nodeName)?.sims.get(sim.key) !== sim) return;
    try {
      const ns = sim.pod.metadata.namespace!;
      await this.client.delete(at(R.pods, ns, sim.pod.metadata.name), { gracePeriodSeconds: 0, preconditions: { uid: sim.uid } });
    } catch (e) {
      if (e instanceof ApiError && e.code === 404) return;
      // 409 is either our uid precondition (the pod is gone, maybe replaced under the same name:
      // done) or a write race the API server gave up on (the pod is still ours: try again).
      if (e instanceof ApiError && e.code === 409 && (await this.gone(sim))) return;
      // As kubelet's pod worker would, try again: a pod left Terminating blocks its StatefulSet.
      this.log.warn({ err: e, pod: sim.key }, 'failed to delete terminated pod; retrying');
      this.timers.after(FINAL_DELETE_RETRY_MS, () => void this.finalize(nodeName, sim));
    }
  }

  /** Whether the API no longer holds this sim's pod (not found, or the name now has another uid). */
  private async gone(sim: PodSim): Promise<boolean> {
    try {
      const cur = await this.client.get(at(R.pods, sim.pod.metadata.namespace!, sim.pod.metadata.name));
      return cur.metadata.uid !== sim.uid;
    } catch (e) {
      return e instanceof ApiError && e.code === 404;
    }
  }

  // ---- nodes ---------------------------------------------------------------------------------

  private nodeChanged(node: KubeObject): void {
    const agent = this.agents.get(node.metadata.name!);
    if (!agent) return this.adopt(node);
    agent.reg.observe(node);
    const down = annotation(node, ANN.nodeDown) === 'true';
    if (down === agent.reg.down) return;
    agent.reg.setDown(down);
    if (!down) for (const sim of agent.sims.values()) sim.resume();
  }

  /** A Node labelled as simulated that no agent runs yet (created through the API, or left by an earlier run) gets one. */
  private adopt(node: KubeObject): void {
    if (this.stopped || !isSimulated(node) || node.metadata.deletionTimestamp) return;
    this.log.info({ node: node.metadata.name }, 'simulated node appeared in the API; starting its agent');
    this.addNode(node.metadata.name).catch((err) => {
      this.log.warn({ err, node: node.metadata.name }, 'could not start an agent for the node');
      const agent = this.agents.get(node.metadata.name!);
      if (agent) this.detach(agent);
    });
  }

  private nodeGone(node: KubeObject): void {
    const agent = this.agents.get(node.metadata.name!);
    if (!agent || this.stopped) return;
    this.log.info({ node: agent.name }, 'node object deleted; its agent stops');
    this.detach(agent);
    agent.reg.dropLease().catch((err) => this.log.warn({ err, node: agent.name }, 'could not delete the lease of a deleted node'));
  }
}

/** Starts simulated kubelets for `opts.nodes` in this process. */
export function startNodeAgents(client: ApiClient, opts: NodeAgentsOptions): NodeAgents {
  const a = new Agents(client, opts);
  const ready = a.start();
  ready.catch(() => undefined);
  return {
    ready,
    addNode: (name) => a.addNode(name),
    removeNode: (name) => a.removeNode(name),
    nodeNames: () => [...a.agents.keys()],
    idle: () => a.writer.idle(),
    stop: () => a.stop(),
    logs: a.logs,
  };
}
