// The StatefulSet algorithm (k8s stateful_set_control.go, 1.35 semantics) over (set, pods,
// revisions): compute current/update revisions, create missing pods (claims first), replace
// failed ones, scale down highest ordinal first, repair identity/storage/claim retention, then
// roll outdated pods within maxUnavailable (RollingUpdate) or leave them (OnDelete). OrderedReady
// moves one step per sync and waits on unready/terminating pods; Parallel runs slow-start batches.
// Everything Kruise's Advanced StatefulSet changes is a hook in StatefulSetHooks.

import type { EventRecorder } from '../../controller/contracts.js';
import { realClock, type Clock } from '../../controller/clock.js';
import { isNotFound } from '../../apimachinery/errors.js';
import { labelSelectorAsSelector } from '../../apimachinery/labels.js';
import { silentLogger, type Logger } from '../../controller/logger.js';
import type { ControllerRevision, Pod, StatefulSet, StatefulSetStatus } from './types.js';
import type { StatefulPodControl } from './pod-control.js';
import type { StatusUpdater } from './status-updater.js';
import { applyRevision, equalRevision, findEqualRevisions, newRevision, nextRevision, sortControllerRevisions, type History } from './history.js';
import {
  allowsBurst,
  byOrdinalDesc,
  completeRollingUpdate,
  getOrdinal,
  getPodRevision,
  getStartOrdinal,
  getStatefulSetMaxUnavailable,
  identityMatches,
  inconsistentStatus,
  isCreated,
  isFailed,
  isPending,
  isRunningAndAvailable,
  isRunningAndReady,
  isSucceeded,
  isTerminating,
  isUnavailable,
  newVersionedStatefulSetPod,
  replicasOf,
  storageMatches,
} from './utils.js';

/** Upstream's cap on one slow-start batch. */
export const MaxBatchSize = 500;

export interface NewPodParams {
  set: StatefulSet;
  currentSet: StatefulSet;
  updateSet: StatefulSet;
  currentRevision: string;
  updateRevision: string;
  ordinal: number;
}

/** The points where Kruise's Advanced StatefulSet differs from apps/v1. */
export interface StatefulSetHooks {
  /** Ordinals the set should run, ascending. apps/v1: [start, start+replicas). Kruise: minus reserveOrdinals. */
  replicaOrdinals(set: StatefulSet): number[];
  /** The not-yet-created pod for an ordinal, at the revision the partition semantics pick. */
  newReplicaPod(p: NewPodParams): Pod;
  minReadySeconds(set: StatefulSet): number;
  maxUnavailable(set: StatefulSet, replicaCount: number): number;
  /** Pods a rolling update may replace, in the order it replaces them. apps/v1: index ≥ partition, highest first. */
  rollingUpdateOrder(set: StatefulSet, replicas: Pod[]): Pod[];
  /** Brings one outdated pod to the update revision. apps/v1: delete (re-created on a later sync). Kruise: in-place. */
  updateOutdatedPod(set: StatefulSet, pod: Pod, updateRevision: ControllerRevision): Promise<void>;
  /** Deletes a condemned pod (scale-in, reserved ordinal). Kruise: waits for the preDelete lifecycle hook. */
  deletePod(set: StatefulSet, pod: Pod): Promise<void>;
  /** Replaces the RollingUpdate step wholesale (Kruise: in-place, priorities, paused, specified-delete). */
  rollingUpdate?(ctx: RollingUpdateContext): Promise<void>;
  /** Adds kind-specific status fields after the counts are computed (Kruise: updatedReadyReplicas, labelSelector). */
  extendStatus?(set: StatefulSet, status: StatefulSetStatus, pods: Pod[], now: number): void;
  /** Another sync of the set after this delay (Kruise: the end of an in-place grace period). */
  requeueAfterMs?(set: StatefulSet): number | undefined;
  /**
   * Kruise scaleStrategy.maxUnavailable: when defined, replicas are processed one by one and the
   * pass over them stops (moving on to scale-in and the update) once this many are being created,
   * terminating or unavailable.
   */
  scaleMaxUnavailable?(set: StatefulSet): number | undefined;
  /** A pod create/update failed (Kruise: FailedCreatePod / FailedUpdatePod status conditions). */
  podOperationFailed?(set: StatefulSet, status: StatefulSetStatus, op: 'create' | 'update', err: unknown): void;
  /** Whether the status must be written although the upstream counters did not change. */
  statusNeedsWrite?(set: StatefulSet, status: StatefulSetStatus): boolean;
  /**
   * Kruise: the in-place Refresh its replica pass runs on every created replica (InPlaceUpdateReady
   * back to True once the node runs the new containers; also for pods it just created with the
   * gate), so it happens under OrderedReady waits and OnDelete too. Returns the replicas as they are
   * after its writes.
   */
  refreshReplicas?(set: StatefulSet, replicas: Pod[]): Promise<Pod[]>;
}

/** What a rollingUpdate hook sees: the replicas in ordinal order (placeholders for missing pods). */
export interface RollingUpdateContext {
  set: StatefulSet;
  replicas: Pod[];
  current: ControllerRevision;
  update: ControllerRevision;
  status: StatefulSetStatus;
  now: number;
}

export interface ControlDeps {
  podControl: StatefulPodControl;
  statusUpdater: StatusUpdater;
  history: History;
  recorder: EventRecorder;
  clock?: Clock;
  logger?: Logger;
  hooks?: Partial<StatefulSetHooks>;
}

type StepResult = boolean; // true = stop this pass (monotonic wait or work done)

export function defaultHooks(podControl: StatefulPodControl): StatefulSetHooks {
  return {
    replicaOrdinals: (set) => Array.from({ length: replicasOf(set) }, (_, i) => getStartOrdinal(set) + i),
    newReplicaPod: (p) => newVersionedStatefulSetPod(p),
    minReadySeconds: (set) => set.spec.minReadySeconds ?? 0,
    maxUnavailable: (set, n) => (set.spec.updateStrategy?.rollingUpdate ? getStatefulSetMaxUnavailable(set.spec.updateStrategy.rollingUpdate.maxUnavailable, n) : 1),
    rollingUpdateOrder: (set, replicas) => {
      const min = set.spec.updateStrategy?.rollingUpdate?.partition ?? 0;
      return replicas.slice(Math.max(0, min)).reverse();
    },
    updateOutdatedPod: async (set, pod) => {
      try {
        await podControl.deleteStatefulPod(set, pod);
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
    },
    deletePod: (set, pod) => podControl.deleteStatefulPod(set, pod),
  };
}

/** slowStartBatch: run fn over 0..n-1 in concurrent batches of 1, 2, 4, … (≤ MaxBatchSize), stopping at the first failing batch. */
export async function slowStartBatch(n: number, initial: number, fn: (i: number) => Promise<unknown>): Promise<number> {
  let successes = 0;
  let next = 0;
  for (let size = Math.min(n, initial); size > 0; size = Math.min(2 * size, n - next, MaxBatchSize)) {
    const results = await Promise.allSettled(Array.from({ length: size }, (_, k) => fn(next + k)));
    next += size;
    const errs = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason);
    successes += size - errs.length;
    if (errs.length === 1) throw errs[0];
    if (errs.length > 1) throw new AggregateError(errs, errs.map((e) => (e as Error).message).join(', '));
  }
  return successes;
}

async function runForAll(n: number, fn: (i: number) => Promise<StepResult>, monotonic: boolean): Promise<StepResult> {
  if (monotonic) {
    for (let i = 0; i < n; i++) if (await fn(i)) return true;
    return false;
  }
  await slowStartBatch(n, 1, fn);
  return false;
}

function emptyStatus(set: StatefulSet, current: ControllerRevision, update: ControllerRevision, collisionCount: number): StatefulSetStatus {
  return {
    observedGeneration: set.metadata.generation,
    replicas: 0,
    readyReplicas: 0,
    currentReplicas: 0,
    updatedReplicas: 0,
    availableReplicas: 0,
    currentRevision: current.metadata.name,
    updateRevision: update.metadata.name,
    collisionCount,
  };
}

interface SyncState {
  set: StatefulSet;
  updateSet: StatefulSet;
  current: ControllerRevision;
  update: ControllerRevision;
  status: StatefulSetStatus;
  replicas: Pod[];
  condemned: Pod[];
  firstUnhealthy?: Pod;
  monotonic: boolean;
  now: number;
  /** Kruise scaleStrategy.maxUnavailable budget left in this pass (undefined: no limit). */
  scaleBudget?: { left: number };
}

export class DefaultStatefulSetControl {
  readonly hooks: StatefulSetHooks;
  private readonly clock: Clock;
  private readonly log: Logger;

  constructor(private readonly d: ControlDeps) {
    this.hooks = { ...defaultHooks(d.podControl), ...(d.hooks ?? {}) };
    this.clock = d.clock ?? realClock;
    this.log = d.logger ?? silentLogger;
  }

  /** Revisions owned by the set or orphaned, matching its selector. */
  listRevisions(set: StatefulSet): Promise<ControllerRevision[]> {
    const sel = labelSelectorAsSelector(set.spec.selector);
    return this.d.history.listControllerRevisions(set, (r) => sel.matches(r.metadata.labels));
  }

  async adoptOrphanRevisions(set: StatefulSet, revisions: ControllerRevision[]): Promise<void> {
    for (let i = 0; i < revisions.length; i++) revisions[i] = await this.d.history.adoptControllerRevision(set, revisions[i]);
  }

  /**
   * One sync of the set. Returns the status written (or that would have been written). Throws on
   * any error: the caller retries with rate limiting. Status and history are maintained even then.
   */
  async updateStatefulSet(set: StatefulSet, pods: Pod[]): Promise<StatefulSetStatus | undefined> {
    const revisions = sortControllerRevisions(await this.listRevisions(set));
    const out: { current?: ControllerRevision; update?: ControllerRevision; status?: StatefulSetStatus } = {};
    let err: unknown;
    try {
      await this.performUpdate(set, pods, revisions, out);
    } catch (e) {
      err = e;
    }
    try {
      await this.truncateHistory(set, pods, revisions, out.current, out.update);
    } catch (e) {
      err ??= e;
    }
    if (err) throw err;
    return out.status;
  }

  private async performUpdate(set: StatefulSet, pods: Pod[], revisions: ControllerRevision[], out: { current?: ControllerRevision; update?: ControllerRevision; status?: StatefulSetStatus }): Promise<void> {
    const { current, update, collisionCount } = await this.getStatefulSetRevisions(set, revisions);
    out.current = current;
    out.update = update;
    const { status, error } = await this.updatePods(set, current, update, collisionCount, pods);
    out.status = status;
    let statusErr: unknown;
    try {
      await this.updateStatefulSetStatus(set, status);
    } catch (e) {
      statusErr = e;
    }
    if (error && statusErr) throw new AggregateError([error, statusErr], `${(error as Error).message}, ${(statusErr as Error).message}`);
    if (error) throw error;
    if (statusErr) throw statusErr;
    this.log.debug({ set: `${set.metadata.namespace}/${set.metadata.name}`, ...status }, 'statefulset synced');
  }

  async getStatefulSetRevisions(set: StatefulSet, revisions: ControllerRevision[]): Promise<{ current: ControllerRevision; update: ControllerRevision; collisionCount: number }> {
    const collision = { count: set.status?.collisionCount ?? 0 };
    const candidate = newRevision(set, nextRevision(revisions), collision.count);
    const equal = findEqualRevisions(revisions, candidate);
    let update: ControllerRevision;
    if (equal.length && equalRevision(revisions[revisions.length - 1], equal[equal.length - 1])) {
      update = revisions[revisions.length - 1]; // unchanged template
    } else if (set.metadata.deletionTimestamp) {
      // A set being deleted gets only its status kept (updatePods), and no new history either: the
      // garbage collector deletes its revisions, and one written back on every sync (each pod
      // deletion triggers one) would keep a foreground deletion waiting on a new blocking
      // dependent for as long as the two raced.
      update = equal.length ? equal[equal.length - 1] : candidate;
    } else if (equal.length) {
      update = await this.d.history.updateControllerRevision(equal[equal.length - 1], candidate.revision); // rollback
    } else {
      update = await this.d.history.createControllerRevision(set, candidate, collision);
    }
    const current = revisions.find((r) => r.metadata.name === set.status?.currentRevision) ?? update;
    return { current, update, collisionCount: collision.count };
  }

  private async truncateHistory(set: StatefulSet, pods: Pod[], revisions: ControllerRevision[], current?: ControllerRevision, update?: ControllerRevision): Promise<void> {
    const live = new Set<string>([current?.metadata.name ?? '', update?.metadata.name ?? '', ...pods.map(getPodRevision)]);
    const history = revisions.filter((r) => !live.has(r.metadata.name!));
    const limit = set.spec.revisionHistoryLimit ?? 10;
    if (limit < 0 || history.length <= limit) return;
    for (const r of history.slice(0, history.length - limit)) await this.d.history.deleteControllerRevision(r);
  }

  private computeStatus(st: SyncState, ...lists: Pod[][]): void {
    const s = st.status;
    s.replicas = s.readyReplicas = s.availableReplicas = s.currentReplicas = s.updatedReplicas = 0;
    const minReady = this.hooks.minReadySeconds(st.set);
    for (const pod of lists.flat()) {
      if (isCreated(pod)) s.replicas++;
      if (isRunningAndReady(pod)) {
        s.readyReplicas!++;
        if (isRunningAndAvailable(pod, minReady, st.now)) s.availableReplicas!++;
      }
      if (isCreated(pod) && !isTerminating(pod)) {
        if (getPodRevision(pod) === st.current.metadata.name) s.currentReplicas!++;
        if (getPodRevision(pod) === st.update.metadata.name) s.updatedReplicas!++;
      }
    }
    this.hooks.extendStatus?.(st.set, s, lists.flat(), st.now);
  }

  private buildState(set: StatefulSet, current: ControllerRevision, update: ControllerRevision, collisionCount: number, pods: Pod[]): SyncState {
    const currentSet = applyRevision(set, current);
    const updateSet = applyRevision(set, update);
    const st: SyncState = { set, updateSet, current, update, status: emptyStatus(set, current, update, collisionCount), replicas: [], condemned: [], monotonic: !allowsBurst(set), now: this.clock.now() };
    this.computeStatus(st, pods);
    const ordinals = this.hooks.replicaOrdinals(set);
    const index = new Map(ordinals.map((o, i) => [o, i]));
    const replicas: Array<Pod | undefined> = new Array(ordinals.length).fill(undefined);
    for (const pod of pods) {
      const ord = getOrdinal(pod);
      const i = index.get(ord);
      if (i !== undefined) replicas[i] = pod;
      else if (ord >= 0) st.condemned.push(pod); // ordinal -1: not ours to manage
    }
    const names = { currentRevision: current.metadata.name!, updateRevision: update.metadata.name! };
    st.replicas = replicas.map((p, i) => p ?? this.hooks.newReplicaPod({ set, currentSet, updateSet, ...names, ordinal: ordinals[i] }));
    st.condemned.sort(byOrdinalDesc);
    // upstream's firstUnavailablePod: unavailable includes Ready-but-not-yet-minReadySeconds pods.
    const minReady = this.hooks.minReadySeconds(set);
    const unavailable = (p: Pod) => isUnavailable(p, minReady, st.now);
    st.firstUnhealthy = st.replicas.find(unavailable) ?? [...st.condemned].reverse().find(unavailable);
    return st;
  }

  private async updatePods(set: StatefulSet, current: ControllerRevision, update: ControllerRevision, collisionCount: number, pods: Pod[]): Promise<{ status: StatefulSetStatus; error?: unknown }> {
    const st = this.buildState(set, current, update, collisionCount, pods);
    if (set.metadata.deletionTimestamp) return { status: st.status }; // only status while being deleted
    try {
      if (this.hooks.refreshReplicas) st.replicas = await this.hooks.refreshReplicas(set, st.replicas);
      if (await this.processReplicas(st)) return this.finish(st);
      if (await runForAll(st.condemned.length, (i) => this.fixCondemnedClaims(st, i), st.monotonic)) return this.finish(st);
      if (await runForAll(st.condemned.length, (i) => this.processCondemned(st, i), st.monotonic)) return this.finish(st);
      this.computeStatus(st, st.replicas, st.condemned);
      if (set.spec.updateStrategy?.type === 'OnDelete') return { status: st.status };
      await this.rollingUpdate(st);
      return { status: st.status };
    } catch (error) {
      this.computeStatus(st, st.replicas, st.condemned);
      return { status: st.status, error };
    }
  }

  private finish(st: SyncState): { status: StatefulSetStatus } {
    this.computeStatus(st, st.replicas, st.condemned);
    return { status: st.status };
  }

  /** The replica pass; with a scale budget it is sequential and stops early once the budget is spent. */
  private async processReplicas(st: SyncState): Promise<StepResult> {
    const budget = st.monotonic ? undefined : this.hooks.scaleMaxUnavailable?.(st.set);
    if (budget === undefined) return runForAll(st.replicas.length, (i) => this.processReplica(st, i), st.monotonic);
    st.scaleBudget = { left: budget };
    for (let i = 0; i < st.replicas.length && st.scaleBudget.left > 0; i++) if (await this.processReplica(st, i)) return true;
    return false;
  }

  /** decreaseAndCheckMaxUnavailable: spends one unit of the scale budget (no-op without one). */
  private spendScaleBudget(st: SyncState): void {
    if (st.scaleBudget) st.scaleBudget.left--;
  }

  private async podOp(st: SyncState, op: 'create' | 'update', fn: () => Promise<unknown>): Promise<void> {
    try {
      await fn();
    } catch (e) {
      this.hooks.podOperationFailed?.(st.set, st.status, op, e);
      throw e;
    }
  }

  private async processReplica(st: SyncState, i: number): Promise<StepResult> {
    const { set, updateSet, monotonic } = st;
    const pod = st.replicas[i];
    const pc = this.d.podControl;
    // Failed or Succeeded (e.g. evicted): delete; a replacement is created once it is gone.
    if (isFailed(pod) || isSucceeded(pod)) {
      if (!pod.metadata.deletionTimestamp) await pc.deleteStatefulPod(set, pod);
      return true;
    }
    if (!isCreated(pod)) {
      if (await pc.podClaimIsStale(set, pod)) return true; // wait for GC of the previous pod's claim
      await this.podOp(st, 'create', () => pc.createStatefulPod(set, pod));
      this.spendScaleBudget(st);
      // Monotonic: one creation per sync. Burst: the placeholder has nothing more to check.
      return monotonic;
    }
    if (isPending(pod)) await pc.createMissingPersistentVolumeClaims(set, pod);
    const available = isRunningAndReady(pod) && isRunningAndAvailable(pod, this.hooks.minReadySeconds(set), st.now);
    if (monotonic && (isTerminating(pod) || !available)) return true;
    if (st.scaleBudget && (isTerminating(pod) || !available)) {
      this.spendScaleBudget(st);
      if (st.scaleBudget.left <= 0) return false;
    }
    // An error is expected while the pod is otherwise being updated: treat it as matching.
    const retentionMatch = await pc.claimsMatchRetentionPolicy(updateSet, pod).catch(() => true);
    if (identityMatches(set, pod) && storageMatches(set, pod) && retentionMatch) return false;
    await this.podOp(st, 'update', () => pc.updateStatefulPod(updateSet, pod));
    return false;
  }

  private async fixCondemnedClaims(st: SyncState, i: number): Promise<StepResult> {
    const pc = this.d.podControl;
    if (!(await pc.claimsMatchRetentionPolicy(st.updateSet, st.condemned[i]))) await pc.updatePodClaimForRetentionPolicy(st.updateSet, st.condemned[i]);
    return false;
  }

  private async processCondemned(st: SyncState, i: number): Promise<StepResult> {
    const pod = st.condemned[i];
    if (isTerminating(pod)) return st.monotonic; // monotonic: wait for it to be gone
    const healthy = isRunningAndReady(pod) && isRunningAndAvailable(pod, this.hooks.minReadySeconds(st.set), st.now);
    if (st.monotonic && !healthy && pod !== st.firstUnhealthy) return true;
    await this.hooks.deletePod(st.set, pod);
    return true;
  }

  /** RollingUpdate with maxUnavailable (MaxUnavailableStatefulSet, default on in 1.35). */
  private async rollingUpdate(st: SyncState): Promise<void> {
    const { set, replicas, update } = st;
    if (this.hooks.rollingUpdate) return this.hooks.rollingUpdate({ set, replicas, current: st.current, update, status: st.status, now: st.now });
    const maxUnavailable = this.hooks.maxUnavailable(set, replicasOf(set));
    const minReady = this.hooks.minReadySeconds(set);
    const unavailable = replicas.filter((p) => isUnavailable(p, minReady, st.now)).length;
    if (unavailable >= maxUnavailable) return;
    let budget = maxUnavailable - unavailable;
    for (const pod of this.hooks.rollingUpdateOrder(set, replicas)) {
      if (budget <= 0) break;
      if (getPodRevision(pod) === update.metadata.name || isTerminating(pod)) continue;
      await this.hooks.updateOutdatedPod(set, pod, update);
      budget--;
      st.status.currentReplicas!--;
    }
  }

  private async updateStatefulSetStatus(set: StatefulSet, status: StatefulSetStatus): Promise<void> {
    completeRollingUpdate(set, status);
    if (!inconsistentStatus(set, status) && !this.hooks.statusNeedsWrite?.(set, status)) return;
    await this.d.statusUpdater.updateStatefulSetStatus(set, status);
  }
}
