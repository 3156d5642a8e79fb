// Pod table printer: NAME READY STATUS RESTARTS AGE, wide IP NODE NOMINATED NODE READINESS GATES.
// STATUS is the derived string kubectl users read to understand a pod (ContainerCreating,
// CrashLoopBackOff, Init:0/1, Completed, Terminating ...), computed with printers.go's precedence:
// pod phase/reason, then the first unfinished init container, then the container statuses
// (last one listed wins), then deletion. RESTARTS gains "(5s ago)" once a container has restarted.

import type { KubeObject } from '../../apimachinery/types.js';
import { col, isZeroTime, kindPrinter, since, type RowCondition } from './common.js';

interface ContainerState {
  waiting?: { reason?: string };
  running?: { startedAt?: string };
  terminated?: { reason?: string; exitCode?: number; signal?: number; finishedAt?: string };
}

interface ContainerStatus {
  name: string;
  ready?: boolean;
  started?: boolean;
  restartCount?: number;
  state?: ContainerState;
  lastState?: ContainerState;
}

interface Condition {
  type: string;
  status: string;
  reason?: string;
}

const NODE_UNREACHABLE_REASON = 'NodeLost';

/** Latest of two RFC3339 timestamps ('' stands for Go's zero time). */
function later(a: string, b: string | undefined): string {
  if (isZeroTime(b)) return a;
  if (isZeroTime(a)) return b!;
  return Date.parse(b!) > Date.parse(a) ? b! : a;
}

function terminatedReason(t: NonNullable<ContainerState['terminated']>, prefix: string): string {
  if (t.reason) return prefix + t.reason;
  if (t.signal) return `${prefix}Signal:${t.signal}`;
  return `${prefix}ExitCode:${t.exitCode ?? 0}`;
}

interface Tally {
  reason: string;
  ready: number;
  restarts: number;
  lastRestart: string;
  restartableRestarts: number;
  lastRestartableRestart: string;
  initializing: boolean;
}

function isRestartableInit(spec: any, name: string): boolean {
  const c = (spec?.initContainers ?? []).find((x: { name: string }) => x.name === name);
  return c?.restartPolicy === 'Always';
}

/** Walks init containers until the first one that has not finished (or a started sidecar). */
function tallyInitContainers(pod: KubeObject, t: Tally): void {
  const statuses: ContainerStatus[] = pod.status?.initContainerStatuses ?? [];
  const total = (pod.spec?.initContainers ?? []).length;
  for (let i = 0; i < statuses.length; i++) {
    const c = statuses[i];
    const restartable = isRestartableInit(pod.spec, c.name);
    t.restarts += c.restartCount ?? 0;
    t.lastRestart = later(t.lastRestart, c.lastState?.terminated?.finishedAt);
    if (restartable) {
      t.restartableRestarts += c.restartCount ?? 0;
      t.lastRestartableRestart = later(t.lastRestartableRestart, c.lastState?.terminated?.finishedAt);
    }
    const term = c.state?.terminated;
    if (term && (term.exitCode ?? 0) === 0) continue;
    if (restartable && c.started) {
      if (c.ready) t.ready++;
      continue;
    }
    t.initializing = true;
    if (term) t.reason = terminatedReason(term, 'Init:');
    else if (c.state?.waiting?.reason && c.state.waiting.reason !== 'PodInitializing') t.reason = `Init:${c.state.waiting.reason}`;
    else t.reason = `Init:${i}/${total}`;
    return;
  }
}

/** Main containers, last listed first, so the first container's state ends up deciding. */
function tallyContainers(pod: KubeObject, t: Tally): void {
  t.restarts = t.restartableRestarts;
  t.lastRestart = t.lastRestartableRestart;
  let hasRunning = false;
  const statuses: ContainerStatus[] = pod.status?.containerStatuses ?? [];
  for (let i = statuses.length - 1; i >= 0; i--) {
    const c = statuses[i];
    t.restarts += c.restartCount ?? 0;
    t.lastRestart = later(t.lastRestart, c.lastState?.terminated?.finishedAt);
    const st = c.state ?? {};
    if (st.waiting?.reason) t.reason = st.waiting.reason;
    else if (st.terminated) t.reason = terminatedReason(st.terminated, '');
    else if (c.ready && st.running) {
      hasRunning = true;
      t.ready++;
    }
  }
  // A completed container next to a running one: the pod is still running.
  if (t.reason === 'Completed' && hasRunning) t.reason = hasCondition(pod, 'Ready') ? 'Running' : 'NotReady';
}

function hasCondition(pod: KubeObject, type: string): boolean {
  return ((pod.status?.conditions ?? []) as Condition[]).some((c) => c.type === type && c.status === 'True');
}

function initializedIsTrue(pod: KubeObject): boolean {
  const c = ((pod.status?.conditions ?? []) as Condition[]).find((x) => x.type === 'Initialized');
  return c?.status === 'True';
}

function initialReason(pod: KubeObject): string {
  let reason: string = pod.status?.reason || pod.status?.phase || '';
  for (const c of (pod.status?.conditions ?? []) as Condition[]) {
    if (c.type === 'PodScheduled' && c.reason === 'SchedulingGated') reason = 'SchedulingGated';
  }
  return reason;
}

export interface PodSummary {
  ready: string;
  status: string;
  restarts: string;
}

/** READY, STATUS and RESTARTS cells exactly as printPod computes them. */
export function podSummary(pod: KubeObject, now: Date): PodSummary {
  const spec = pod.spec ?? {};
  const restartableInits = (spec.initContainers ?? []).filter((c: { restartPolicy?: string }) => c.restartPolicy === 'Always').length;
  const total = (spec.containers ?? []).length + restartableInits;
  const t: Tally = { reason: initialReason(pod), ready: 0, restarts: 0, lastRestart: '', restartableRestarts: 0, lastRestartableRestart: '', initializing: false };
  tallyInitContainers(pod, t);
  if (!t.initializing || initializedIsTrue(pod)) tallyContainers(pod, t);

  const phase = pod.status?.phase;
  if (pod.metadata.deletionTimestamp && pod.status?.reason === NODE_UNREACHABLE_REASON) t.reason = 'Unknown';
  else if (pod.metadata.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed') t.reason = 'Terminating';

  const restarts = t.restarts !== 0 && !isZeroTime(t.lastRestart) ? `${t.restarts} (${since(t.lastRestart, now)} ago)` : String(t.restarts);
  return { ready: `${t.ready}/${total}`, status: t.reason, restarts };
}

function readinessGates(pod: KubeObject): string {
  const gates: { conditionType: string }[] = pod.spec?.readinessGates ?? [];
  if (gates.length === 0) return '<none>';
  const conds = (pod.status?.conditions ?? []) as Condition[];
  const trueCount = gates.filter((g) => conds.find((c) => c.type === g.conditionType)?.status === 'True').length;
  return `${trueCount}/${gates.length}`;
}

function podIP(pod: KubeObject): string {
  return pod.status?.podIPs?.[0]?.ip || pod.status?.podIP || '<none>';
}

function podConditions(pod: KubeObject): RowCondition[] | undefined {
  if (pod.status?.phase === 'Succeeded') return [{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }];
  if (pod.status?.phase === 'Failed') return [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }];
  return undefined;
}

export const podPrinter = kindPrinter({
  columns: [
    col('Ready', 'string', 'Ready containers out of all containers.'),
    col('Status', 'string', 'Summary of the pod phase and container states.'),
    col('Restarts', 'string', 'Container restarts, and how long ago the last one was.'),
  ],
  cells: (pod, now) => {
    const s = podSummary(pod, now);
    return [s.ready, s.status, s.restarts];
  },
  afterAge: [
    col('IP', 'string', 'Primary pod IP.', 1),
    col('Node', 'string', 'Node the pod is bound to.', 1),
    col('Nominated Node', 'string', 'Node nominated by preemption.', 1),
    col('Readiness Gates', 'string', 'Readiness gates that are True out of all gates.', 1),
  ],
  afterAgeCells: (pod) => [podIP(pod), pod.spec?.nodeName || '<none>', pod.status?.nominatedNodeName || '<none>', readinessGates(pod)],
  conditions: podConditions,
});
