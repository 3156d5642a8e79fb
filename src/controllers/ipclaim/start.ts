// Starts the IPClaim controller on claim and pod informers. Pod deletions queue the claim of the
// same name, so policies act as soon as a pod is gone.

import { objectKey } from '../../apimachinery/types.js';
import type { ApiClient } from '../../client/api-client.js';
import { R } from '../../client/resources.js';
import type { EventRecorder } from '../../controller/contracts.js';
import { runController } from '../../controller/controller.js';
import { InformerFactory } from '../../controller/informer.js';
import { silentLogger, type Logger } from '../../controller/logger.js';
import { newWorkQueue } from '../../controller/workqueue.js';
import type { KubeObject } from '../../apimachinery/types.js';
import { CLAIM_SET_LABEL, type IPClaim } from './claim.js';
import { IpClaimReconciler } from './ipclaim-controller.js';

export interface IpClaimControllerOptions {
  factory?: InformerFactory;
  logger?: Logger;
  recorder?: EventRecorder;
  now?: () => number;
  workers?: number;
}

export async function startIpClaimController(client: ApiClient, opts: IpClaimControllerOptions = {}): Promise<{ stop(): Promise<void> }> {
  const ownFactory = !opts.factory;
  const factory = opts.factory ?? new InformerFactory(client, { logger: opts.logger });
  const claims = factory.informerFor<IPClaim>(R.ipclaims);
  const pods = factory.informerFor(R.pods);
  const queue = newWorkQueue({ name: 'ipclaim' });
  const enqueue = (o: { metadata: { name?: string; namespace?: string } }) => queue.add(objectKey(o as any));
  claims.addHandler({ add: enqueue, update: (_o, n) => enqueue(n) });
  pods.addHandler({
    delete: (p) => {
      if (claims.get(objectKey(p))) enqueue(p);
    },
    update: (_o, p) => {
      if ((p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed') && claims.get(objectKey(p))) enqueue(p);
    },
  });
  // Set deletions and scale changes re-check that set's claims (apps/v1; Advanced StatefulSets are
  // covered by the periodic re-check and by garbage collection through the owner reference).
  const sets = factory.informerFor(R.statefulsets);
  const enqueueSetClaims = (set: KubeObject) => {
    for (const c of claims.listBySelector(set.metadata.namespace, `${CLAIM_SET_LABEL}=${set.metadata.name}`)) enqueue(c);
  };
  sets.addHandler({ update: (_o, n) => enqueueSetClaims(n), delete: enqueueSetClaims });
  const reconciler = new IpClaimReconciler({ client, claims, pods, now: opts.now, recorder: opts.recorder });
  const running = runController({ name: 'ipclaim', queue, reconciler, workers: opts.workers ?? 2, logger: opts.logger ?? silentLogger });
  await factory.start();
  return {
    async stop() {
      await running.stop();
      if (ownFactory) factory.stop();
    },
  };
}
