// One pod on one simulated node: holds the runtime picture of its containers and drives them
// through the stage table (stages.ts). A pod change re-matches the table; a timer fires a pending
// stage; immediate stages settle in one pass so a zero-delay pod reaches Running with a single
// status write. The node agent owns the PodSims and writes their rendered status.

import type { KubeObject } from '../apimachinery/types.js';
import type { Clock } from '../controller/clock.js';
import type { EventRecorder } from '../controller/contracts.js';
import { EFFECTS, type EffectEnv } from './effects.js';
import type { ImageCache } from './images.js';
import { containerSpecs, newContainerSim, type ContainerSim } from './model.js';
import type { PodLogStore } from './pod-logs.js';
import { renderPodStatus } from './pod-status.js';
import { reconsiderProbes, startProbes, stopProbes, type ProbeHost } from './probes.js';
import { pickStage, type Stage, type StageCtx } from './stages.js';
import type { TimerHeap } from './timer-heap.js';
import type { SimTimings } from './timings.js';
import { adoptContainer } from './adopt.js';
import { rfc3339Seconds } from './rfc3339.js';
import { flat } from './strings.js';

export interface PodSimHost {
  timers: TimerHeap;
  clock: Clock;
  timings: SimTimings;
  timeScale: number;
  images: ImageCache;
  logs: PodLogStore;
  recorder?: EventRecorder;
  hostIP: string;
  /** The node is down: nothing on it moves. */
  isDown(): boolean;
  /** The rendered status may differ from the API's. */
  changed(sim: PodSim): void;
  /** Every container of a deleted pod has stopped: time to delete it for good. */
  terminated(sim: PodSim): void;
}

const MAX_SETTLE_ROUNDS = 64;
const iso = rfc3339Seconds;

const NO_CONTAINERS: readonly ContainerSim[] = Object.freeze([]);

export class PodSim implements ProbeHost {
  readonly key: string;
  readonly uid: string;
  pod: KubeObject;
  readonly init: readonly ContainerSim[];
  readonly containers: readonly ContainerSim[];
  podIP?: string;
  readonly startTime: string;
  private finished = false;
  private disposed = false;

  constructor(
    private readonly host: PodSimHost,
    pod: KubeObject,
  ) {
    this.pod = pod;
    this.key = flat(`${pod.metadata.namespace}/${pod.metadata.name}`);
    this.uid = pod.metadata.uid ?? '';
    this.startTime = pod.status?.startTime ?? iso(host.clock.now());
    const init = containerSpecs(pod, true);
    this.init = init.length ? init.map((s, i) => newContainerSim(s, true, i)) : NO_CONTAINERS;
    this.containers = containerSpecs(pod, false).map((s, i) => newContainerSim(s, false, i));
    this.podIP = pod.status?.podIP;
    for (const c of this.all()) adoptContainer(c, pod);
    for (const c of this.all()) if (c.phase === 'Running') startProbes(this, c, this.specOf(c));
  }

  /** Init containers, then app containers (no copy for the common pod without init containers). */
  all(): readonly ContainerSim[] {
    return this.init.length ? [...this.init, ...this.containers] : this.containers;
  }

  // ---- ProbeHost: what the probes of this pod's containers need --------------------------------

  get timers(): TimerHeap {
    return this.host.timers;
  }

  get timeScale(): number {
    return this.host.timeScale;
  }

  now(): number {
    return this.host.clock.now();
  }

  probeChanged(): void {
    this.settleAndNotify();
  }

  probeLog(c: ContainerSim, line: string): void {
    this.host.logs.append(this.key, c.name, line);
  }

  probeEvent(type: 'Normal' | 'Warning', reason: string, message: string): void {
    this.host.recorder?.event(this.pod, type, reason, message);
  }

  /** The sandbox got its IP: containers may start. */
  setPodIP(ip: string): void {
    this.podIP = ip;
    this.settleAndNotify();
  }

  /** A newer version of the pod arrived from the API. */
  update(pod: KubeObject): void {
    this.pod = pod;
    if (this.host.isDown()) return;
    for (const c of this.all()) if (c.phase === 'Running') reconsiderProbes(this, c);
    this.settleAndNotify();
  }

  /** The node came back: re-match every container (pending transitions were dropped while down). */
  resume(): void {
    this.settleAndNotify();
  }

  status(): Record<string, any> {
    return renderPodStatus({
      pod: this.pod,
      init: this.init,
      containers: this.containers,
      hostIP: this.host.hostIP,
      podIP: this.podIP,
      startTime: this.startTime,
      now: this.host.clock.now(),
      crashBackOffInitial: this.host.timings.crashBackOffInitial,
    });
  }

  dispose(): void {
    this.disposed = true;
    for (const c of this.all()) {
      c.timer?.cancel();
      stopProbes(c);
    }
  }

  // ---- the stage engine ----------------------------------------------------------------------

  private settleAndNotify(): void {
    if (this.disposed || this.host.isDown()) return;
    this.settle();
    this.host.changed(this);
    this.checkTerminated();
  }

  /** Applies immediate stages until none is left, and (re)schedules delayed ones. */
  private settle(): void {
    for (let round = 0; round < MAX_SETTLE_ROUNDS; round++) {
      let moved = false;
      for (const c of this.all()) moved = this.step(c) || moved;
      if (!moved) return;
    }
  }

  /** Matches the table for one container; true if it moved at once. */
  private step(c: ContainerSim): boolean {
    const x = this.ctx(c);
    const s = pickStage(x);
    if (!s) {
      this.cancel(c);
      return false;
    }
    if (c.pendingStage === s.name && c.timer) return false;
    this.cancel(c);
    const delay = s.delay ? s.delay(x) : 0;
    if (delay <= 0) {
      this.apply(c, s, x);
      return true;
    }
    c.pendingStage = s.name;
    c.timer = this.host.timers.after(delay, () => this.fire(c, s));
    return false;
  }

  private fire(c: ContainerSim, s: Stage): void {
    c.timer = undefined;
    c.pendingStage = undefined;
    if (this.disposed || this.host.isDown()) return;
    this.apply(c, s, this.ctx(c));
    this.settleAndNotify();
  }

  private apply(c: ContainerSim, s: Stage, x: StageCtx): void {
    c.phase = s.to;
    if (s.effect) EFFECTS[s.effect](x, s, this.env(c));
    if (s.effect === 'start') startProbes(this, c, x.spec);
  }

  private cancel(c: ContainerSim): void {
    c.timer?.cancel();
    c.timer = undefined;
    c.pendingStage = undefined;
  }

  private checkTerminated(): void {
    if (this.finished || !this.pod.metadata.deletionTimestamp) return;
    if (!this.all().every((c) => c.phase === 'Stopped' || c.phase === 'Blocked')) return;
    this.finished = true;
    this.host.terminated(this);
  }

  private ctx(c: ContainerSim): StageCtx {
    return {
      pod: this.pod,
      spec: this.specOf(c),
      c,
      now: this.host.clock.now(),
      t: this.host.timings,
      timeScale: this.host.timeScale,
      images: this.host.images,
      prereqsDone: this.prereqsDone(c),
    };
  }

  private specOf(c: ContainerSim): any {
    return containerSpecs(this.pod, c.init).find((s) => s.name === c.name) ?? { name: c.name, image: c.image };
  }

  private prereqsDone(c: ContainerSim): boolean {
    if (!this.podIP) return false;
    const before = c.init ? this.init.slice(0, c.index) : this.init;
    return before.every((i) => i.phase === 'Exited' && i.terminated?.exitCode === 0);
  }

  private env(c: ContainerSim): EffectEnv {
    return {
      log: (line) => this.host.logs.append(this.key, c.name, line),
      newLogInstance: () => this.host.logs.rotate(this.key, c.name),
      event: (type, reason, message) => this.host.recorder?.event(this.pod, type, reason, message),
    };
  }
}
