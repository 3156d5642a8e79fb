// Kruise's rollingUpdateStatefulsetPods: refresh pods (finish in-place updates, apply due grace
// specs, move lifecycle states), stop if anything changed or the update is paused, count the
// unavailable pods (unready, not yet available for minReadySeconds, updating in place, held by a
// lifecycle hook, or labelled unavailable-pod.kruise.io/*), honour apps.kruise.io/specified-delete,
// then walk sortPodsToUpdate: each outdated pod is updated in place when the revision diff allows it
// and the policy is InPlaceIfPossible/InPlaceOnly, otherwise deleted (re-created on a later sync),
// never taking more than maxUnavailable pods down.

import type { EventRecorder } from '../../controller/contracts.js';
import { SpecifiedDeleteKey, UnavailableLabelPrefix, type KruiseStatefulSet } from '../../kruise/types.js';
import type { RollingUpdateContext } from '../statefulset/control.js';
import type { ControllerRevision, Pod, StatefulSet } from '../statefulset/types.js';
import { getPodRevision, getStatefulSetMaxUnavailable, isCreated, isHealthy, isRunningAndAvailable, isTerminating, replicasOf } from '../statefulset/utils.js';
import { calculateInPlaceUpdate, describeImages, inPlaceIncompleteReason, isInPlaceUpdating, readState, templateOf, type InPlaceUpdater } from './inplace.js';
import { isPodAllHooked, isPodHooked, lifecycleState, lifecycleUnavailable, statePatch } from './lifecycle.js';
import { sortPodsToUpdate } from './update-order.js';

export interface RollingDeps {
  updater: InPlaceUpdater;
  recorder: EventRecorder;
  revisions(namespace: string): ControllerRevision[];
  /** false when a preDelete hook holds the pod */
  deletePod(set: StatefulSet, pod: Pod, why: string): Promise<boolean>;
  patchPod(pod: Pod, patch: object): Promise<void>;
  requeue(set: StatefulSet, ms: number): void;
}

const kruise = (set: StatefulSet) => set as unknown as KruiseStatefulSet;

export function isPodUnavailable(pod: Pod, minReadySeconds: number, now: number): boolean {
  if (!isCreated(pod) || !isHealthy(pod) || !isRunningAndAvailable(pod, minReadySeconds, now)) return true;
  if (isInPlaceUpdating(pod) || lifecycleUnavailable(pod)) return true;
  return Object.keys(pod.metadata.labels ?? {}).some((k) => k.startsWith(UnavailableLabelPrefix));
}

export class KruiseRollingUpdate {
  constructor(private readonly d: RollingDeps) {}

  async run(ctx: RollingUpdateContext): Promise<void> {
    const { set, replicas, update } = ctx;
    const ru = kruise(set).spec.updateStrategy?.rollingUpdate ?? {};
    if (await this.refreshAll(ctx)) return;
    if (ru.paused) return;
    const minReady = ru.minReadySeconds ?? 0;
    const maxUnavailable = getStatefulSetMaxUnavailable(ru.maxUnavailable, replicasOf(set));
    const unavailable = new Set(replicas.filter((p) => isPodUnavailable(p, minReady, ctx.now)).map((p) => p.metadata.name!));
    await this.specifiedDelete(ctx, unavailable, maxUnavailable);
    const order = sortPodsToUpdate({
      replicas,
      partition: ru.partition ?? 0,
      unordered: !!ru.unorderedUpdate,
      priority: ru.unorderedUpdate?.priorityStrategy,
      isUpdated: (p) => getPodRevision(p) === update.metadata.name,
    });
    for (const i of order) {
      const pod = replicas[i];
      if (getPodRevision(pod) === update.metadata.name || !isCreated(pod) || isTerminating(pod)) continue;
      // Skip (not stop) an available target once the budget is used: an unavailable one may still go.
      if (unavailable.size >= maxUnavailable && !unavailable.has(pod.metadata.name!)) continue;
      const inPlace = await this.tryInPlace(set, pod, update, ctx.now);
      let gone = inPlace === true;
      if (inPlace !== true) {
        this.d.recorder.event(set, 'Normal', 'RecreatePodForUpdate', `recreating pod ${pod.metadata.name}: ${inPlace}`);
        gone = await this.d.deletePod(set, pod, 'updating');
      }
      unavailable.add(pod.metadata.name!);
      if (gone && getPodRevision(pod) === ctx.current.metadata.name) ctx.status.currentReplicas = Math.max(0, (ctx.status.currentReplicas ?? 0) - 1);
    }
  }

  /** Finishes in-place updates and lifecycle transitions; true when anything was written. */
  private async refreshAll(ctx: RollingUpdateContext): Promise<boolean> {
    let changed = false;
    for (const pod of ctx.replicas) {
      if (!isCreated(pod) || isTerminating(pod)) continue;
      const r = await this.d.updater.refresh(pod);
      if (typeof r === 'number') this.d.requeue(ctx.set, r);
      if (r === 'changed') {
        changed = true;
        const st = readState(pod);
        if (st && !isInPlaceUpdating(pod) && !inPlaceIncompleteReason(pod)) this.d.recorder.event(ctx.set, 'Normal', 'SuccessfulUpdatePodInPlace', `successfully update pod ${pod.metadata.name} in-place(revision ${st.revision})`);
        continue;
      }
      if (await this.refreshLifecycle(ctx.set, pod, ctx.now)) changed = true;
    }
    return changed;
  }

  private async refreshLifecycle(set: StatefulSet, pod: Pod, now: number): Promise<boolean> {
    const lc = kruise(set).spec.lifecycle;
    const state = lifecycleState(pod);
    let next: 'Normal' | 'Updated' | undefined;
    if (state === 'PreparingNormal' && (!lc?.preNormal || isPodAllHooked(lc.preNormal, pod))) next = 'Normal';
    else if (state === 'Updating' && !isInPlaceUpdating(pod)) next = lc?.inPlaceUpdate && !isPodAllHooked(lc.inPlaceUpdate, pod) ? 'Updated' : 'Normal';
    else if (state === 'Updated' && (!lc?.inPlaceUpdate || isPodAllHooked(lc.inPlaceUpdate, pod))) next = 'Normal';
    if (!next) return false;
    await this.d.patchPod(pod, statePatch(next, now));
    return true;
  }

  private async specifiedDelete(ctx: RollingUpdateContext, unavailable: Set<string>, maxUnavailable: number): Promise<void> {
    for (const pod of ctx.replicas) {
      if (!isCreated(pod) || isTerminating(pod) || pod.metadata.labels?.[SpecifiedDeleteKey] === undefined) continue;
      if (unavailable.size >= maxUnavailable && !unavailable.has(pod.metadata.name!)) continue;
      this.d.recorder.event(ctx.set, 'Normal', 'SpecifiedDelete', `deleting pod ${pod.metadata.name}: it is labelled ${SpecifiedDeleteKey}`);
      await this.d.deletePod(ctx.set, pod, 'its specified deletion');
      unavailable.add(pod.metadata.name!);
    }
  }

  /** true when the pod is being updated in place (or waits for its hook); otherwise why it must be recreated. */
  private async tryInPlace(set: StatefulSet, pod: Pod, update: ControllerRevision, now: number): Promise<true | string> {
    const ks = kruise(set);
    const policy = ks.spec.updateStrategy?.rollingUpdate?.podUpdatePolicy ?? 'ReCreate';
    if (policy === 'ReCreate') return 'podUpdatePolicy is ReCreate';
    const old = this.d.revisions(set.metadata.namespace!).find((r) => r.metadata.name === getPodRevision(pod));
    const decision = calculateInPlaceUpdate(templateOf(old), templateOf(update));
    if (!decision.inPlace) {
      if (policy === 'InPlaceOnly') {
        const msg = `find strategy is InPlaceOnly but Pod ${pod.metadata.name} can not update in-place: ${decision.reason}`;
        this.d.recorder.event(set, 'Warning', 'FailedUpdatePodInPlace', msg);
        throw new Error(msg);
      }
      return decision.reason;
    }
    const hook = ks.spec.lifecycle?.inPlaceUpdate;
    const state = lifecycleState(pod);
    if (isPodHooked(hook, pod)) {
      if (['', 'PreparingNormal', 'Normal', 'Updated'].includes(state)) {
        await this.d.patchPod(pod, statePatch('PreparingUpdate', now));
        this.d.recorder.event(set, 'Normal', 'PreparingUpdate', `pod ${pod.metadata.name} is waiting for its inPlaceUpdate hook before updating in place`);
      }
      return true;
    }
    const grace = ks.spec.updateStrategy?.rollingUpdate?.inPlaceUpdateStrategy?.gracePeriodSeconds ?? 0;
    await this.d.updater.start(pod, decision.spec, update.metadata.name!, grace);
    if (grace > 0) this.d.requeue(set, grace * 1000);
    const what = describeImages(decision.spec) || 'labels and annotations only';
    const after = grace > 0 ? ` after a ${grace}s grace period` : '';
    this.d.recorder.event(set, 'Normal', 'UpdatePodInPlace', `updating pod ${pod.metadata.name} in place${after}: ${what}`);
    return true;
  }
}
