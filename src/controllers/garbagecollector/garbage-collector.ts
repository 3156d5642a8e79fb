// The garbage collector, as kube-controller-manager's: deletes objects whose owners are all gone
// (Background), deletes dependents before their owner when the owner carries `foregroundDeletion`
// (Foreground), and strips owner references from dependents when it carries `orphan` (Orphan).
// It watches the metadata of every deletable resource found through discovery (metadata informers,
// as upstream's) and acts only through the API.

import type { Logger } from 'pino';
import { isNotFound } from '../../apimachinery/errors.js';
import type { KubeObject, OwnerReference, ResourceRef } from '../../apimachinery/types.js';
import { splitApiVersion } from '../../apimachinery/types.js';
import type { ApiClient } from '../../client/api-client.js';
import { discoverResources, type DiscoveredResource, type PathGetter } from '../../client/discovery.js';
import { runController, type RunningController } from '../../controller/controller.js';
import { InformerFactory } from '../../controller/informer.js';
import { newWorkQueue } from '../../controller/workqueue.js';
import { OwnershipGraph } from './graph.js';

const ORPHAN = 'orphan';
const FOREGROUND = 'foregroundDeletion';
const SKIP = new Set(['events', 'leases', 'controllerrevisions-never']);

export interface GarbageCollectorOptions {
  logger: Logger;
  workers?: number;
  rediscoverMs?: number;
}

export class GarbageCollector {
  private readonly graph = new OwnershipGraph();
  private readonly queue = newWorkQueue({ name: 'garbagecollector' });
  private readonly factory: InformerFactory;
  private readonly byKind = new Map<string, DiscoveredResource>();
  private readonly watched = new Set<string>();
  private controller?: RunningController;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly client: ApiClient & PathGetter,
    private readonly opts: GarbageCollectorOptions,
  ) {
    this.factory = new InformerFactory(client, { logger: opts.logger });
  }

  async start(): Promise<void> {
    await this.rediscover();
    await this.factory.start();
    this.controller = runController({
      name: 'garbagecollector',
      queue: this.queue,
      reconciler: { reconcile: (uid) => this.reconcile(uid) },
      workers: this.opts.workers ?? 4,
      logger: this.opts.logger,
    });
    const tick = (): void => {
      this.rediscover().catch((err) => this.opts.logger.warn({ err }, 'gc discovery failed'));
      this.timer = setTimeout(tick, this.opts.rediscoverMs ?? 3000).unref();
    };
    this.timer = setTimeout(tick, this.opts.rediscoverMs ?? 3000).unref();
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.factory.stop();
    await this.controller?.stop();
  }

  /** Finds resources (CRDs come and go) and starts watching new ones. */
  private async rediscover(): Promise<void> {
    for (const r of await discoverResources(this.client)) {
      this.byKind.set(`${r.group}/${r.kind}`, r);
      const key = `${r.group}/${r.resource}`;
      if (this.watched.has(key) || SKIP.has(r.resource) || !r.verbs.includes('watch') || !r.verbs.includes('delete')) continue;
      this.watched.add(key);
      // Metadata only, as kube-controller-manager's garbage collector watches: it reads nothing
      // else, and its cache holds every object of the cluster.
      this.factory.informerFor({ group: r.group, version: r.version, resource: r.resource }, { metadataOnly: true }).addHandler({
        add: (o) => this.observe(r, o),
        update: (_old, o) => this.observe(r, o),
        delete: (o) => this.forget(o),
      });
    }
  }

  private observe(r: DiscoveredResource, o: KubeObject): void {
    this.graph.upsert(r, o);
    if (o.metadata.ownerReferences?.length) this.queue.add(o.metadata.uid!);
    if (o.metadata.deletionTimestamp && hasAny(o, [ORPHAN, FOREGROUND])) this.queue.add(o.metadata.uid!);
  }

  private forget(o: KubeObject): void {
    for (const d of this.graph.dependentsOf(o.metadata.uid!)) this.queue.add(d.obj.metadata.uid!);
    for (const ref of o.metadata.ownerReferences ?? []) {
      const owner = this.graph.get(ref.uid);
      if (owner?.obj.metadata.deletionTimestamp) this.queue.add(ref.uid);
    }
    this.graph.remove(o);
  }

  private async reconcile(uid: string): Promise<{ requeueAfterMs?: number } | void> {
    const node = this.graph.get(uid);
    if (!node) return;
    const obj = node.obj;
    if (obj.metadata.deletionTimestamp) {
      if (hasAny(obj, [ORPHAN])) return this.orphanDependents(node.res, obj);
      if (hasAny(obj, [FOREGROUND])) return this.deleteDependentsFirst(node.res, obj);
    }
    await this.collectIfOwnersGone(node.res, obj);
  }

  private refOf(r: DiscoveredResource, obj: Readonly<KubeObject>): ResourceRef {
    return { group: r.group, version: r.version, resource: r.resource, namespace: r.namespaced ? obj.metadata.namespace : undefined, name: obj.metadata.name };
  }

  /** Is the owner named by `ref` (in the dependent's namespace) still there with that UID? */
  private async ownerExists(ref: OwnerReference, namespace: string | undefined): Promise<boolean> {
    const known = this.graph.get(ref.uid);
    if (known) return true;
    const { group } = splitApiVersion(ref.apiVersion);
    let r = this.byKind.get(`${group}/${ref.kind}`);
    if (!r) {
      await this.rediscover();
      r = this.byKind.get(`${group}/${ref.kind}`);
      if (!r) return true; // unknown kind: never collect on a guess
    }
    try {
      const owner = await this.client.get({ group: r.group, version: r.version, resource: r.resource, namespace: r.namespaced ? namespace : undefined, name: ref.name });
      return owner.metadata.uid === ref.uid;
    } catch (e) {
      if (isNotFound(e)) return false;
      throw e;
    }
  }

  private async collectIfOwnersGone(r: DiscoveredResource, obj: Readonly<KubeObject>): Promise<void> {
    const refs = obj.metadata.ownerReferences ?? [];
    if (!refs.length) return;
    const dangling: OwnerReference[] = [];
    for (const ref of refs) if (!(await this.ownerExists(ref, obj.metadata.namespace))) dangling.push(ref);
    if (dangling.length === 0) return;
    const self = this.refOf(r, obj);
    if (dangling.length === refs.length) {
      this.opts.logger.debug({ object: `${r.resource}/${obj.metadata.name}` }, 'deleting object whose owners are gone');
      await this.client.delete(self, { propagationPolicy: 'Background', preconditions: { uid: obj.metadata.uid } }).catch(ignoreNotFound);
      return;
    }
    const remaining = refs.filter((x) => !dangling.includes(x));
    await this.client.patch(self, 'merge', { metadata: { ownerReferences: remaining, uid: obj.metadata.uid } }).catch(ignoreNotFound);
  }

  private async orphanDependents(r: DiscoveredResource, owner: Readonly<KubeObject>): Promise<void> {
    const uid = owner.metadata.uid!;
    for (const d of this.graph.dependentsOf(uid)) {
      const remaining = (d.obj.metadata.ownerReferences ?? []).filter((x) => x.uid !== uid);
      await this.client
        .patch(this.refOf(d.res, d.obj), 'merge', { metadata: { ownerReferences: remaining.length ? remaining : null, uid: d.obj.metadata.uid } })
        .catch(ignoreNotFound);
    }
    await this.removeFinalizer(r, owner, ORPHAN);
  }

  private async deleteDependentsFirst(r: DiscoveredResource, owner: Readonly<KubeObject>): Promise<{ requeueAfterMs?: number } | void> {
    const uid = owner.metadata.uid!;
    const deps = this.graph.dependentsOf(uid);
    for (const d of deps) {
      if (d.obj.metadata.deletionTimestamp) continue;
      const ref = d.obj.metadata.ownerReferences?.find((x) => x.uid === uid);
      const policy = ref?.blockOwnerDeletion ? 'Foreground' : 'Background';
      await this.client.delete(this.refOf(d.res, d.obj), { propagationPolicy: policy, preconditions: { uid: d.obj.metadata.uid } }).catch(ignoreNotFound);
    }
    const blocking = deps.filter((d) => d.obj.metadata.ownerReferences?.some((x) => x.uid === uid && x.blockOwnerDeletion));
    if (blocking.length) return { requeueAfterMs: 1000 };
    await this.removeFinalizer(r, owner, FOREGROUND);
  }

  private async removeFinalizer(r: DiscoveredResource, obj: Readonly<KubeObject>, finalizer: string): Promise<void> {
    const remaining = (obj.metadata.finalizers ?? []).filter((f) => f !== finalizer);
    await this.client
      .patch(this.refOf(r, obj), 'merge', { metadata: { finalizers: remaining.length ? remaining : null, uid: obj.metadata.uid } })
      .catch(ignoreNotFound);
  }
}

function hasAny(o: Readonly<KubeObject>, finalizers: string[]): boolean {
  return (o.metadata.finalizers ?? []).some((f) => finalizers.includes(f));
}

function ignoreNotFound(e: unknown): undefined {
  if (isNotFound(e)) return undefined;
  throw e;
}
