// kube-scheduler for Ordinal, as a pure API client: informers feed the cache and the queue, one
// loop runs scheduling cycles synchronously (filter/score over the cache snapshot), assumes the
// pod on the chosen node, and hands the binding to an async binding cycle so the next pod is
// scheduled while the API call is in flight.

import { isConflict, isNotFound } from '../apimachinery/errors.js';
import type { KubeObject } from '../apimachinery/types.js';
import type { ApiClient } from '../client/api-client.js';
import { R } from '../client/resources.js';
import { realClock, type Clock } from '../controller/clock.js';
import type { EventRecorder, Handler } from '../controller/contracts.js';
import { ApiEventRecorder } from '../controller/events.js';
import { sharedInformer, type SharedInformer } from '../controller/informer.js';
import { silentLogger, type Logger } from '../controller/logger.js';
import { bindPod } from './binder.js';
import { SchedulerCache } from './cache.js';
import { unschedulableMessage } from './framework/fit-error.js';
import { podKey } from './framework/node-info.js';
import { schedulePod, type ScheduleOutcome } from './framework/schedule-one.js';
import type { ClusterListers, Plugin, Pod } from './framework/types.js';
import { informerListers } from './listers.js';
import { nextScheduledCondition, patchScheduledCondition } from './pod-status.js';
import { defaultPlugins } from './plugins/registry.js';
import { volumeBindingActions } from './plugins/volume-binding.js';
import { SchedulingQueue, type ClusterEvent, type QueuedPodInfo } from './queue.js';

export const DEFAULT_SCHEDULER_NAME = 'default-scheduler';

export interface SchedulerOptions {
  logger?: Logger;
  clock?: Clock;
  schedulerName?: string;
  recorder?: EventRecorder;
  plugins?: readonly Plugin[];
  /** 0 = adaptive (kube's default). */
  percentageOfNodesToScore?: number;
  /** Concurrent binding cycles. @default 256 */
  maxInFlightBinds?: number;
  random?: () => number;
}

export interface RunningScheduler {
  stop(): void;
  /** Resolves once the informers have synced and the loop runs. */
  readonly ready: Promise<void>;
}

const isTerminal = (p: Pod) => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';

/** Spec or labels changed (not just status/resourceVersion): a new attempt may succeed. */
function meaningfulUpdate(a: Pod, b: Pod): boolean {
  const strip = (p: Pod) => JSON.stringify([p.spec, p.metadata.labels, p.metadata.annotations]);
  return strip(a) !== strip(b);
}

class Scheduler {
  readonly cache = new SchedulerCache();
  readonly queue: SchedulingQueue;
  private readonly log: Logger;
  private readonly clock: Clock;
  private readonly recorder: EventRecorder;
  private readonly plugins: Plugin[];
  private readonly name: string;
  private listers!: ClusterListers;
  private informers: SharedInformer[] = [];
  private stopped = false;
  private startIndex = 0;
  private inFlightBinds = 0;
  private bindSlots: Array<() => void> = [];
  private flushTimer: ReturnType<Clock['setTimeout']> | undefined;

  constructor(
    private readonly client: ApiClient,
    private readonly opts: SchedulerOptions,
  ) {
    this.clock = opts.clock ?? realClock;
    this.log = (opts.logger ?? silentLogger).child({ component: 'scheduler' });
    this.queue = new SchedulingQueue(this.clock);
    this.name = opts.schedulerName ?? DEFAULT_SCHEDULER_NAME;
    this.recorder = opts.recorder ?? new ApiEventRecorder(client, { component: DEFAULT_SCHEDULER_NAME, clock: this.clock, logger: this.log });
    this.plugins = [...(opts.plugins ?? defaultPlugins)];
  }

  async start(): Promise<void> {
    const mk = (ref: typeof R.pods) => sharedInformer(this.client, ref, { clock: this.clock, logger: this.log });
    const [pods, nodes, pvcs, pvs, scs, nss] = [R.pods, R.nodes, R.persistentvolumeclaims, R.persistentvolumes, R.storageclasses, R.namespaces].map(mk);
    this.informers = [pods, nodes, pvcs, pvs, scs, nss];
    this.listers = informerListers({ pvcs, pvs, storageClasses: scs, namespaces: nss });
    nodes.addHandler(this.nodeHandler());
    pods.addHandler(this.podHandler());
    pvcs.addHandler(this.eventOnly('PvcChange'));
    pvs.addHandler(this.eventOnly('PvChange'));
    scs.addHandler(this.eventOnly('StorageClassChange'));
    nss.addHandler(this.eventOnly('NamespaceChange'));
    // Storage and namespace caches first, so the first attempts see the pods' claims.
    await Promise.all([pvcs, pvs, scs, nss, nodes].map((i) => i.start()));
    await pods.start();
    this.armFlush();
    void this.loop();
  }

  stop(): void {
    this.stopped = true;
    this.queue.close();
    for (const i of this.informers) i.stop();
    if (this.flushTimer) this.clock.clearTimeout(this.flushTimer);
  }

  private armFlush(): void {
    if (this.stopped) return;
    this.flushTimer = this.clock.setTimeout(() => {
      this.queue.flushUnschedulable();
      this.armFlush();
    }, 30_000);
  }

  private responsible(p: Pod): boolean {
    return (p.spec?.schedulerName || DEFAULT_SCHEDULER_NAME) === this.name;
  }

  private nodeHandler(): Handler<KubeObject> {
    return {
      add: (n) => {
        this.cache.addOrUpdateNode(n);
        this.queue.onEvent('NodeAdd');
      },
      update: (_o, n) => {
        this.cache.addOrUpdateNode(n);
        this.queue.onEvent('NodeUpdate');
      },
      delete: (n) => this.cache.removeNode(n.metadata.name as string),
    };
  }

  private podHandler(): Handler<KubeObject> {
    return {
      add: (p) => this.onPod(undefined, p),
      update: (o, p) => this.onPod(o, p),
      delete: (p) => {
        const key = podKey(p);
        if (p.spec?.nodeName || this.cache.isAssumed(key)) {
          this.cache.removePod(key);
          this.queue.onEvent('AssignedPodDelete');
        }
        this.queue.delete(key);
      },
    };
  }

  private onPod(old: Pod | undefined, p: Pod): void {
    const key = podKey(p);
    if (p.spec?.nodeName) {
      this.queue.delete(key);
      this.cache.upsertPod(p);
      if (isTerminal(p)) this.queue.onEvent('AssignedPodDelete');
      else this.queue.onEvent(old?.spec?.nodeName ? 'AssignedPodUpdate' : 'AssignedPodAdd');
      return;
    }
    if (!this.responsible(p) || isTerminal(p) || p.metadata.deletionTimestamp || (p.spec?.schedulingGates ?? []).length > 0) {
      this.queue.delete(key);
      return;
    }
    if (this.cache.isAssumed(key)) return; // bound already; the API just has not said so yet
    if (old) this.queue.update(p, meaningfulUpdate(old, p));
    else this.queue.add(p);
  }

  private eventOnly(ev: ClusterEvent): Handler<KubeObject> {
    const fire = () => this.queue.onEvent(ev);
    return { add: fire, update: fire, delete: fire };
  }

  private async loop(): Promise<void> {
    let sinceYield = 0;
    while (!this.stopped) {
      const info = await this.queue.pop();
      if (!info) return;
      try {
        this.scheduleOne(info);
      } catch (err) {
        this.log.error({ err, pod: info.key }, 'scheduling cycle failed');
        this.queue.addBackoff(info);
      }
      if (this.inFlightBinds >= (this.opts.maxInFlightBinds ?? 256)) await new Promise<void>((r) => this.bindSlots.push(r));
      // Let informer events and bind responses in between cycles.
      if (++sinceYield >= 32) {
        sinceYield = 0;
        await new Promise<void>((r) => setImmediate(r));
      }
    }
  }

  private scheduleOne(info: QueuedPodInfo): void {
    const pod = info.pod;
    const outcome = schedulePod(pod, this.cache.snapshot(), {
      plugins: this.plugins,
      listers: this.listers,
      startIndex: this.startIndex,
      percentageOfNodesToScore: this.opts.percentageOfNodesToScore,
      random: this.opts.random,
    });
    this.startIndex = outcome.nextStartIndex;
    if (outcome.kind === 'scheduled') return this.assumeAndBind(info, outcome);
    if (outcome.kind === 'unschedulable') {
      this.fail(info, 'Unschedulable', unschedulableMessage(pod, outcome.diagnosis));
      this.queue.addUnschedulable(info, outcome.diagnosis.unschedulablePlugins);
      return;
    }
    this.fail(info, outcome.unschedulable ? 'Unschedulable' : 'SchedulerError', outcome.message);
    if (outcome.unschedulable) this.queue.addUnschedulable(info, new Set());
    else this.queue.addBackoff(info);
  }

  private assumeAndBind(info: QueuedPodInfo, outcome: Extract<ScheduleOutcome, { kind: 'scheduled' }>): void {
    const pod = info.pod;
    const nodeName = outcome.node.name;
    const actions = volumeBindingActions(outcome.ctx, outcome.node);
    this.cache.assume(pod, nodeName);
    this.queue.done(info.key);
    this.inFlightBinds++;
    void bindPod(this.client, pod, nodeName, actions)
      .then(() => {
        this.log.debug({ pod: info.key, node: nodeName, evaluated: outcome.evaluated, feasible: outcome.feasible }, 'bound');
        this.recorder.event(pod, 'Normal', 'Scheduled', `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${nodeName}`);
      })
      .catch((err) => this.bindFailed(info, err))
      .finally(() => {
        this.inFlightBinds--;
        this.bindSlots.shift()?.();
      });
  }

  private bindFailed(info: QueuedPodInfo, err: unknown): void {
    this.cache.forget(info.key);
    this.queue.onEvent('AssignedPodDelete'); // the resources it held are free again
    if (isNotFound(err) || (isConflict(err) && /already assigned/.test(String((err as Error).message)))) return;
    this.log.warn({ err, pod: info.key }, 'binding failed');
    this.fail(info, 'SchedulerError', `running Bind plugin "DefaultBinder": ${(err as Error).message}`);
    this.queue.retry(info);
  }

  private fail(info: QueuedPodInfo, reason: string, message: string): void {
    const pod = info.pod;
    this.recorder.event(pod, 'Warning', 'FailedScheduling', message);
    const cond = nextScheduledCondition(pod, reason, message, new Date(this.clock.now()).toISOString());
    if (!cond) return;
    patchScheduledCondition(this.client, pod, cond).catch((err) => {
      if (!isNotFound(err)) this.log.warn({ err, pod: info.key }, 'updating PodScheduled condition failed');
    });
  }
}

/** Starts the scheduler; `stop()` ends the loop, the informers and pending timers. */
export function startScheduler(client: ApiClient, opts: SchedulerOptions = {}): RunningScheduler {
  const s = new Scheduler(client, opts);
  const ready = s.start();
  ready.catch((err) => (opts.logger ?? silentLogger).error({ err }, 'scheduler failed to start'));
  return { stop: () => s.stop(), ready };
}
