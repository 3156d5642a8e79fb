// The StatefulSet controller's wiring (k8s stateful_set.go): informers on StatefulSets, Pods,
// PVCs and ControllerRevisions turn events into "ns/name" keys; workers sync one set at a time:
// adopt orphan revisions, claim pods (adopt/release), run the algorithm (control.ts), and requeue
// after minReadySeconds while not all replicas are available. Talks to Kubernetes only through
// the ApiClient.

import type { KubeObject, ResourceRef } from '../../apimachinery/types.js';
import { splitApiVersion } from '../../apimachinery/types.js';
import { labelSelectorAsSelector, type Selector } from '../../apimachinery/labels.js';
import type { ApiClient } from '../../client/api-client.js';
import { R, at } from '../../client/resources.js';
import { TerminalError, type EventRecorder, type Reconciler, type Result } from '../../controller/contracts.js';
import { realClock, type Clock } from '../../controller/clock.js';
import { runController, type RunningController } from '../../controller/controller.js';
import { ApiEventRecorder } from '../../controller/events.js';
import { InformerFactory, type SharedInformer } from '../../controller/informer.js';
import { silentLogger, type Logger } from '../../controller/logger.js';
import { ControllerRefManager, getControllerOf, recheckDeletionTimestamp } from '../../controller/owner.js';
import { DefaultWorkQueue } from '../../controller/workqueue.js';
import { DefaultStatefulSetControl, type StatefulSetHooks } from './control.js';
import { ApiHistory } from './history.js';
import { ApiObjectManager, StatefulPodControl } from './pod-control.js';
import { ApiStatusUpdater } from './status-updater.js';
import type { ControllerRevision, PersistentVolumeClaim, Pod, StatefulSet } from './types.js';
import { isMemberOf, isPodReady } from './utils.js';

export interface StatefulSetControllerOptions {
  client: ApiClient;
  /** Share informers with other controllers of the process. */
  factory?: InformerFactory;
  workers?: number;
  logger?: Logger;
  clock?: Clock;
  recorder?: EventRecorder;
  /** The set resource (apps/v1 statefulsets; Kruise passes its own) and kind. */
  setRef?: ResourceRef;
  kind?: { apiVersion: string; kind: string };
  hooks?: Partial<StatefulSetHooks>;
  name?: string;
}

export class StatefulSetController implements Reconciler {
  readonly queue: DefaultWorkQueue;
  readonly control: DefaultStatefulSetControl;
  readonly sets: SharedInformer<StatefulSet>;
  readonly pods: SharedInformer<Pod>;
  readonly claims: SharedInformer<PersistentVolumeClaim>;
  readonly revisions: SharedInformer<ControllerRevision>;
  private readonly client: ApiClient;
  private readonly factory: InformerFactory;
  private readonly ownsFactory: boolean;
  private readonly log: Logger;
  private readonly setRef: ResourceRef;
  private readonly kind: { apiVersion: string; kind: string };
  private running?: RunningController;

  constructor(private readonly o: StatefulSetControllerOptions) {
    const clock = o.clock ?? realClock;
    this.client = o.client;
    this.log = (o.logger ?? silentLogger).child({ controller: o.name ?? 'statefulset' });
    this.setRef = o.setRef ?? R.statefulsets;
    this.kind = o.kind ?? { apiVersion: 'apps/v1', kind: 'StatefulSet' };
    this.ownsFactory = !o.factory;
    this.factory = o.factory ?? new InformerFactory(o.client, { clock, logger: this.log });
    this.queue = new DefaultWorkQueue({ name: o.name ?? 'statefulset', clock });
    this.sets = this.factory.informerFor<StatefulSet>(this.setRef);
    this.pods = this.factory.informerFor<Pod>(R.pods);
    this.claims = this.factory.informerFor<PersistentVolumeClaim>(R.persistentvolumeclaims);
    this.revisions = this.factory.informerFor<ControllerRevision>(R.controllerrevisions);
    const recorder = o.recorder ?? new ApiEventRecorder(o.client, { component: 'statefulset-controller', clock, logger: this.log });
    const objects = new ApiObjectManager(o.client, { pod: (k) => this.pods.get(k), claim: (k) => this.claims.get(k) });
    const podControl = new StatefulPodControl(objects, recorder);
    this.control = new DefaultStatefulSetControl({
      podControl,
      statusUpdater: new ApiStatusUpdater(o.client, this.setRef),
      history: new ApiHistory(o.client, (ns, uid) => ownedOrOrphan(this.revisions, ns, uid)),
      recorder,
      clock,
      logger: this.log,
      hooks: o.hooks,
    });
    this.registerHandlers();
  }

  async start(): Promise<void> {
    await Promise.all([this.sets.start(), this.pods.start(), this.claims.start(), this.revisions.start()]);
    this.running = runController({ name: this.o.name ?? 'statefulset', queue: this.queue, reconciler: this, workers: this.o.workers ?? 5, logger: this.log });
  }

  async stop(): Promise<void> {
    this.queue.shutDown();
    await this.running?.stop();
    if (this.ownsFactory) this.factory.stop();
  }

  // --- event → key ----------------------------------------------------------------------------

  private registerHandlers(): void {
    this.sets.addHandler({ add: (s) => this.enqueue(s), update: (_o, s) => this.enqueue(s), delete: (s) => this.enqueue(s) });
    this.pods.addHandler({ add: (p) => this.addPod(p), update: (a, b) => this.updatePod(a, b), delete: (p) => this.deletePod(p) });
    const byOwner = (o: KubeObject) => this.enqueueOwner(o);
    this.revisions.addHandler({ add: byOwner, update: (_a, b) => byOwner(b), delete: byOwner });
    // A claim's ownerRefs carry the retention policy; a deleted claim of a pending pod is re-created.
    this.claims.addHandler({ update: (_a, b) => this.enqueueClaimOwner(b), delete: (c) => this.enqueueClaimOwner(c) });
  }

  private enqueue(set: KubeObject): void {
    this.queue.add(`${set.metadata.namespace}/${set.metadata.name}`);
  }

  /** The set a controllerRef points at, if it is one of ours with the same uid. */
  private resolveControllerRef(ns: string | undefined, o: KubeObject): StatefulSet | undefined {
    const ref = getControllerOf(o);
    if (!ref || ref.kind !== this.kind.kind || splitApiVersion(ref.apiVersion).group !== splitApiVersion(this.kind.apiVersion).group) return undefined;
    const set = this.sets.get(`${ns}/${ref.name}`);
    return set && set.metadata.uid === ref.uid ? set : undefined;
  }

  private enqueueOwner(o: KubeObject): void {
    const set = this.resolveControllerRef(o.metadata.namespace, o);
    if (set) this.enqueue(set);
  }

  private enqueueClaimOwner(claim: KubeObject): void {
    const ref = claim.metadata.ownerReferences?.find((r) => r.kind === this.kind.kind);
    if (ref) this.enqueueOwner({ metadata: { namespace: claim.metadata.namespace, ownerReferences: [{ ...ref, controller: true }] } });
    // Claims named <tpl>-<set>-<ord>: let the set re-create or re-own them.
    for (const set of this.sets.list(claim.metadata.namespace)) {
      if ((set.spec.volumeClaimTemplates ?? []).some((t) => claim.metadata.name?.startsWith(`${t.metadata.name}-${set.metadata.name}-`))) this.enqueue(set);
    }
  }

  /** Sets in the pod's namespace whose (non-empty) selector matches the pod. */
  private setsForPod(pod: Pod): StatefulSet[] {
    return this.sets.list(pod.metadata.namespace).filter((s) => {
      const sel = this.selectorOf(s);
      return !!sel && !sel.empty() && sel.matches(pod.metadata.labels);
    });
  }

  private selectorOf(set: StatefulSet): Selector | undefined {
    try {
      return labelSelectorAsSelector(set.spec.selector);
    } catch {
      return undefined;
    }
  }

  private addPod(pod: Pod): void {
    if (pod.metadata.deletionTimestamp) return this.deletePod(pod);
    if (getControllerOf(pod)) return this.enqueueOwner(pod);
    for (const s of this.setsForPod(pod)) this.enqueue(s);
  }

  private updatePod(old: Pod, cur: Pod): void {
    if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return;
    const labelsChanged = JSON.stringify(old.metadata.labels ?? {}) !== JSON.stringify(cur.metadata.labels ?? {});
    const oldRef = getControllerOf(old);
    const curRef = getControllerOf(cur);
    const refChanged = JSON.stringify(oldRef) !== JSON.stringify(curRef);
    if (refChanged && oldRef) this.enqueueOwner(old);
    if (curRef) {
      const set = this.resolveControllerRef(cur.metadata.namespace, cur);
      if (!set) return;
      this.enqueue(set);
      // A pod that just became ready becomes available minReadySeconds later: look again then.
      const minReady = this.control.hooks.minReadySeconds(set);
      if (!isPodReady(old) && isPodReady(cur) && minReady > 0) this.queue.addAfter(`${set.metadata.namespace}/${set.metadata.name}`, minReady * 1000 + 1000);
      return;
    }
    if (labelsChanged || refChanged) for (const s of this.setsForPod(cur)) this.enqueue(s);
  }

  private deletePod(pod: Pod): void {
    this.enqueueOwner(pod);
  }

  // --- sync -----------------------------------------------------------------------------------

  async reconcile(key: string): Promise<Result | void> {
    const cached = this.sets.get(key);
    if (!cached) return; // deleted: the garbage collector removes pods, claims and revisions
    let selector: Selector;
    try {
      selector = labelSelectorAsSelector(cached.spec.selector);
    } catch (e) {
      throw new TerminalError(`error converting StatefulSet ${key} selector: ${(e as Error).message}`);
    }
    const set = structuredClone(cached) as StatefulSet; // never mutate the shared cache
    const canAdopt = recheckDeletionTimestamp(() => this.client.get(at(this.setRef, set.metadata.namespace, set.metadata.name)), set);
    await this.adoptOrphanRevisions(set, canAdopt);
    const pods = await this.podsForStatefulSet(set, selector, canAdopt);
    const status = await this.control.updateStatefulSet(set, pods);
    const minReady = this.control.hooks.minReadySeconds(set);
    const extra = this.control.hooks.requeueAfterMs?.(set);
    if (minReady > 0 && status && status.availableReplicas !== (set.spec.replicas ?? 1)) return { requeueAfterMs: Math.min(minReady * 1000, extra ?? Infinity) };
    if (extra !== undefined) return { requeueAfterMs: extra };
  }

  private async adoptOrphanRevisions(set: StatefulSet, canAdopt: () => Promise<void>): Promise<void> {
    const orphans = (await this.control.listRevisions(set)).filter((r) => !getControllerOf(r));
    if (!orphans.length) return;
    await canAdopt();
    await this.control.adoptOrphanRevisions(set, orphans);
  }

  private podsForStatefulSet(set: StatefulSet, selector: Selector, canAdopt: () => Promise<void>): Promise<Pod[]> {
    const manager = new ControllerRefManager<Pod>({
      client: this.client,
      controller: set,
      controllerKind: this.kind,
      childRef: R.pods,
      matches: (p) => selector.matches(p.metadata.labels),
      canAdopt,
    });
    // Only the set's own pods and the namespace's orphans can be claimed: pods of other controllers
    // are skipped by claim anyway, and listing them made every sync O(pods in the namespace).
    return manager.claim(ownedOrOrphan(this.pods, set.metadata.namespace!, set.metadata.uid!), (p) => isMemberOf(set, p));
  }
}

/** Cached objects of a namespace controlled by ownerUid, then the namespace's orphans (owner index). */
function ownedOrOrphan<T extends KubeObject>(inf: SharedInformer<T>, namespace: string, ownerUid: string): T[] {
  const owned = inf.listControlledBy(ownerUid).filter((o) => o.metadata.namespace === namespace);
  return owned.concat(inf.listOrphans(namespace));
}
