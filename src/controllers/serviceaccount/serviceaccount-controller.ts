// Ensures every active namespace has its `default` ServiceAccount (kube-controller-manager's
// serviceaccount controller), recreating it if deleted.

import type { Logger } from 'pino';
import { isAlreadyExists } from '../../apimachinery/errors.js';
import type { KubeObject } from '../../apimachinery/types.js';
import type { ApiClient } from '../../client/api-client.js';
import { R, at } from '../../client/resources.js';
import { runController, type RunningController } from '../../controller/controller.js';
import { sharedInformer, type SharedInformer } from '../../controller/informer.js';
import { newWorkQueue } from '../../controller/workqueue.js';

export class ServiceAccountController {
  private readonly queue = newWorkQueue({ name: 'serviceaccount' });
  private namespaces?: SharedInformer;
  private accounts?: SharedInformer;
  private controller?: RunningController;

  constructor(
    private readonly client: ApiClient,
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    this.namespaces = sharedInformer(this.client, R.namespaces, { logger: this.log });
    this.accounts = sharedInformer(this.client, R.serviceaccounts, { logger: this.log, fieldSelector: 'metadata.name=default' });
    this.namespaces.addHandler({ add: (o) => this.queue.add(o.metadata.name!), update: (_o, n) => this.queue.add(n.metadata.name!) });
    this.accounts.addHandler({ delete: (o: KubeObject) => this.queue.add(o.metadata.namespace!) });
    await Promise.all([this.namespaces.start(), this.accounts.start()]);
    this.controller = runController({ name: 'serviceaccount', queue: this.queue, reconciler: { reconcile: (k) => this.sync(k) }, workers: 1, logger: this.log });
  }

  async stop(): Promise<void> {
    this.namespaces?.stop();
    this.accounts?.stop();
    await this.controller?.stop();
  }

  private async sync(ns: string): Promise<void> {
    const namespace = this.namespaces!.get(ns);
    if (!namespace || namespace.metadata.deletionTimestamp) return;
    if (this.accounts!.get(`${ns}/default`)) return;
    try {
      await this.client.create(at(R.serviceaccounts, ns), { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: ns } });
    } catch (e) {
      if (!isAlreadyExists(e)) throw e;
    }
  }
}
