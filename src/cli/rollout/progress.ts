// When is a rollout done, and how far along is each revision. Pure functions of the set and its
// pods, re-evaluated on every watch event.
//
// apps/v1 follows kubectl's StatefulSetStatusViewer (staging/src/k8s.io/kubectl/pkg/polymorphichelpers/
// rollout_status.go) message for message. kubectl has no viewer for Kruise sets, so for
// apps.kruise.io/v1beta1 the same steps are applied to Kruise's status, with Kruise's partition
// meaning (the number of pods kept at the old revision) and its updatedReadyReplicas counter.

import type { KubeObject } from '../../apimachinery/types.js';
import type { SetKind } from './target.js';

export const REVISION_LABEL = 'controller-revision-hash';

export interface RolloutVerdict {
  done: boolean;
  /** kubectl's one-line status message (without the trailing newline). */
  message: string;
  /** Set when following makes no sense (OnDelete); the command fails with it. */
  error?: string;
}

function partitionOf(set: KubeObject): number | undefined {
  const p = set.spec?.updateStrategy?.rollingUpdate?.partition;
  return typeof p === 'number' ? p : undefined;
}

function observed(set: KubeObject): boolean {
  const og = set.status?.observedGeneration ?? 0;
  return og !== 0 && (set.metadata.generation ?? 0) <= og;
}

/** The checks both kinds make first: only RollingUpdate has a rollout, and the spec must be observed. */
function notYetComparable(set: KubeObject): RolloutVerdict | undefined {
  if ((set.spec?.updateStrategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') {
    return { done: false, message: '', error: 'rollout status is only available for RollingUpdate strategy type' };
  }
  if (!observed(set)) return { done: false, message: 'Waiting for statefulset spec update to be observed...' };
  return undefined;
}

/** kubectl rollout status for an apps/v1 StatefulSet. */
export function statefulSetVerdict(set: KubeObject): RolloutVerdict {
  const spec = set.spec ?? {};
  const st = set.status ?? {};
  const early = notYetComparable(set);
  if (early) return early;
  const replicas = spec.replicas ?? 1;
  const ready = st.readyReplicas ?? 0;
  if (ready < replicas) return { done: false, message: `Waiting for ${replicas - ready} pods to be ready...` };
  const partition = partitionOf(set);
  const updated = st.updatedReplicas ?? 0;
  if (spec.updateStrategy?.rollingUpdate && partition !== undefined) {
    if (updated < replicas - partition) {
      return { done: false, message: `Waiting for partitioned roll out to finish: ${updated} out of ${replicas - partition} new pods have been updated...` };
    }
    return { done: true, message: `partitioned roll out complete: ${updated} new pods have been updated...` };
  }
  if (st.updateRevision !== st.currentRevision) {
    return { done: false, message: `waiting for statefulset rolling update to complete ${updated} pods at revision ${st.updateRevision}...` };
  }
  return { done: true, message: `statefulset rolling update complete ${st.currentReplicas ?? 0} pods at revision ${st.currentRevision}...` };
}

/** The same walk for a Kruise Advanced StatefulSet, on its own status fields. */
export function advancedStatefulSetVerdict(set: KubeObject): RolloutVerdict {
  const spec = set.spec ?? {};
  const st = set.status ?? {};
  const early = notYetComparable(set);
  if (early) return early;
  const replicas = spec.replicas ?? 1;
  const partition = Math.min(Math.max(partitionOf(set) ?? 0, 0), replicas);
  const target = replicas - partition;
  const updated = st.updatedReplicas ?? 0;
  const updatedReady = st.updatedReadyReplicas ?? 0;
  const ready = st.readyReplicas ?? 0;
  if (ready < replicas) return { done: false, message: `Waiting for ${replicas - ready} pods to be ready...` };
  const paused = spec.updateStrategy?.rollingUpdate?.paused === true;
  if (updated < target) {
    const why = paused ? ' (paused: spec.updateStrategy.rollingUpdate.paused is true)' : '';
    return { done: false, message: `Waiting for ${partition ? 'partitioned ' : ''}roll out to finish: ${updated} out of ${target} new pods have been updated...${why}` };
  }
  if (updatedReady < target) return { done: false, message: `Waiting for ${target - updatedReady} updated pods to be ready...` };
  if (partition) return { done: true, message: `partitioned roll out complete: ${updated} new pods have been updated...` };
  return { done: true, message: `advanced statefulset rolling update complete ${updated} pods at revision ${st.updateRevision}...` };
}

export function verdict(kind: SetKind, set: KubeObject): RolloutVerdict {
  return kind === 'sts' ? statefulSetVerdict(set) : advancedStatefulSetVerdict(set);
}

export interface RevisionCount {
  revision: string;
  /** update: what the rollout moves to; current: what it moves away from; other: older leftovers. */
  role: 'update' | 'current' | 'other';
  pods: number;
  ready: number;
  available: number;
}

function readySince(pod: KubeObject): number | undefined {
  if (pod.status?.phase !== 'Running') return undefined;
  const c = (pod.status?.conditions ?? []).find((x: any) => x.type === 'Ready');
  if (c?.status !== 'True') return undefined;
  return Date.parse(c.lastTransitionTime ?? '') || 0;
}

/** Pods per revision (terminating pods excluded, as the controllers count them), update revision first. */
export function revisionCounts(set: KubeObject, pods: Iterable<KubeObject>, now = Date.now()): RevisionCount[] {
  const upd: string | undefined = set.status?.updateRevision;
  const cur: string | undefined = set.status?.currentRevision;
  // apps/v1 keeps it in spec; OpenKruise's StatefulSet in spec.updateStrategy.rollingUpdate.
  const minReadyMs = (set.spec?.minReadySeconds ?? set.spec?.updateStrategy?.rollingUpdate?.minReadySeconds ?? 0) * 1000;
  const by = new Map<string, RevisionCount>();
  const entry = (rev: string): RevisionCount => {
    let e = by.get(rev);
    if (!e) by.set(rev, (e = { revision: rev, role: rev === upd ? 'update' : rev === cur ? 'current' : 'other', pods: 0, ready: 0, available: 0 }));
    return e;
  };
  if (upd) entry(upd);
  if (cur && cur !== upd) entry(cur);
  for (const pod of pods) {
    if (pod.metadata.deletionTimestamp) continue;
    const e = entry(pod.metadata.labels?.[REVISION_LABEL] ?? '<none>');
    e.pods++;
    const since = readySince(pod);
    if (since === undefined) continue;
    e.ready++;
    if (since + minReadyMs <= now) e.available++;
  }
  const rank = { update: 0, current: 1, other: 2 };
  return [...by.values()].filter((e) => e.role !== 'other' || e.pods > 0).sort((a, b) => rank[a.role] - rank[b.role] || a.revision.localeCompare(b.revision));
}

/** The label selector string for the set's pods (matchLabels and matchExpressions). */
export function selectorString(set: KubeObject): string {
  const sel = set.spec?.selector ?? {};
  const parts = Object.entries(sel.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of sel.matchExpressions ?? []) {
    if (e.operator === 'In') parts.push(`${e.key} in (${e.values.join(',')})`);
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${e.values.join(',')})`);
    else if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
  }
  return parts.join(',');
}
