// The namespace controller, as kube-controller-manager's: when a Namespace is being deleted it
// deletes every namespaced object in it (discovered through the API), waits until they are gone,
// then removes the `kubernetes` finalizer through namespaces/NAME/finalize so the Namespace goes.

import type { Logger } from 'pino';
import type { KubeObject } from '../../apimachinery/types.js';
import type { ApiClient } from '../../client/api-client.js';
import { discoverResources, type PathGetter } from '../../client/discovery.js';
import { R, at } from '../../client/resources.js';
import { runController, type RunningController } from '../../controller/controller.js';
import { sharedInformer, type SharedInformer } from '../../controller/informer.js';
import { newWorkQueue } from '../../controller/workqueue.js';

export class NamespaceController {
  private readonly queue = newWorkQueue({ name: 'namespace' });
  private informer?: SharedInformer;
  private controller?: RunningController;

  constructor(
    private readonly client: ApiClient & PathGetter,
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    this.informer = sharedInformer(this.client, R.namespaces, { logger: this.log });
    const enqueue = (o: KubeObject): void => {
      if (o.metadata.deletionTimestamp) this.queue.add(o.metadata.name!);
    };
    this.informer.addHandler({ add: enqueue, update: (_o, n) => enqueue(n) });
    await this.informer.start();
    this.controller = runController({ name: 'namespace', queue: this.queue, reconciler: { reconcile: (k) => this.sync(k) }, workers: 2, logger: this.log });
  }

  async stop(): Promise<void> {
    this.informer?.stop();
    await this.controller?.stop();
  }

  private async sync(name: string): Promise<{ requeueAfterMs?: number } | void> {
    const ns = this.informer!.get(name);
    if (!ns?.metadata.deletionTimestamp) return;
    const remaining = await this.deleteContent(name);
    if (remaining > 0) return { requeueAfterMs: 500 };
    const finalizers = (ns.spec?.finalizers ?? []).filter((f: string) => f !== 'kubernetes');
    const body = structuredClone(ns) as KubeObject;
    body.spec = { ...(body.spec ?? {}), finalizers };
    await this.client.update(at(R.namespaces, undefined, name, 'finalize'), body);
  }

  /** Deletes everything namespaced in `ns`; returns how many objects are still there. */
  private async deleteContent(ns: string): Promise<number> {
    let remaining = 0;
    for (const r of await discoverResources(this.client)) {
      if (!r.namespaced || !r.verbs.includes('list')) continue;
      const ref = { group: r.group, version: r.version, resource: r.resource, namespace: ns };
      const list = await this.client.list(ref);
      if (list.items.length === 0) continue;
      remaining += list.items.length;
      if (r.verbs.includes('deletecollection')) await this.client.delete(ref, { propagationPolicy: 'Background' });
    }
    return remaining;
  }
}
