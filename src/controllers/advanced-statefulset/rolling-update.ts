// Kruise's rollingUpdateStatefulsetPods: refresh pods (finish in-place updates, apply due grace
// specs, move lifecycle states), stop if anything changed or the update is paused, count the
// unavailable pods (unready, not yet available for minReadySeconds, updating in place, held by a
// lifecycle hook, or labelled unavailable-pod.kruise.io/*), honour apps.kruise.io/specified-delete,
// then walk sortPodsToUpdate: each outdated pod is updated in place when the revision diff allows it
// and the policy is InPlaceIfPossible/InPlaceOnly, otherwise deleted (re-created on a later sync),
// never taking more than maxUnavailable pods down.

import type { EventRecorder } from '../../controller/contracts.js';
import { SpecifiedDeleteKey, UnavailableLabelPrefix, type KruiseStatefulSet, type LifecycleHook, type LifecycleState } from '../../kruise/types.js';
import type { RollingUpdateContext } from '../statefulset/control.js';
import type { ControllerRevision, Pod, StatefulSet } from '../statefulset/types.js';
import { getPodRevision, getStatefulSetMaxUnavailable, isCreated, isHealthy, isRunningAndAvailable, isTerminating, replicasOf } from '../statefulset/utils.js';
import { calculateInPlaceUpdate, describeImages, inPlaceIncompleteReason, isInPlaceUpdating, readState, templateOf, withInPlaceReady, type InPlaceUpdater } from './inplace.js';
import { isPodAllHooked, isPodHooked, lifecycleState, lifecycleUnavailable } from './lifecycle.js';
import { sortPodsToUpdate } from './update-order.js';

export interface RollingDeps {
  updater: InPlaceUpdater;
  recorder: EventRecorder;
  revisions(namespace: string): ControllerRevision[];
  /** false when a preDelete hook holds the pod */
  deletePod(set: StatefulSet, pod: Pod, why: string): Promise<boolean>;
  /** Moves the pod to a lifecycle state (optionally re-applying a hook's handlers, and marking it not ready). */
  setLifecycle(set: StatefulSet, pod: Pod, state: LifecycleState, markNotReady: boolean, handlers?: LifecycleHook): Promise<void>;
  requeue(set: StatefulSet, ms: number): void;
}

const kruise = (set: StatefulSet) => set as unknown as KruiseStatefulSet;

/** Pod writes in flight at once during one sync (the API server takes them in parallel). */
const WRITE_CONCURRENCY = 64;

/** fn over items with at most `limit` in flight; settles every item, in input order. */
export async function mapConcurrent<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<PromiseSettledResult<R>[]> {
  const out: PromiseSettledResult<R>[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      try {
        out[i] = { status: 'fulfilled', value: await fn(items[i]) };
      } catch (reason) {
        out[i] = { status: 'rejected', reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

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
    const targets: Pod[] = [];
    for (const i of order) {
      const pod = replicas[i];
      if (getPodRevision(pod) === update.metadata.name || !isCreated(pod) || isTerminating(pod)) continue;
      // Kruise stops at the first available target once the budget is used up (PR #1480 semantics:
      // unavailable pods earlier in update order count against it).
      if (unavailable.size >= maxUnavailable && !unavailable.has(pod.metadata.name!)) break;
      targets.push(pod);
      unavailable.add(pod.metadata.name!);
    }
    await this.updateAll(ctx, targets);
  }

  /**
   * Updates the chosen pods. The budget was settled above and no pod's update depends on another's
   * write, so the writes run concurrently (a wave of 50 pods otherwise pays 50 sequential round
   * trips of status and spec patches). An InPlaceOnly pod that cannot be updated in place stops the
   * pods after it in update order, as Kruise's loop returning its error does.
   */
  private async updateAll(ctx: RollingUpdateContext, targets: Pod[]): Promise<void> {
    const stop = targets.findIndex((p) => this.inPlaceOnlyRefusal(ctx.set, p, ctx.update) !== undefined);
    const run = stop < 0 ? targets : targets.slice(0, stop);
    const results = await mapConcurrent(run, WRITE_CONCURRENCY, (pod) => this.updateOne(ctx, pod));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    if (stop >= 0) await this.tryInPlace(ctx.set, targets[stop], ctx.update); // records the event and throws
  }

  private async updateOne(ctx: RollingUpdateContext, pod: Pod): Promise<void> {
    const { set } = ctx;
    const inPlace = await this.tryInPlace(set, pod, ctx.update);
    let gone = inPlace === true;
    if (inPlace !== true) {
      this.d.recorder.event(set, 'Normal', 'RecreatePodForUpdate', `recreating pod ${pod.metadata.name}: ${inPlace}`);
      gone = await this.d.deletePod(set, pod, 'updating');
    }
    if (gone && getPodRevision(pod) === ctx.current.metadata.name) ctx.status.currentReplicas = Math.max(0, (ctx.status.currentReplicas ?? 0) - 1);
  }

  /** The InPlaceOnly error for a pod whose revision diff cannot be applied in place, else undefined. */
  private inPlaceOnlyRefusal(set: StatefulSet, pod: Pod, update: ControllerRevision): string | undefined {
    if (kruise(set).spec.updateStrategy?.rollingUpdate?.podUpdatePolicy !== 'InPlaceOnly') return undefined;
    const old = this.d.revisions(set.metadata.namespace!).find((r) => r.metadata.name === getPodRevision(pod));
    const decision = calculateInPlaceUpdate(templateOf(old), templateOf(update));
    return decision.inPlace ? undefined : decision.reason;
  }

  /**
   * The replica pass's Refresh (Kruise calls it on each created replica before looking at its
   * availability): InPlaceUpdateReady back to True where the update finished, concurrently for all
   * replicas. Returns the replicas as they are now, so the lifecycle refresh below moves a finished
   * pod out of Updating in this same sync, and nothing is written twice.
   */
  async refreshConditions(replicas: Pod[]): Promise<Pod[]> {
    const live = (pod: Pod) => isCreated(pod) && !isTerminating(pod);
    const results = await mapConcurrent(replicas, WRITE_CONCURRENCY, async (pod) => (live(pod) && (await this.d.updater.refreshCondition(pod)) ? withInPlaceReady(pod) : pod));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    return results.map((r) => (r as PromiseFulfilledResult<Pod>).value);
  }

  /** Finishes in-place updates and lifecycle transitions; true when anything was written. */
  private async refreshAll(ctx: RollingUpdateContext): Promise<boolean> {
    const live = ctx.replicas.filter((pod) => isCreated(pod) && !isTerminating(pod));
    // Each pod's refresh reads and writes only that pod: run them concurrently (a finished wave of 50
    // in-place updates is 50 condition patches).
    const results = await mapConcurrent(live, WRITE_CONCURRENCY, (pod) => this.refreshOne(ctx, pod));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    return results.some((r) => r.status === 'fulfilled' && r.value);
  }

  /**
   * Kruise's refreshPodState: the in-place Refresh (grace spec, InPlaceUpdateReady) and then, in the
   * same pass, the lifecycle move it allows. A finished update thus costs one sync — condition True
   * and Updating → Normal together — not one sync per write (each sync ends with a status round trip
   * and waits for the informer to show the condition before the label could follow). Within a full
   * sync the condition was already set by refreshConditions; refresh() then finds nothing to do.
   */
  private async refreshOne(ctx: RollingUpdateContext, pod: Pod): Promise<boolean> {
    const r = await this.d.updater.refresh(pod);
    if (typeof r === 'number') this.d.requeue(ctx.set, r);
    if (r === 'changed' || r === 'ready') {
      const st = readState(pod);
      if (st && !isInPlaceUpdating(pod) && !inPlaceIncompleteReason(pod)) this.d.recorder.event(ctx.set, 'Normal', 'SuccessfulUpdatePodInPlace', `successfully update pod ${pod.metadata.name} in-place(revision ${st.revision})`);
      if (r === 'ready') await this.refreshLifecycle(ctx.set, withInPlaceReady(pod), ctx);
      return true;
    }
    return this.refreshLifecycle(ctx.set, pod, ctx);
  }

  /** refreshPodState's lifecycle part: PreparingNormal → Normal, PreparingUpdate/Updating → Updated|Normal, Updated → Normal. */
  private async refreshLifecycle(set: StatefulSet, pod: Pod, ctx: RollingUpdateContext): Promise<boolean> {
    const lc = kruise(set).spec.lifecycle;
    const state = lifecycleState(pod);
    const afterUpdate = (): LifecycleState => (lc && !isPodAllHooked(lc.inPlaceUpdate, pod) ? 'Updated' : 'Normal');
    let next: LifecycleState | undefined;
    if (state === 'PreparingNormal' && (!lc?.preNormal || isPodAllHooked(lc.preNormal, pod))) next = 'Normal';
    // Rolled back while waiting in PreparingUpdate (kruise#1156): the pod already has the update revision.
    else if (state === 'PreparingUpdate' && getPodRevision(pod) === ctx.update.metadata.name) next = afterUpdate();
    else if (state === 'Updating' && !isInPlaceUpdating(pod) && !inPlaceIncompleteReason(pod)) next = afterUpdate();
    else if (state === 'Updated' && (!lc?.inPlaceUpdate || isPodAllHooked(lc.inPlaceUpdate, pod))) next = 'Normal';
    if (!next || next === state) return false;
    await this.d.setLifecycle(set, pod, next, lc?.inPlaceUpdate?.markPodNotReady ?? false);
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

  /**
   * The inPlaceUpdate hook in front of an in-place update (inPlaceUpdatePod's state switch): true
   * when the pod must wait. A Normal pod that is hooked moves to PreparingUpdate; an Updated pod
   * (a new revision arrived before its handlers came back) gets the handlers re-applied and moves
   * to PreparingUpdate; a PreparingUpdate pod waits until it is no longer hooked.
   */
  private async holdForHook(set: StatefulSet, pod: Pod): Promise<boolean> {
    const lc = kruise(set).spec.lifecycle;
    const hook = lc?.inPlaceUpdate;
    const state = lifecycleState(pod);
    const name = pod.metadata.name;
    if (['', 'PreparingNormal', 'Normal'].includes(state)) {
      if (!lc || !isPodHooked(hook, pod)) return false;
      await this.d.setLifecycle(set, pod, 'PreparingUpdate', hook?.markPodNotReady ?? false);
      this.d.recorder.event(set, 'Normal', 'PreparingUpdate', `pod ${name} is waiting for its inPlaceUpdate hook before updating in place`);
      return true;
    }
    if (state === 'Updated') {
      if (!hook) return true; // UpdatePodLifecycleWithHandler does nothing without a handler
      await this.d.setLifecycle(set, pod, 'PreparingUpdate', hook.markPodNotReady ?? false, hook);
      this.d.recorder.event(set, 'Normal', 'PreparingUpdate', `pod ${name} got its inPlaceUpdate handlers back for a new revision and waits for them before updating in place`);
      return true;
    }
    if (state === 'PreparingUpdate') return !!lc && isPodHooked(hook, pod);
    if (state === 'Updating') return false;
    throw new Error(`not allowed to in-place update pod ${name} in state ${state}`);
  }

  /** true when the pod is being updated in place (or waits for its hook); otherwise why it must be recreated. */
  private async tryInPlace(set: StatefulSet, pod: Pod, update: ControllerRevision): Promise<true | string> {
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
    const held = await this.holdForHook(set, pod);
    if (held) return true;
    const grace = ks.spec.updateStrategy?.rollingUpdate?.inPlaceUpdateStrategy?.gracePeriodSeconds ?? 0;
    await this.d.updater.start(pod, decision.spec, update.metadata.name!, grace);
    if (grace > 0) this.d.requeue(set, grace * 1000);
    const what = describeImages(decision.spec) || 'labels and annotations only';
    const after = grace > 0 ? ` after a ${grace}s grace period` : '';
    this.d.recorder.event(set, 'Normal', 'UpdatePodInPlace', `updating pod ${pod.metadata.name} in place${after}: ${what}`);
    return true;
  }
}
