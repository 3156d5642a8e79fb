// Kruise's Advanced StatefulSet as hooks into the shared StatefulSet algorithm
// (../statefulset/control.ts): reserveOrdinals and ordinals.start, Kruise's partition meaning for new
// pods, rollingUpdate.minReadySeconds/maxUnavailable, lifecycle hooks around deletion, Kruise's
// status fields, and the rolling update itself (rolling-update.ts). Every decision about a pod is
// also an Event on the set, in one sentence.

import type { ApiClient } from '../../client/api-client.js';
import { R, at } from '../../client/resources.js';
import type { EventRecorder } from '../../controller/contracts.js';
import type { Clock } from '../../controller/clock.js';
import { isNotFound } from '../../apimachinery/errors.js';
import { labelSelectorAsSelector } from '../../apimachinery/labels.js';
import { LifecycleStateKey, LifecycleTimestampKey, type LifecycleHook, type LifecycleState, type KruiseStatefulSet, type KruiseStatefulSetStatus } from '../../kruise/types.js';
import type { NewPodParams, StatefulSetHooks } from '../statefulset/control.js';
import type { StatefulPodControl } from '../statefulset/pod-control.js';
import type { ControllerRevision, Pod, StatefulSet } from '../statefulset/types.js';
import { getPodRevision, getStatefulSetMaxUnavailable, isCreated, isRunningAndAvailable, isRunningAndReady, isTerminating, newStatefulSetPod, setPodRevision } from '../statefulset/utils.js';
import { ApiInPlaceUpdater } from './inplace.js';
import { isPodAllHooked, isPodHooked, lifecycleState, lifecycleUnavailable, statePatch } from './lifecycle.js';
import { replicaOrdinals } from './ordinals.js';
import { KruiseRollingUpdate } from './rolling-update.js';
import { preDeleteHookKey, preUpdateHookKey, setNotReadyKey } from './pod-readiness.js';

export interface KruiseHookDeps {
  client: ApiClient;
  recorder: EventRecorder;
  clock: Clock;
  podControl: StatefulPodControl;
  revisions(namespace: string): ControllerRevision[];
}

const asKruise = (set: StatefulSet) => set as unknown as KruiseStatefulSet;
const ru = (set: StatefulSet) => asKruise(set).spec.updateStrategy?.rollingUpdate ?? undefined;
const keyOf = (set: StatefulSet) => `${set.metadata.namespace}/${set.metadata.name}`;

/** isCurrentRevisionNeeded: the first `partition` live slots are created at the current revision. */
export function newKruisePod(p: NewPodParams): Pod {
  const set = asKruise(p.set);
  const strategy = set.spec.updateStrategy;
  const index = replicaOrdinals(set).indexOf(p.ordinal);
  let useCurrent = false;
  if (strategy?.type === 'RollingUpdate' || !strategy?.type) {
    const r = strategy?.rollingUpdate;
    useCurrent = r ? index >= 0 && index < (r.partition ?? 0) : p.ordinal < (set.status?.currentReplicas ?? 0);
  }
  if (p.currentRevision === p.updateRevision) useCurrent = false;
  const pod = newStatefulSetPod(useCurrent ? p.currentSet : p.updateSet, p.ordinal);
  setPodRevision(pod, useCurrent ? p.currentRevision : p.updateRevision);
  // Kruise labels every new pod with a lifecycle state: PreparingNormal only while a preNormal hook
  // is configured and not yet all hooked.
  const preNormal = set.spec.lifecycle?.preNormal;
  pod.metadata.labels![LifecycleStateKey] = preNormal && !isPodAllHooked(preNormal, pod) ? 'PreparingNormal' : 'Normal';
  pod.metadata.annotations = { ...(pod.metadata.annotations ?? {}), [LifecycleTimestampKey]: rfc3339(Date.now()) };
  return pod;
}

const rfc3339 = (ms: number): string => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

/** getScaleMaxUnavailable: scaleStrategy.maxUnavailable against spec.replicas, rounded down, at least 1. */
export function scaleMaxUnavailable(set: KruiseStatefulSet): number | undefined {
  const v = set.spec.scaleStrategy?.maxUnavailable;
  if (v === undefined || v === null) return undefined;
  return Math.max(1, getStatefulSetMaxUnavailable(v, set.spec.replicas ?? 1));
}

export class KruiseHooks {
  private readonly requeue = new Map<string, number>();
  /** FailedCreatePod / FailedUpdatePod seen during the current sync, keyed by set. */
  private readonly failures = new Map<string, StatefulSetCondition>();
  readonly rolling: KruiseRollingUpdate;

  constructor(private readonly d: KruiseHookDeps) {
    this.rolling = new KruiseRollingUpdate({
      updater: new ApiInPlaceUpdater(d.client, () => d.clock.now()),
      recorder: d.recorder,
      revisions: d.revisions,
      deletePod: (set, pod, why) => this.deletePod(set, pod, why),
      setLifecycle: (set, pod, state, markNotReady, handlers) => this.setLifecycle(pod, state, markNotReady, handlers),
      requeue: (set, ms) => this.requeueAfter(set, ms),
    });
  }

  hooks(): Partial<StatefulSetHooks> {
    return {
      replicaOrdinals: (set) => replicaOrdinals(asKruise(set)),
      newReplicaPod: newKruisePod,
      minReadySeconds: (set) => ru(set)?.minReadySeconds ?? 0,
      maxUnavailable: (set, n) => getStatefulSetMaxUnavailable(ru(set)?.maxUnavailable, n),
      deletePod: async (set, pod) => {
        await this.deletePod(set, pod, 'scaling in');
      },
      rollingUpdate: (ctx) => this.rolling.run(ctx),
      refreshReplicas: (_set, replicas) => this.rolling.refreshConditions(replicas),
      extendStatus: (set, status, pods, now) => {
        extendStatus(asKruise(set), status as KruiseStatefulSetStatus, pods, now);
        this.applyFailure(set, status as KruiseStatefulSetStatus);
      },
      scaleMaxUnavailable: (set) => scaleMaxUnavailable(asKruise(set)),
      podOperationFailed: (set, _status, op, err) => {
        const type = op === 'create' ? 'FailedCreatePod' : 'FailedUpdatePod';
        const message = `StatefulPodControl failed to ${op} Pod error: ${(err as Error)?.message ?? String(err)}`;
        this.failures.set(keyOf(set), { type, status: 'True', reason: '', message, lastTransitionTime: rfc3339(this.d.clock.now()) });
      },
      statusNeedsWrite: (set, status) => statusNeedsWrite(asKruise(set), status as KruiseStatefulSetStatus),
      requeueAfterMs: (set) => {
        const ms = this.requeue.get(keyOf(set));
        this.requeue.delete(keyOf(set));
        return ms;
      },
    };
  }

  /**
   * Kruise rebuilds the status (conditions included) on every sync, so a condition lives only in the
   * status of the sync whose create/update failed. Kept until the next written status.
   */
  private applyFailure(set: StatefulSet, status: KruiseStatefulSetStatus): void {
    const failure = this.failures.get(keyOf(set));
    if (!failure) {
      status.conditions = undefined;
      return;
    }
    this.failures.delete(keyOf(set));
    const prev = (asKruise(set).status?.conditions as StatefulSetCondition[] | undefined)?.find((c) => c.type === failure.type);
    // SetStatefulsetCondition: an unchanged status keeps its transition time.
    if (prev?.status === failure.status) failure.lastTransitionTime = prev.lastTransitionTime;
    status.conditions = [failure];
  }

  private requeueAfter(set: StatefulSet, ms: number): void {
    const cur = this.requeue.get(keyOf(set));
    this.requeue.set(keyOf(set), cur === undefined ? ms : Math.min(cur, ms));
  }

  async patchPod(pod: Pod, patch: object): Promise<void> {
    await this.d.client.patch(at(R.pods, pod.metadata.namespace, pod.metadata.name), 'strategic', patch);
  }

  /**
   * UpdatePodLifecycle(WithHandler): markPodNotReady first (PreparingDelete/PreparingUpdate add a
   * KruisePodReady holder, Updated removes the update one), then the state label and timestamp,
   * re-applying the hook's label and finalizer handlers when given.
   */
  async setLifecycle(pod: Pod, state: LifecycleState, markNotReady: boolean, handlers?: LifecycleHook): Promise<void> {
    const now = this.d.clock.now();
    if (markNotReady) {
      const t = new Date(now).toISOString().replace(/\.\d+Z$/, 'Z');
      if (state === 'PreparingDelete') await setNotReadyKey(this.d.client, pod, preDeleteHookKey, true, t);
      if (state === 'PreparingUpdate') await setNotReadyKey(this.d.client, pod, preUpdateHookKey, true, t);
      if (state === 'Updated') await setNotReadyKey(this.d.client, pod, preUpdateHookKey, false, t);
    }
    if (lifecycleState(pod) === state) return;
    const patch: any = statePatch(state, now);
    if (handlers) {
      Object.assign(patch.metadata.labels, handlers.labelsHandler ?? {});
      const fins = [...(pod.metadata.finalizers ?? [])];
      for (const f of handlers.finalizersHandler ?? []) if (!fins.includes(f)) fins.push(f);
      patch.metadata.finalizers = fins;
      // finalizers as a whole list: a JSON merge patch replaces it, so send the union.
      await this.d.client.patch(at(R.pods, pod.metadata.namespace, pod.metadata.name), 'merge', patch);
      return;
    }
    await this.patchPod(pod, patch);
  }

  /** Deletes the pod unless the preDelete hook holds it: then it moves to PreparingDelete and waits. */
  async deletePod(set: StatefulSet, pod: Pod, why: string): Promise<boolean> {
    const hook = asKruise(set).spec.lifecycle?.preDelete;
    if (isPodHooked(hook, pod)) {
      if (lifecycleState(pod) !== 'PreparingDelete') this.d.recorder.event(set, 'Normal', 'PreparingDelete', `pod ${pod.metadata.name} is waiting for its preDelete hook before ${why}`);
      await this.setLifecycle(pod, 'PreparingDelete', hook?.markPodNotReady ?? false);
      return false;
    }
    try {
      await this.d.podControl.deleteStatefulPod(set, pod);
    } catch (e) {
      if (!isNotFound(e)) throw e;
      return true;
    }
    return true;
  }
}

interface StatefulSetCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

/**
 * Kruise's inconsistentStatus also compares labelSelector. Beyond Kruise, a change of
 * updatedReady/updatedAvailableReplicas alone is written too (`ordinal rollout status` waits on
 * them), and so is a new failure condition, so the reason a pod cannot be created is visible.
 */
export function statusNeedsWrite(set: KruiseStatefulSet, status: KruiseStatefulSetStatus): boolean {
  const cur = set.status ?? ({} as KruiseStatefulSetStatus);
  if ((status.labelSelector ?? '') !== (cur.labelSelector ?? '')) return true;
  if ((status.updatedReadyReplicas ?? 0) !== (cur.updatedReadyReplicas ?? 0)) return true;
  if ((status.updatedAvailableReplicas ?? 0) !== (cur.updatedAvailableReplicas ?? 0)) return true;
  const key = (c: any) => `${c.type}/${c.status}/${c.message ?? ''}`;
  const now = ((status.conditions as StatefulSetCondition[] | undefined) ?? []).map(key);
  const before = ((cur.conditions as StatefulSetCondition[] | undefined) ?? []).map(key);
  return now.some((k) => !before.includes(k));
}

/** Kruise's extra status: available excludes lifecycle-held pods; updated ready/available; labelSelector. */
export function extendStatus(set: KruiseStatefulSet, status: KruiseStatefulSetStatus, pods: Pod[], now: number): void {
  const minReady = set.spec.updateStrategy?.rollingUpdate?.minReadySeconds ?? 0;
  let available = 0;
  let updatedReady = 0;
  let updatedAvailable = 0;
  for (const pod of pods) {
    if (!isCreated(pod)) continue;
    const ready = isRunningAndReady(pod);
    const avail = ready && isRunningAndAvailable(pod, minReady, now) && !lifecycleUnavailable(pod);
    if (avail) available++;
    const updated = !isTerminating(pod) && getPodRevision(pod) === status.updateRevision;
    if (updated && ready) updatedReady++;
    if (updated && avail) updatedAvailable++;
  }
  status.availableReplicas = available;
  status.updatedReadyReplicas = updatedReady;
  status.updatedAvailableReplicas = updatedAvailable;
  try {
    status.labelSelector = labelSelectorAsSelector(set.spec.selector).toString();
  } catch {
    // an invalid selector was refused by admission; leave it out
  }
}
