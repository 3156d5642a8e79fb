// Probe timing as kubelet's prober workers do it: probes tick every periodSeconds from the
// container's start, do not count before initialDelaySeconds, and flip the verdict after
// successThreshold / failureThreshold consecutive results. The result of a simulated probe comes
// from annotations (sim.ordinal.dev/ready, sim.ordinal.dev/live). A probe stops ticking while its
// verdict already matches what it would observe, and is re-armed on the same tick grid when the pod
// changes, so 100,000 idle pods cost no timers and the observable timing is the same.

import type { KubeObject } from '../apimachinery/types.js';
import { ANN, annotation } from './annotations.js';
import type { TimerHeap } from './timer-heap.js';
import { NO_PROBES, ProbeSet, type ContainerSim, type ProbeState } from './model.js';

/**
 * What probes need from the pod they run in. PodSim implements it with methods, so no pod carries
 * a set of callbacks of its own.
 */
export interface ProbeHost {
  readonly timers: TimerHeap;
  readonly timeScale: number;
  /** The pod as last seen (annotations decide what a probe observes). */
  readonly pod: KubeObject;
  now(): number;
  /** Called when a verdict changes (the pod status or a stage may change). */
  probeChanged(c: ContainerSim): void;
  probeLog(c: ContainerSim, line: string): void;
  probeEvent(type: 'Normal' | 'Warning', reason: string, message: string): void;
}

type Kind = ProbeState['kind'];
const KINDS: readonly Kind[] = ['startup', 'readiness', 'liveness'];
const SPEC_FIELD: Record<Kind, string> = { startup: 'startupProbe', readiness: 'readinessProbe', liveness: 'livenessProbe' };
const LABEL: Record<Kind, string> = { startup: 'Startup', readiness: 'Readiness', liveness: 'Liveness' };
const MIN_PERIOD_MS = 10;

interface ProbeSpec {
  initialDelaySeconds?: number;
  periodSeconds?: number;
  successThreshold?: number;
  failureThreshold?: number;
}

/**
 * A probe with what its next tick needs: the timer calls the shared `fire` with this as its
 * argument, so an armed probe costs this object and a heap entry, no closure.
 */
class Probe implements ProbeState {
  successes = 0;
  failures = 0;
  ok: boolean;
  timer: ReturnType<TimerHeap['after']> | undefined = undefined;
  /** Index on the tick grid the next tick may not precede. */
  nextK = 0;
  /** The armed tick's time and the grid origin it was computed from. */
  at = 0;
  origin = 0;
  constructor(
    readonly kind: Kind,
    readonly host: ProbeHost,
    readonly c: ContainerSim,
    readonly spec: any,
  ) {
    this.ok = kind === 'liveness';
  }
}

/** What the probe would observe right now. */
function observes(kind: Kind, pod: KubeObject): boolean {
  if (kind === 'readiness') return annotation(pod, ANN.ready) !== 'false';
  return annotation(pod, ANN.live) !== 'false';
}

/** Sets up the probes of a container that just started (startup first; the others once it succeeds). */
export function startProbes(host: ProbeHost, c: ContainerSim, spec: any): void {
  if (spec.startupProbe) begin(host, c, spec, 'startup');
  else beginMain(host, c, spec);
}

/** Cancels every probe of the container and forgets them (it stopped, or starts afresh). */
export function stopProbes(c: ContainerSim): void {
  if (c.probes === NO_PROBES) return;
  for (const k of KINDS) c.probes[k]?.timer?.cancel();
  c.probes = NO_PROBES;
}

function beginMain(host: ProbeHost, c: ContainerSim, spec: any): void {
  if (spec.readinessProbe) begin(host, c, spec, 'readiness');
  if (spec.livenessProbe) begin(host, c, spec, 'liveness');
}

function begin(host: ProbeHost, c: ContainerSim, spec: any, kind: Kind): void {
  const st = new Probe(kind, host, c, spec);
  if (c.probes === NO_PROBES) c.probes = new ProbeSet();
  c.probes[kind] = st;
  arm(st);
}

/** Re-arms probes after a pod change (annotations may now make them flip). */
export function reconsiderProbes(host: ProbeHost, c: ContainerSim): void {
  if (c.probes === NO_PROBES) return;
  for (const k of KINDS) {
    const st = c.probes[k] as Probe | undefined;
    if (st && !st.timer && !stable(host, st)) arm(st);
  }
}

function stable(host: ProbeHost, st: ProbeState): boolean {
  return observes(st.kind, host.pod) === st.ok && st.kind !== 'startup';
}

function params(spec: any, kind: Kind, timeScale: number) {
  const p: ProbeSpec = spec[SPEC_FIELD[kind]] ?? {};
  return {
    period: Math.max((p.periodSeconds ?? 10) * 1000 * timeScale, MIN_PERIOD_MS),
    initialDelay: (p.initialDelaySeconds ?? 0) * 1000 * timeScale,
    successThreshold: p.successThreshold ?? 1,
    failureThreshold: p.failureThreshold ?? 3,
  };
}

/** Next tick on the grid startedAt + k·period that is not before now or the initial delay. */
export function nextProbeTick(startedAt: number, now: number, period: number, initialDelay: number, minK = 0): number {
  const k = Math.max(minK, Math.ceil((now - startedAt) / period - 1e-9), Math.ceil(initialDelay / period - 1e-9));
  return startedAt + k * period;
}

function arm(st: Probe): void {
  const { host, c } = st;
  const p = params(st.spec, st.kind, host.timeScale);
  const now = host.now();
  st.origin = c.startedAt ?? now;
  st.at = nextProbeTick(st.origin, now, p.period, p.initialDelay, st.nextK);
  st.timer = host.timers.after(st.at - now, fire, st);
}

function fire(st: Probe): void {
  st.timer = undefined;
  st.nextK = Math.round((st.at - st.origin) / params(st.spec, st.kind, st.host.timeScale).period) + 1;
  if (st.c.probes[st.kind] !== st) return; // the container restarted meanwhile
  tick(st);
}

function tick(st: Probe): void {
  const { host, c, spec } = st;
  const p = params(spec, st.kind, host.timeScale);
  const pass = observes(st.kind, host.pod);
  if (pass) {
    st.successes++;
    st.failures = 0;
  } else {
    st.failures++;
    st.successes = 0;
    host.probeEvent('Warning', 'Unhealthy', `${LABEL[st.kind]} probe failed: simulated failure (${st.kind === 'readiness' ? ANN.ready : ANN.live}=false)`);
  }
  const before = st.ok;
  if (pass && st.successes >= p.successThreshold) st.ok = true;
  if (!pass && st.failures >= p.failureThreshold) st.ok = false;
  if (st.ok !== before) host.probeLog(c, `${st.kind} probe ${st.ok ? 'succeeded' : `failed ${st.failures} times in a row`}`);
  if (st.kind === 'startup' && st.ok) {
    c.probes.startup = undefined;
    c.started = true;
    beginMain(host, c, spec);
    host.probeChanged(c);
    return;
  }
  if (st.ok !== before || (st.kind === 'startup' && !pass)) host.probeChanged(c);
  if (!stable(host, st)) arm(st);
}
