// Pure StatefulSet helpers (k8s pkg/controller/statefulset/stateful_set_utils.go): pod identity and
// naming, storage, revisions on pods, readiness predicates, PVC retention ownerRefs, status
// comparison. No I/O here, so everything is table-tested.

import type { KubeObject, OwnerReference } from '../../apimachinery/types.js';
import { newControllerRef, type GroupVersionKind } from '../../controller/owner.js';
import {
  PodIndexLabel,
  StatefulSetPodNameLabel,
  StatefulSetRevisionLabel,
  podKind,
  setKindOf,
  type IntOrString,
  type PersistentVolumeClaim,
  type Pod,
  type StatefulSet,
  type StatefulSetStatus,
  type Volume,
} from './types.js';

const statefulPodRegex = /^(.*)-([0-9]+)$/s;

/** Parent set name and ordinal from `<parent>-<ordinal>`; ('', -1) when the name has no ordinal. */
export function getParentNameAndOrdinal(pod: { metadata: { name?: string } }): { parent: string; ordinal: number } {
  const m = statefulPodRegex.exec(pod.metadata.name ?? '');
  if (!m) return { parent: '', ordinal: -1 };
  const n = Number(m[2]);
  // Go parses with ParseInt(..., 32): out-of-range ordinals are not ordinals.
  return { parent: m[1], ordinal: Number.isSafeInteger(n) && n <= 2147483647 ? n : -1 };
}

export const getOrdinal = (pod: Pod): number => getParentNameAndOrdinal(pod).ordinal;
export const getParentName = (pod: Pod): string => getParentNameAndOrdinal(pod).parent;
export const getStartOrdinal = (set: StatefulSet): number => set.spec.ordinals?.start ?? 0;
export const getEndOrdinal = (set: StatefulSet): number => getStartOrdinal(set) + replicasOf(set) - 1;
export const replicasOf = (set: StatefulSet): number => set.spec.replicas ?? 1;

export function podInOrdinalRange(pod: Pod, set: StatefulSet): boolean {
  const o = getOrdinal(pod);
  return o >= getStartOrdinal(set) && o <= getEndOrdinal(set);
}

export const getPodName = (set: StatefulSet, ordinal: number): string => `${set.metadata.name}-${ordinal}`;

export function getPersistentVolumeClaimName(set: StatefulSet, claim: PersistentVolumeClaim, ordinal: number): string {
  return `${claim.metadata.name}-${set.metadata.name}-${ordinal}`;
}

export const isMemberOf = (set: StatefulSet, pod: Pod): boolean => getParentName(pod) === set.metadata.name;

export function identityMatches(set: StatefulSet, pod: Pod): boolean {
  const { parent, ordinal } = getParentNameAndOrdinal(pod);
  return (
    ordinal >= 0 &&
    set.metadata.name === parent &&
    pod.metadata.name === getPodName(set, ordinal) &&
    pod.metadata.namespace === set.metadata.namespace &&
    pod.metadata.labels?.[StatefulSetPodNameLabel] === pod.metadata.name
  );
}

export function storageMatches(set: StatefulSet, pod: Pod): boolean {
  const ordinal = getOrdinal(pod);
  if (ordinal < 0) return false;
  const volumes = new Map((pod.spec?.volumes ?? []).map((v) => [v.name, v]));
  return (set.spec.volumeClaimTemplates ?? []).every((claim) => {
    const v = volumes.get(claim.metadata.name!);
    return v?.persistentVolumeClaim?.claimName === getPersistentVolumeClaimName(set, claim, ordinal);
  });
}

export function getPersistentVolumeClaimRetentionPolicy(set: StatefulSet): { whenDeleted: string; whenScaled: string } {
  const p = set.spec.persistentVolumeClaimRetentionPolicy;
  return { whenDeleted: p?.whenDeleted || 'Retain', whenScaled: p?.whenScaled || 'Retain' };
}

/** The claims a pod of the set needs, by template name: `<template>-<set>-<ordinal>`, selector labels win. */
export function getPersistentVolumeClaims(set: StatefulSet, pod: Pod): Map<string, PersistentVolumeClaim> {
  const ordinal = getOrdinal(pod);
  const claims = new Map<string, PersistentVolumeClaim>();
  for (const tpl of set.spec.volumeClaimTemplates ?? []) {
    const claim = structuredClone(tpl) as PersistentVolumeClaim;
    claim.apiVersion ??= 'v1';
    claim.kind ??= 'PersistentVolumeClaim';
    claim.metadata = { ...claim.metadata, name: getPersistentVolumeClaimName(set, tpl, ordinal), namespace: set.metadata.namespace };
    claim.metadata.labels = { ...(claim.metadata.labels ?? {}), ...(set.spec.selector?.matchLabels ?? {}) };
    delete claim.status;
    claims.set(tpl.metadata.name!, claim);
  }
  return claims;
}

/** Replaces the pod's template-claim volumes with PVC volumes; other volumes are kept after them. */
export function updateStorage(set: StatefulSet, pod: Pod): void {
  const claims = getPersistentVolumeClaims(set, pod);
  const volumes: Volume[] = [...claims].map(([name, claim]) => ({ name, persistentVolumeClaim: { claimName: claim.metadata.name!, readOnly: false } }));
  for (const v of pod.spec?.volumes ?? []) if (!claims.has(v.name)) volumes.push(v);
  pod.spec = { ...(pod.spec ?? {}), volumes };
}

/** Name, namespace, pod-name and pod-index labels. */
export function updateIdentity(set: StatefulSet, pod: Pod): void {
  const ordinal = getOrdinal(pod);
  pod.metadata.name = getPodName(set, ordinal);
  pod.metadata.namespace = set.metadata.namespace;
  pod.metadata.labels = { ...(pod.metadata.labels ?? {}), [StatefulSetPodNameLabel]: pod.metadata.name, [PodIndexLabel]: String(ordinal) };
}

/** Identity plus hostname/subdomain, which are set only when the pod is created. */
export function initIdentity(set: StatefulSet, pod: Pod): void {
  updateIdentity(set, pod);
  pod.spec = { ...(pod.spec ?? {}), hostname: pod.metadata.name, subdomain: set.spec.serviceName || undefined };
  if (pod.spec.subdomain === undefined) delete pod.spec.subdomain;
}

export const getPodRevision = (pod: Pod): string => pod.metadata.labels?.[StatefulSetRevisionLabel] ?? '';

export function setPodRevision(pod: Pod, revision: string): void {
  pod.metadata.labels = { ...(pod.metadata.labels ?? {}), [StatefulSetRevisionLabel]: revision };
}

/** controller.GetPodFromTemplate + identity + storage. */
export function newStatefulSetPod(set: StatefulSet, ordinal: number): Pod {
  const tpl = set.spec.template ?? {};
  const pod: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: getPodName(set, ordinal),
      generateName: `${set.metadata.name}-`,
      namespace: set.metadata.namespace,
      labels: { ...(tpl.metadata?.labels ?? {}) },
      annotations: { ...(tpl.metadata?.annotations ?? {}) },
      ownerReferences: [newControllerRef(set, setKindOf(set))],
    },
    spec: structuredClone(tpl.spec ?? {}),
  };
  if (tpl.metadata?.finalizers) pod.metadata.finalizers = [...tpl.metadata.finalizers];
  initIdentity(set, pod);
  updateStorage(set, pod);
  return pod;
}

/**
 * The pod for `ordinal` at the right revision. Go precedence of upstream's condition:
 * (RollingUpdate && rollingUpdate == nil && ord < start+currentReplicas) || (rollingUpdate != nil && ord < start+partition).
 */
export function newVersionedStatefulSetPod(p: { currentSet: StatefulSet; updateSet: StatefulSet; currentRevision: string; updateRevision: string; ordinal: number }): Pod {
  const { currentSet, ordinal } = p;
  const strategy = currentSet.spec.updateStrategy;
  const start = getStartOrdinal(currentSet);
  const ru = strategy?.rollingUpdate;
  const useCurrent =
    (strategy?.type === 'RollingUpdate' && !ru && ordinal < start + (currentSet.status?.currentReplicas ?? 0)) ||
    (!!ru && ordinal < start + (ru.partition ?? 0));
  const pod = newStatefulSetPod(useCurrent ? currentSet : p.updateSet, ordinal);
  setPodRevision(pod, useCurrent ? p.currentRevision : p.updateRevision);
  return pod;
}

// --- readiness ------------------------------------------------------------------------------

const readyCondition = (pod: Pod) => pod.status?.conditions?.find((c) => c.type === 'Ready');
export const isPodReady = (pod: Pod): boolean => readyCondition(pod)?.status === 'True';
export const isRunningAndReady = (pod: Pod): boolean => pod.status?.phase === 'Running' && isPodReady(pod);
export const isCreated = (pod: Pod): boolean => !!pod.status?.phase;
export const isPending = (pod: Pod): boolean => pod.status?.phase === 'Pending';
export const isFailed = (pod: Pod): boolean => pod.status?.phase === 'Failed';
export const isSucceeded = (pod: Pod): boolean => pod.status?.phase === 'Succeeded';
export const isTerminating = (pod: Pod): boolean => !!pod.metadata.deletionTimestamp;
export const isHealthy = (pod: Pod): boolean => isRunningAndReady(pod) && !isTerminating(pod);

/** podutil.IsPodAvailable: Ready, and Ready for longer than minReadySeconds. */
export function isRunningAndAvailable(pod: Pod, minReadySeconds: number, now: number): boolean {
  if (!isRunningAndReady(pod)) return false;
  if (!minReadySeconds) return true;
  const since = Date.parse(readyCondition(pod)?.lastTransitionTime ?? '');
  return Number.isFinite(since) && since + minReadySeconds * 1000 <= now;
}

/** Not Running&Ready, terminating, or not yet available (the newest controller's "unavailable"). */
export function isUnavailable(pod: Pod, minReadySeconds: number, now: number): boolean {
  return !isHealthy(pod) || !isRunningAndAvailable(pod, minReadySeconds, now);
}

export const allowsBurst = (set: StatefulSet): boolean => set.spec.podManagementPolicy === 'Parallel';

export const byOrdinalAsc = (a: Pod, b: Pod): number => getOrdinal(a) - getOrdinal(b);
export const byOrdinalDesc = (a: Pod, b: Pod): number => getOrdinal(b) - getOrdinal(a);

/** intstr.GetScaledValueFromIntOrPercent(maxUnavailable ?? 1, replicas, roundUp=false), at least 1. */
export function getStatefulSetMaxUnavailable(maxUnavailable: IntOrString | undefined, replicas: number): number {
  const v = maxUnavailable ?? 1;
  let n: number;
  if (typeof v === 'number') n = v;
  else {
    const m = /^(\d+)%$/.exec(v);
    if (!m) {
      if (/^\d+$/.test(v)) n = Number(v);
      else throw new Error(`invalid value for IntOrString: invalid value "${v}": strconv.Atoi: parsing "${v}": invalid syntax`);
    } else n = Math.floor((Number(m[1]) * replicas) / 100);
  }
  return Math.max(1, n);
}

// --- status ------------------------------------------------------------------------------------

export function inconsistentStatus(set: StatefulSet, status: StatefulSetStatus): boolean {
  const cur = set.status ?? ({ replicas: 0 } as StatefulSetStatus);
  return (
    (status.observedGeneration ?? 0) > (cur.observedGeneration ?? 0) ||
    status.replicas !== (cur.replicas ?? 0) ||
    (status.currentReplicas ?? 0) !== (cur.currentReplicas ?? 0) ||
    (status.readyReplicas ?? 0) !== (cur.readyReplicas ?? 0) ||
    (status.updatedReplicas ?? 0) !== (cur.updatedReplicas ?? 0) ||
    (status.currentRevision ?? '') !== (cur.currentRevision ?? '') ||
    (status.availableReplicas ?? 0) !== (cur.availableReplicas ?? 0) ||
    (status.updateRevision ?? '') !== (cur.updateRevision ?? '')
  );
}

export function completeRollingUpdate(set: StatefulSet, status: StatefulSetStatus): void {
  const r = replicasOf(set);
  if (set.spec.updateStrategy?.type === 'RollingUpdate' && status.updatedReplicas === r && status.readyReplicas === r && status.replicas === r) {
    status.currentReplicas = status.updatedReplicas;
    status.currentRevision = status.updateRevision;
  }
}

// --- PVC retention ownerRefs (isClaimOwnerUpToDate / updateClaimOwnerRefForSetAndPod) ------------

const refs = (o: KubeObject): OwnerReference[] => o.metadata.ownerReferences ?? [];
const matchesRef = (ref: OwnerReference, obj: KubeObject, gvk: GroupVersionKind) => ref.apiVersion === gvk.apiVersion && ref.kind === gvk.kind && ref.name === obj.metadata.name;
const hasOwnerRef = (target: KubeObject, owner: KubeObject) => refs(target).some((r) => r.uid === owner.metadata.uid);

export function hasStaleOwnerRef(target: KubeObject, obj: KubeObject, gvk: GroupVersionKind): boolean {
  const r = refs(target).find((x) => matchesRef(x, obj, gvk));
  return !!r && r.uid !== obj.metadata.uid;
}

export function hasUnexpectedController(claim: PersistentVolumeClaim, set: StatefulSet, pod: Pod): boolean {
  const policy = getPersistentVolumeClaimRetentionPolicy(set);
  if (policy.whenScaled === 'Retain' && policy.whenDeleted === 'Retain') return false;
  for (const r of refs(claim)) {
    if (matchesRef(r, set, setKindOf(set))) {
      if (r.uid !== set.metadata.uid) return true;
      continue;
    }
    if (matchesRef(r, pod, podKind)) {
      if (r.uid !== pod.metadata.uid) return true;
      continue;
    }
    if (r.controller) return true;
  }
  return false;
}

function hasNonControllerOwner(claim: PersistentVolumeClaim, set: StatefulSet, pod: Pod): boolean {
  return refs(claim).some((r) => (r.uid === set.metadata.uid || r.uid === pod.metadata.uid) && !r.controller);
}

export function isClaimOwnerUpToDate(claim: PersistentVolumeClaim, set: StatefulSet, pod: Pod): boolean {
  if (hasStaleOwnerRef(claim, set, setKindOf(set)) || hasStaleOwnerRef(claim, pod, podKind)) return true;
  if (hasUnexpectedController(claim, set, pod)) return !(hasOwnerRef(claim, set) || hasOwnerRef(claim, pod));
  if (hasNonControllerOwner(claim, set, pod)) return false;
  const { whenScaled, whenDeleted } = getPersistentVolumeClaimRetentionPolicy(set);
  const scaledDown = !podInOrdinalRange(pod, set);
  const setRef = hasOwnerRef(claim, set);
  const podRef = hasOwnerRef(claim, pod);
  if (whenScaled === 'Delete' && whenDeleted === 'Delete') return scaledDown !== setRef && scaledDown === podRef;
  if (whenScaled === 'Delete') return !setRef && scaledDown === podRef;
  if (whenDeleted === 'Delete') return setRef && !podRef;
  return !setRef && !podRef; // Retain/Retain (and unknown values)
}

/** Rewrites the claim's ownerRefs to what the retention policy asks for (mutates claim). */
export function updateClaimOwnerRefForSetAndPod(claim: PersistentVolumeClaim, set: StatefulSet, pod: Pod): void {
  const unexpected = hasUnexpectedController(claim, set, pod);
  let next = refs(claim).filter((r) => !matchesRef(r, set, setKindOf(set)) && !matchesRef(r, pod, podKind));
  if (!unexpected) {
    const { whenScaled, whenDeleted } = getPersistentVolumeClaimRetentionPolicy(set);
    const scaledDown = !podInOrdinalRange(pod, set);
    const add = (owner: KubeObject, gvk: GroupVersionKind) => {
      if (!next.some((r) => r.uid === owner.metadata.uid)) next = [...next, newControllerRef(owner, gvk)];
    };
    if (whenScaled === 'Delete' && scaledDown) add(pod, podKind);
    if (whenDeleted === 'Delete' && !(whenScaled === 'Delete' && scaledDown)) add(set, setKindOf(set));
  }
  claim.metadata.ownerReferences = next;
}
