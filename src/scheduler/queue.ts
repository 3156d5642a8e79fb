// The scheduling queue (kube-scheduler's PriorityQueue, reduced): an active queue ordered by
// priority then arrival, a backoff queue (1s doubling to 10s per failed attempt) and an
// unschedulable pool. A pool pod moves back when a cluster event could help one of the plugins
// that rejected it (queueing hints in spirit), or after 5 minutes regardless. Events that happen
// while a pod is being scheduled send it to backoff instead of the pool, so no wakeup is lost.

import { realClock, type Clock, type TimerHandle } from '../controller/clock.js';
import { podKey } from './framework/node-info.js';
import type { Pod } from './framework/types.js';

export type ClusterEvent =
  | 'NodeAdd'
  | 'NodeUpdate'
  | 'AssignedPodAdd'
  | 'AssignedPodUpdate'
  | 'AssignedPodDelete'
  | 'PvcChange'
  | 'PvChange'
  | 'StorageClassChange'
  | 'NamespaceChange';

/** Which plugins' rejections an event may resolve. */
const HINTS: Record<ClusterEvent, readonly string[] | 'all'> = {
  NodeAdd: 'all',
  NodeUpdate: 'all',
  AssignedPodAdd: ['InterPodAffinity', 'PodTopologySpread'],
  AssignedPodUpdate: ['InterPodAffinity', 'PodTopologySpread', 'NodeResourcesFit'],
  AssignedPodDelete: ['InterPodAffinity', 'PodTopologySpread', 'NodeResourcesFit', 'NodePorts', 'VolumeBinding'],
  PvcChange: ['VolumeBinding'],
  PvChange: ['VolumeBinding'],
  StorageClassChange: ['VolumeBinding'],
  NamespaceChange: ['InterPodAffinity'],
};

export interface QueuedPodInfo {
  key: string;
  pod: Pod;
  attempts: number;
  /** When it first entered the queue (priority tie-break). */
  enqueuedAt: number;
  seq: number;
  /** Set by pop(): the move cycle at the time the attempt started. */
  cycle: number;
  unschedulablePlugins: Set<string>;
  backoffUntil: number;
  /** When it entered the unschedulable pool. */
  parkedAt: number;
}

const BACKOFF_INITIAL_MS = 1000;
const BACKOFF_MAX_MS = 10_000;
const MAX_IN_UNSCHEDULABLE_MS = 5 * 60_000;

export function backoffDuration(attempts: number): number {
  let d = BACKOFF_INITIAL_MS;
  for (let i = 1; i < attempts && d < BACKOFF_MAX_MS; i++) d *= 2;
  return Math.min(d, BACKOFF_MAX_MS);
}

const priorityOf = (p: Pod): number => p.spec?.priority ?? 0;

function before(a: QueuedPodInfo, b: QueuedPodInfo): boolean {
  const pa = priorityOf(a.pod);
  const pb = priorityOf(b.pod);
  return pa !== pb ? pa > pb : a.seq < b.seq;
}

export class SchedulingQueue {
  private readonly heap: QueuedPodInfo[] = [];
  private readonly active = new Set<string>();
  private readonly backoff = new Map<string, QueuedPodInfo>();
  private readonly unschedulable = new Map<string, QueuedPodInfo>();
  private readonly inFlight = new Map<string, QueuedPodInfo>();
  private readonly known = new Map<string, QueuedPodInfo>();
  private waiters: Array<(p: QueuedPodInfo | undefined) => void> = [];
  private moveCycle = 0;
  private seq = 0;
  private closed = false;
  private timer: TimerHandle | undefined;
  private timerAt = Infinity;

  constructor(private readonly clock: Clock = realClock) {}

  /** A new unscheduled pod. */
  add(pod: Pod): void {
    const key = podKey(pod);
    const existing = this.known.get(key);
    if (existing) {
      existing.pod = pod;
      return;
    }
    const info: QueuedPodInfo = {
      key, pod, attempts: 0, enqueuedAt: this.clock.now(), seq: this.seq++, cycle: 0, unschedulablePlugins: new Set(), backoffUntil: 0, parkedAt: 0,
    };
    this.known.set(key, info);
    this.pushActive(info);
  }

  /** The pod changed in a way that may change the outcome (spec/labels): retry it. */
  update(pod: Pod, meaningful: boolean): void {
    const key = podKey(pod);
    const info = this.known.get(key);
    if (!info) return this.add(pod);
    info.pod = pod;
    if (meaningful && this.unschedulable.has(key)) {
      this.unschedulable.delete(key);
      this.requeue(info);
    }
  }

  delete(key: string): void {
    this.known.delete(key);
    this.active.delete(key);
    this.backoff.delete(key);
    this.unschedulable.delete(key);
    this.inFlight.delete(key);
  }

  has(key: string): boolean {
    return this.known.has(key);
  }

  /** Next pod to schedule, waiting if none; undefined once closed. */
  pop(): Promise<QueuedPodInfo | undefined> {
    const next = this.popActive();
    if (next || this.closed) return Promise.resolve(next);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** The attempt failed as unschedulable: park it until an event may help. */
  addUnschedulable(info: QueuedPodInfo, plugins: Set<string>): void {
    if (!this.inFlight.delete(info.key) || !this.known.has(info.key)) return;
    info.unschedulablePlugins = plugins;
    info.backoffUntil = this.clock.now() + backoffDuration(info.attempts);
    if (this.moveCycle > info.cycle) return this.requeue(info);
    info.parkedAt = this.clock.now();
    this.unschedulable.set(info.key, info);
  }

  /** The attempt failed with an error (API failure, plugin error): retry after backoff. */
  addBackoff(info: QueuedPodInfo): void {
    if (!this.inFlight.delete(info.key) || !this.known.has(info.key)) return;
    info.backoffUntil = this.clock.now() + backoffDuration(info.attempts);
    this.requeue(info);
  }

  /** A bind failed after done(): track the pod again and retry it after backoff. */
  retry(info: QueuedPodInfo): void {
    if (this.closed || this.known.has(info.key)) return;
    info.backoffUntil = this.clock.now() + backoffDuration(info.attempts);
    this.requeue(info);
  }

  /** Scheduled (bound or binding): stop tracking. */
  done(key: string): void {
    this.inFlight.delete(key);
    this.known.delete(key);
  }

  onEvent(event: ClusterEvent): void {
    this.moveCycle++;
    const hint = HINTS[event];
    for (const [key, info] of this.unschedulable) {
      const helps = hint === 'all' || info.unschedulablePlugins.size === 0 || hint.some((p) => info.unschedulablePlugins.has(p));
      if (!helps) continue;
      this.unschedulable.delete(key);
      this.requeue(info);
    }
  }

  /** Moves pods parked longer than 5 minutes back (kube's periodic flush). */
  flushUnschedulable(): void {
    const now = this.clock.now();
    for (const [key, info] of this.unschedulable) {
      if (now - info.parkedAt < MAX_IN_UNSCHEDULABLE_MS) continue;
      this.unschedulable.delete(key);
      this.requeue(info);
    }
  }

  close(): void {
    this.closed = true;
    if (this.timer) this.clock.clearTimeout(this.timer);
    for (const w of this.waiters.splice(0)) w(undefined);
  }

  stats(): { active: number; backoff: number; unschedulable: number; inFlight: number } {
    return { active: this.active.size, backoff: this.backoff.size, unschedulable: this.unschedulable.size, inFlight: this.inFlight.size };
  }

  private requeue(info: QueuedPodInfo): void {
    this.known.set(info.key, info);
    if (info.backoffUntil > this.clock.now()) {
      this.backoff.set(info.key, info);
      this.armTimer(info.backoffUntil);
    } else this.pushActive(info);
  }

  private armTimer(at: number): void {
    if (this.closed || at >= this.timerAt) return;
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = this.clock.setTimeout(() => this.flushBackoff(), at - this.clock.now());
  }

  private flushBackoff(): void {
    this.timer = undefined;
    this.timerAt = Infinity;
    const now = this.clock.now();
    let next = Infinity;
    for (const [key, info] of this.backoff) {
      if (info.backoffUntil <= now) {
        this.backoff.delete(key);
        this.pushActive(info);
      } else next = Math.min(next, info.backoffUntil);
    }
    if (next < Infinity) this.armTimer(next);
  }

  private pushActive(info: QueuedPodInfo): void {
    if (this.active.has(info.key) || this.inFlight.has(info.key)) return;
    const waiter = this.waiters.shift();
    if (waiter) {
      this.startFlight(info);
      waiter(info);
      return;
    }
    this.active.add(info.key);
    this.heap.push(info);
    this.siftUp(this.heap.length - 1);
  }

  private popActive(): QueuedPodInfo | undefined {
    while (this.heap.length > 0) {
      const top = this.heap[0];
      const last = this.heap.pop()!;
      if (this.heap.length > 0) {
        this.heap[0] = last;
        this.siftDown(0);
      }
      // Skip entries deleted or superseded while queued.
      if (!this.active.has(top.key) || this.known.get(top.key) !== top) continue;
      this.active.delete(top.key);
      this.startFlight(top);
      return top;
    }
    return undefined;
  }

  private startFlight(info: QueuedPodInfo): void {
    info.attempts++;
    info.cycle = this.moveCycle;
    this.inFlight.set(info.key, info);
  }

  private siftUp(i: number): void {
    const h = this.heap;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(h[i], h[parent])) break;
      [h[i], h[parent]] = [h[parent], h[i]];
      i = parent;
    }
  }

  private siftDown(i: number): void {
    const h = this.heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && before(h[l], h[m])) m = l;
      if (r < h.length && before(h[r], h[m])) m = r;
      if (m === i) return;
      [h[i], h[m]] = [h[m], h[i]];
      i = m;
    }
  }
}
