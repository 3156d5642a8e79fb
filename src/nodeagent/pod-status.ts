// Renders a pod's API status from the simulated runtime picture, the way kubelet's
// generateAPIPodStatus does: the phase from container states and restartPolicy (getPhase), the
// conditions PodReadyToStartContainers / Initialized / ContainersReady / Ready (readiness gates
// included, messages in kubelet's words), container statuses, IPs and startTime. Transition times
// are kept from the current status while a condition's status does not change.

import type { KubeObject } from '../apimachinery/types.js';
import { formatDuration } from '../util/duration.js';
import { normalizeImage } from './images.js';
import type { ContainerSim, Terminated } from './model.js';
import { PHASE_VIEW } from './stages.js';
import { rfc3339Seconds } from './rfc3339.js';

export interface PodView {
  pod: KubeObject;
  init: readonly ContainerSim[];
  containers: readonly ContainerSim[];
  hostIP: string;
  podIP?: string;
  startTime: string;
  now: number;
  crashBackOffInitial: number;
}

/** Conditions the node agent owns; anything else (PodScheduled, readiness gates) belongs to others. */
export const KUBELET_CONDITIONS = ['PodReadyToStartContainers', 'Initialized', 'ContainersReady', 'Ready'] as const;

const iso = rfc3339Seconds;

export function isContainerReady(c: ContainerSim): boolean {
  return c.phase === 'Running' && c.started && (c.probes.startup === undefined) && (c.probes.readiness?.ok ?? true);
}

function terminatedView(t: Terminated): Record<string, unknown> {
  const out: Record<string, unknown> = { exitCode: t.exitCode, reason: t.reason };
  if (t.message) out.message = t.message;
  if (t.startedAt) out.startedAt = t.startedAt;
  out.finishedAt = t.finishedAt;
  if (t.containerID) out.containerID = t.containerID;
  return out;
}

function waitingMessage(c: ContainerSim, v: PodView, reason: string): string | undefined {
  if (reason === 'CrashLoopBackOff') {
    const meta = v.pod.metadata;
    return `back-off ${formatDuration(c.crashBackoff?.backoff ?? v.crashBackOffInitial)} restarting failed container=${c.name} pod=${meta.name}_${meta.namespace}(${meta.uid})`;
  }
  if (reason === 'ErrImagePull' || reason === 'ImagePullBackOff' || reason === 'ErrImageNeverPull') return c.pullMessage;
  return undefined;
}

function stateOf(c: ContainerSim, v: PodView): Record<string, unknown> {
  const view = PHASE_VIEW[c.phase];
  if (view.kind === 'running') return { running: { startedAt: iso(c.startedAt ?? v.now) } };
  if (view.kind === 'terminated' && c.terminated) return { terminated: terminatedView(c.terminated) };
  // A container not yet unblocked (no sandbox yet, or waiting for init containers) shows kubelet's
  // default waiting reason: ContainerCreating, or PodInitializing for every container of a pod
  // with init containers.
  let reason = view.kind === 'waiting' && c.phase !== 'Blocked' ? view.reason : 'ContainerCreating';
  if (reason === 'ContainerCreating' && v.init.length) reason = 'PodInitializing';
  const message = waitingMessage(c, v, reason);
  return { waiting: message ? { reason, message } : { reason } };
}

export function containerStatus(c: ContainerSim, spec: any, v: PodView): Record<string, unknown> {
  const hasRun = c.imageID !== undefined && PHASE_VIEW[c.phase].kind !== 'waiting';
  const out: Record<string, unknown> = {
    name: c.name,
    state: stateOf(c, v),
    lastState: c.lastTerminated ? { terminated: terminatedView(c.lastTerminated) } : {},
    ready: isContainerReady(c),
    restartCount: c.restartCount,
    image: hasRun ? normalizeImage(c.image) : (spec?.image ?? c.image),
    imageID: c.imageID ?? '',
  };
  if (c.containerID) out.containerID = c.containerID;
  out.started = PHASE_VIEW[c.phase].kind === 'running' && c.started;
  return out;
}

const initSucceeded = (c: ContainerSim) => c.phase === 'Exited' && c.terminated?.exitCode === 0 && !c.killReason;

/** kubelet's getPhase. */
export function podPhase(v: PodView): 'Pending' | 'Running' | 'Succeeded' | 'Failed' {
  const policy = v.pod.spec?.restartPolicy ?? 'Always';
  const current = v.pod.status?.phase;
  if (current === 'Succeeded' || current === 'Failed') return current; // terminal phases never change
  const initFailed = v.init.some((c) => c.phase === 'Exited' && (c.terminated?.exitCode ?? 0) !== 0) && policy === 'Never';
  if (initFailed) return 'Failed';
  if (!v.init.every(initSucceeded) && !v.pod.metadata.deletionTimestamp) return 'Pending';
  let waiting = 0;
  let running = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const c of v.containers) {
    const kind = PHASE_VIEW[c.phase].kind;
    if (kind === 'running') running++;
    else if (kind === 'terminated' && c.terminated) {
      stopped++;
      if (c.terminated.exitCode === 0) succeeded++;
    } else if (c.lastTerminated) stopped++;
    else waiting++;
  }
  if (waiting > 0) return 'Pending';
  if (running > 0) return 'Running';
  if (stopped === 0) return 'Pending';
  if (v.pod.metadata.deletionTimestamp && v.containers.every((c) => c.phase === 'Stopped')) return stopped === succeeded ? 'Succeeded' : 'Failed';
  if (policy === 'Always') return 'Running';
  if (stopped === succeeded) return 'Succeeded';
  return policy === 'Never' ? 'Failed' : 'Running';
}

interface Cond {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
}

function unreadyList(names: string[]): string {
  return `[${names.join(' ')}]`;
}

/** The four kubelet conditions for the pod, without times. */
export function kubeletConditions(v: PodView, phase: string): Cond[] {
  const conds: Cond[] = [{ type: 'PodReadyToStartContainers', status: v.podIP ? 'True' : 'False' }];
  const notInit = v.init.filter((c) => !initSucceeded(c)).map((c) => c.name);
  conds.push(
    notInit.length
      ? { type: 'Initialized', status: 'False', reason: 'ContainersNotInitialized', message: `containers with incomplete status: ${unreadyList(notInit)}` }
      : { type: 'Initialized', status: 'True' },
  );
  const containersReady = containersReadyCondition(v, phase);
  conds.push(containersReady, readyCondition(v, containersReady));
  return conds;
}

function containersReadyCondition(v: PodView, phase: string): Cond {
  if (phase === 'Succeeded' || phase === 'Failed') return { type: 'ContainersReady', status: 'False', reason: 'PodCompleted' };
  const unready = v.containers.filter((c) => !isContainerReady(c)).map((c) => c.name);
  if (!unready.length) return { type: 'ContainersReady', status: 'True' };
  return { type: 'ContainersReady', status: 'False', reason: 'ContainersNotReady', message: `containers with unready status: ${unreadyList(unready)}` };
}

function readyCondition(v: PodView, containersReady: Cond): Cond {
  if (containersReady.status !== 'True') return { ...containersReady, type: 'Ready' };
  const messages: string[] = [];
  const existing: any[] = v.pod.status?.conditions ?? [];
  for (const gate of v.pod.spec?.readinessGates ?? []) {
    const c = existing.find((x) => x.type === gate.conditionType);
    if (!c) messages.push(`corresponding condition of pod readiness gate "${gate.conditionType}" does not exist.`);
    else if (c.status !== 'True') messages.push(`the status of pod readiness gate "${gate.conditionType}" is not "True", but ${c.status}`);
  }
  if (messages.length) return { type: 'Ready', status: 'False', reason: 'ReadinessGatesNotReady', message: messages.join(', ') };
  return { type: 'Ready', status: 'True' };
}

/** Conditions with lastProbeTime/lastTransitionTime, keeping the current transition time when the status is unchanged. */
export function withTimes(conds: Cond[], pod: KubeObject, now: number): Record<string, unknown>[] {
  const existing: any[] = pod.status?.conditions ?? [];
  return conds.map((c) => {
    const old = existing.find((x) => x.type === c.type);
    const lastTransitionTime = old && old.status === c.status && old.lastTransitionTime ? old.lastTransitionTime : iso(now);
    return { type: c.type, status: c.status, lastProbeTime: null, lastTransitionTime, ...(c.reason ? { reason: c.reason } : {}), ...(c.message ? { message: c.message } : {}) };
  });
}

/** The kubelet-owned part of the pod's status. */
export function renderPodStatus(v: PodView): Record<string, any> {
  const phase = podPhase(v);
  const specs = new Map<string, any>();
  for (const s of [...(v.pod.spec?.initContainers ?? []), ...(v.pod.spec?.containers ?? [])]) specs.set(s.name, s);
  const status: Record<string, any> = {
    phase,
    conditions: withTimes(kubeletConditions(v, phase), v.pod, v.now),
    hostIP: v.hostIP,
    hostIPs: [{ ip: v.hostIP }],
    startTime: v.startTime,
    containerStatuses: v.containers.map((c) => containerStatus(c, specs.get(c.name), v)),
  };
  if (v.podIP) {
    status.podIP = v.podIP;
    status.podIPs = [{ ip: v.podIP }];
  }
  if (v.init.length) status.initContainerStatuses = v.init.map((c) => containerStatus(c, specs.get(c.name), v));
  return status;
}
