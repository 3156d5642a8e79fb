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
import { LifecycleStateKey, type KruiseStatefulSet, type KruiseStatefulSetStatus } from '../../kruise/types.js';
import type { NewPodParams, StatefulSetHooks } from '../statefulset/control.js';
import type { StatefulPodControl } from '../statefulset/pod-control.js';
import type { ControllerRevision, Pod, StatefulSet } from '../statefulset/types.js';
import { getPodRevision, getStatefulSetMaxUnavailable, isCreated, isRunningAndAvailable, isRunningAndReady, isTerminating, newStatefulSetPod, setPodRevision } from '../statefulset/utils.js';
import { ApiInPlaceUpdater } from './inplace.js';
import { isPodAllHooked, isPodHooked, lifecycleState, lifecycleUnavailable, statePatch } from './lifecycle.js';
import { replicaOrdinals } from './ordinals.js';
import { KruiseRollingUpdate } from './rolling-update.js';

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
  const lc = set.spec.lifecycle;
  if (lc) pod.metadata.labels![LifecycleStateKey] = lc.preNormal && !isPodAllHooked(lc.preNormal, pod) ? 'PreparingNormal' : 'Normal';
  return pod;
}

export class KruiseHooks {
  private readonly requeue = new Map<string, number>();
  readonly rolling: KruiseRollingUpdate;

  constructor(private readonly d: KruiseHookDeps) {
    this.rolling = new KruiseRollingUpdate({
      updater: new ApiInPlaceUpdater(d.client, () => d.clock.now()),
      recorder: d.recorder,
      revisions: d.revisions,
      deletePod: (set, pod, why) => this.deletePod(set, pod, why),
      patchPod: (pod, patch) => this.patchPod(pod, patch),
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
      extendStatus: (set, status, pods, now) => extendStatus(asKruise(set), status as KruiseStatefulSetStatus, pods, now),
      requeueAfterMs: (set) => {
        const ms = this.requeue.get(keyOf(set));
        this.requeue.delete(keyOf(set));
        return ms;
      },
    };
  }

  private requeueAfter(set: StatefulSet, ms: number): void {
    const cur = this.requeue.get(keyOf(set));
    this.requeue.set(keyOf(set), cur === undefined ? ms : Math.min(cur, ms));
  }

  async patchPod(pod: Pod, patch: object): Promise<void> {
    await this.d.client.patch(at(R.pods, pod.metadata.namespace, pod.metadata.name), 'strategic', patch);
  }

  /** Deletes the pod unless the preDelete hook holds it: then it moves to PreparingDelete and waits. */
  async deletePod(set: StatefulSet, pod: Pod, why: string): Promise<boolean> {
    const hook = asKruise(set).spec.lifecycle?.preDelete;
    if (isPodHooked(hook, pod)) {
      if (lifecycleState(pod) !== 'PreparingDelete') {
        await this.patchPod(pod, statePatch('PreparingDelete', this.d.clock.now()));
        this.d.recorder.event(set, 'Normal', 'PreparingDelete', `pod ${pod.metadata.name} is waiting for its preDelete hook before ${why}`);
      }
      return false;
    }
    try {
      await this.d.podControl.deleteStatefulPod(set, pod);
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
    return true;
  }
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
