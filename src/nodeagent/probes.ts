// Probe timing as kubelet's prober workers do it: probes tick every periodSeconds from the
// container's start, do not count before initialDelaySeconds, and flip the verdict after
// successThreshold / failureThreshold consecutive results. The result of a simulated probe comes
// from annotations (sim.ordinal.dev/ready, sim.ordinal.dev/live). A probe stops ticking while its
// verdict already matches what it would observe, and is re-armed on the same tick grid when the pod
// changes, so 100,000 idle pods cost no timers and the observable timing is the same.

import type { KubeObject } from '../apimachinery/types.js';
import { ANN, annotation } from './annotations.js';
import type { TimerHeap } from './timer-heap.js';
import type { ContainerSim, ProbeState } from './model.js';

export interface ProbeHost {
  timers: TimerHeap;
  now(): number;
  timeScale: number;
  pod(): KubeObject;
  /** Called when a verdict changes (the pod status or a stage may change). */
  changed(c: ContainerSim): void;
  log(c: ContainerSim, line: string): void;
  event(type: 'Normal' | 'Warning', reason: string, message: string): void;
}

type Kind = ProbeState['kind'];
const SPEC_FIELD: Record<Kind, string> = { startup: 'startupProbe', readiness: 'readinessProbe', liveness: 'livenessProbe' };
const LABEL: Record<Kind, string> = { startup: 'Startup', readiness: 'Readiness', liveness: 'Liveness' };
const MIN_PERIOD_MS = 10;

interface ProbeSpec {
  initialDelaySeconds?: number;
  periodSeconds?: number;
  successThreshold?: number;
  failureThreshold?: number;
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

function beginMain(host: ProbeHost, c: ContainerSim, spec: any): void {
  if (spec.readinessProbe) begin(host, c, spec, 'readiness');
  if (spec.livenessProbe) begin(host, c, spec, 'liveness');
}

function begin(host: ProbeHost, c: ContainerSim, spec: any, kind: Kind): void {
  const st: ProbeState & { nextK?: number } = { kind, successes: 0, failures: 0, ok: kind === 'liveness' };
  c.probes[kind] = st;
  arm(host, c, spec, st);
}

/** Re-arms probes after a pod change (annotations may now make them flip). */
export function reconsiderProbes(host: ProbeHost, c: ContainerSim, spec: any): void {
  for (const st of Object.values(c.probes)) if (st && !st.timer && !stable(host, st)) arm(host, c, spec, st);
}

function stable(host: ProbeHost, st: ProbeState): boolean {
  return observes(st.kind, host.pod()) === st.ok && st.kind !== 'startup';
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

function arm(host: ProbeHost, c: ContainerSim, spec: any, st: ProbeState & { nextK?: number }): void {
  const p = params(spec, st.kind, host.timeScale);
  const origin = c.startedAt ?? host.now();
  const at = nextProbeTick(origin, host.now(), p.period, p.initialDelay, st.nextK ?? 0);
  st.timer = host.timers.after(at - host.now(), () => {
    st.timer = undefined;
    st.nextK = Math.round((at - origin) / p.period) + 1;
    if (c.probes[st.kind] !== st) return; // the container restarted meanwhile
    tick(host, c, spec, st);
  });
}

function tick(host: ProbeHost, c: ContainerSim, spec: any, st: ProbeState & { nextK?: number }): void {
  const p = params(spec, st.kind, host.timeScale);
  const pass = observes(st.kind, host.pod());
  if (pass) {
    st.successes++;
    st.failures = 0;
  } else {
    st.failures++;
    st.successes = 0;
    host.event('Warning', 'Unhealthy', `${LABEL[st.kind]} probe failed: simulated failure (${st.kind === 'readiness' ? ANN.ready : ANN.live}=false)`);
  }
  const before = st.ok;
  if (pass && st.successes >= p.successThreshold) st.ok = true;
  if (!pass && st.failures >= p.failureThreshold) st.ok = false;
  if (st.ok !== before) host.log(c, `${st.kind} probe ${st.ok ? 'succeeded' : `failed ${st.failures} times in a row`}`);
  if (st.kind === 'startup' && st.ok) {
    delete c.probes.startup;
    c.started = true;
    beginMain(host, c, spec);
    host.changed(c);
    return;
  }
  if (st.ok !== before || (st.kind === 'startup' && !pass)) host.changed(c);
  if (!stable(host, st)) arm(host, c, spec, st);
}
