// `ordinal status`: one screen that says what the cluster is doing — nodes (Ready / NotReady /
// down, pods on each), stateful workloads (apps/v1 StatefulSets and, when the API serves them,
// Kruise Advanced StatefulSets) with their rollout counters, pods by phase, and why each Pending
// pod is pending. Read-only, through the API; gathering and rendering are separate so the
// rendering is testable without a cluster.

import { Command } from 'commander';
import { ApiError } from '../apimachinery/errors.js';
import type { KubeObject } from '../apimachinery/types.js';
import type { ApiClient } from '../client/api-client.js';
import { R } from '../client/resources.js';
import { action, connect, withKubeOptions } from './kube.js';
import { painter, table, type Painter } from './rollout/format.js';

const DOWN_ANNOTATION = 'sim.ordinal.dev/down';
const MAX_PENDING_SHOWN = 20;

export interface ClusterSnapshot {
  nodes: KubeObject[];
  pods: KubeObject[];
  statefulSets: KubeObject[];
  /** undefined: the apps.kruise.io StatefulSet API is not served. */
  advancedStatefulSets?: KubeObject[];
}

export async function collectSnapshot(client: ApiClient): Promise<ClusterSnapshot> {
  const [nodes, pods, sts, asts] = await Promise.all([
    client.list(R.nodes),
    client.list(R.pods),
    client.list(R.statefulsets),
    client.list(R.kruiseStatefulsets).catch((e) => {
      if (e instanceof ApiError && e.code === 404) return undefined;
      throw e;
    }),
  ]);
  return { nodes: nodes.items, pods: pods.items, statefulSets: sts.items, advancedStatefulSets: asts?.items };
}

const byName = (a: KubeObject, b: KubeObject) => (a.metadata.namespace ?? '').localeCompare(b.metadata.namespace ?? '') || a.metadata.name!.localeCompare(b.metadata.name!, undefined, { numeric: true });
const terminal = (p: KubeObject) => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';

/** Ready / NotReady / Down (the simulated machine is off), plus SchedulingDisabled when cordoned. */
export function nodeState(node: KubeObject): string {
  const ready = (node.status?.conditions ?? []).find((c: any) => c.type === 'Ready');
  let s = ready?.status === 'True' ? 'Ready' : 'NotReady';
  // The agent stops heartbeats at once; the Ready condition only turns Unknown after the grace period.
  if (node.metadata.annotations?.[DOWN_ANNOTATION] === 'true') s = 'Down';
  return node.spec?.unschedulable ? `${s},SchedulingDisabled` : s;
}

function nodesSection(s: ClusterSnapshot, p: Painter): string {
  const perNode = new Map<string, number>();
  for (const pod of s.pods) if (pod.spec?.nodeName && !terminal(pod)) perNode.set(pod.spec.nodeName, (perNode.get(pod.spec.nodeName) ?? 0) + 1);
  const states = s.nodes.map((n) => nodeState(n));
  const ready = states.filter((x) => x.startsWith('Ready')).length;
  const head = `Nodes: ${s.nodes.length} (${ready} Ready${ready < s.nodes.length ? `, ${p.red(`${s.nodes.length - ready} not Ready`)}` : ''})`;
  if (!s.nodes.length) return `${head}\n  no nodes registered`;
  const rows = [['NAME', 'STATUS', 'ZONE', 'PODS']];
  [...s.nodes].sort(byName).forEach((n) => {
    const st = nodeState(n);
    rows.push([n.metadata.name!, st.startsWith('Ready') ? p.green(st) : p.red(st), n.metadata.labels?.['topology.kubernetes.io/zone'] ?? '', String(perNode.get(n.metadata.name!) ?? 0)]);
  });
  const unknown = [...perNode.keys()].filter((n) => !s.nodes.some((x) => x.metadata.name === n));
  const orphans = unknown.length ? `\n  ${p.yellow(`pods bound to nodes that no longer exist: ${unknown.map((n) => `${n} (${perNode.get(n)})`).join(', ')}`)}` : '';
  return `${head}\n${table(rows, '  ')}${orphans}`;
}

function revisionText(st: any): string {
  const cur = st?.currentRevision ?? '';
  const upd = st?.updateRevision ?? '';
  if (!cur && !upd) return '-';
  return cur && upd && cur !== upd ? `${cur} -> ${upd}` : upd || cur;
}

function workloadRow(kind: string, o: KubeObject, p: Painter): string[] {
  const desired = o.spec?.replicas ?? 1;
  const st = o.status ?? {};
  const ready = st.readyReplicas ?? 0;
  const cell = (n: number) => (n < desired ? p.yellow(String(n)) : String(n));
  const strategy = o.spec?.updateStrategy?.type ?? 'RollingUpdate';
  return [kind, `${o.metadata.namespace}/${o.metadata.name}`, String(desired), cell(ready), cell(st.updatedReplicas ?? 0), cell(st.availableReplicas ?? 0), strategy, revisionText(st)];
}

function workloadsSection(s: ClusterSnapshot, p: Painter): string {
  const rows = [['KIND', 'NAME', 'DESIRED', 'READY', 'UPDATED', 'AVAILABLE', 'STRATEGY', 'REVISION']];
  for (const o of [...s.statefulSets].sort(byName)) rows.push(workloadRow('sts', o, p));
  for (const o of [...(s.advancedStatefulSets ?? [])].sort(byName)) rows.push(workloadRow('asts', o, p));
  const apis = s.advancedStatefulSets ? 'apps/v1 and apps.kruise.io/v1beta1 StatefulSets' : 'apps/v1 StatefulSets; apps.kruise.io not served';
  if (rows.length === 1) return `Workloads: none (${apis})`;
  return `Workloads: ${rows.length - 1} (${apis})\n${table(rows, '  ')}`;
}

/** Phase as `kubectl get pods` summarises it, with Terminating split out. */
function podBucket(pod: KubeObject): string {
  if (pod.metadata.deletionTimestamp) return 'Terminating';
  return pod.status?.phase || 'Pending';
}

const PHASE_ORDER = ['Running', 'Pending', 'Terminating', 'Succeeded', 'Failed', 'Unknown'];

/** Why a Pending pod is pending: the scheduler's verdict, else the waiting container's reason. */
export function pendingReason(pod: KubeObject): string {
  const sched = (pod.status?.conditions ?? []).find((c: any) => c.type === 'PodScheduled');
  if (!pod.spec?.nodeName) {
    if (sched?.status === 'False') return `${sched.reason === 'Unschedulable' ? 'FailedScheduling' : sched.reason ?? 'Unschedulable'}: ${sched.message ?? ''}`.trim();
    return 'waiting for the scheduler';
  }
  const statuses: any[] = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  const waiting = statuses.find((c) => c.state?.waiting)?.state?.waiting;
  if (waiting) return `${waiting.reason ?? 'Waiting'}${waiting.message ? `: ${waiting.message}` : ''} (on ${pod.spec.nodeName})`;
  return `scheduled to ${pod.spec.nodeName}, waiting for its node agent (kubelet) to start it`;
}

function podsSection(s: ClusterSnapshot, p: Painter): string {
  const counts = new Map<string, number>();
  for (const pod of s.pods) counts.set(podBucket(pod), (counts.get(podBucket(pod)) ?? 0) + 1);
  const order = [...PHASE_ORDER, ...[...counts.keys()].filter((k) => !PHASE_ORDER.includes(k))];
  const parts = order.filter((k) => counts.get(k)).map((k) => {
    const t = `${counts.get(k)} ${k}`;
    return k === 'Running' || k === 'Succeeded' ? t : k === 'Failed' ? p.red(t) : p.yellow(t);
  });
  const lines = [`Pods: ${s.pods.length}${parts.length ? ` (${parts.join(', ')})` : ''}`];
  const pending = s.pods.filter((pod) => podBucket(pod) === 'Pending').sort(byName);
  if (pending.length) {
    lines.push('Pending:');
    const rows = pending.slice(0, MAX_PENDING_SHOWN).map((pod) => [`${pod.metadata.namespace}/${pod.metadata.name}`, pendingReason(pod)]);
    lines.push(table(rows, '  '));
    if (pending.length > MAX_PENDING_SHOWN) lines.push(`  ... and ${pending.length - MAX_PENDING_SHOWN} more`);
  }
  return lines.join('\n');
}

export function renderStatus(s: ClusterSnapshot, p: Painter = painter(false)): string {
  return [nodesSection(s, p), workloadsSection(s, p), podsSection(s, p)].join('\n\n') + '\n';
}

export function statusCommand(): Command {
  const cmd = new Command('status').description('summarise nodes, stateful workloads and pods (Pending ones with their reason)');
  return withKubeOptions(cmd).action(
    action(async (o: { kubeconfig?: string }) => {
      const kube = await connect(o);
      const snap = await collectSnapshot(kube.client);
      process.stdout.write(renderStatus(snap, painter(!!process.stdout.isTTY)));
    }),
  );
}
