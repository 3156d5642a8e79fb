// Starts the Endpoints and EndpointSlice controllers (kube-controller-manager's "endpoint" and
// "endpointslice" controllers) on shared service and pod informers.

import type { ApiClient } from '../../client/api-client.js';
import { R } from '../../client/resources.js';
import { runController, type RunningController } from '../../controller/controller.js';
import { InformerFactory } from '../../controller/informer.js';
import { silentLogger, type Logger } from '../../controller/logger.js';
import { newWorkQueue } from '../../controller/workqueue.js';
import { EndpointsReconciler } from './endpoints-controller.js';
import { EndpointSliceReconciler } from './endpointslice-controller.js';
import { wireServiceQueue } from './service-keys.js';

export interface EndpointControllersOptions {
  factory?: InformerFactory;
  logger?: Logger;
  /** Workers per controller (kube's --concurrent-endpoint-syncs defaults to 5). */
  workers?: number;
}

export async function startEndpointControllers(client: ApiClient, opts: EndpointControllersOptions = {}): Promise<{ stop(): Promise<void> }> {
  const ownFactory = !opts.factory;
  const factory = opts.factory ?? new InformerFactory(client, { logger: opts.logger });
  const services = factory.informerFor(R.services);
  const pods = factory.informerFor(R.pods);
  const running: RunningController[] = [];
  for (const [name, reconciler] of [
    ['endpoints', new EndpointsReconciler(client, services, pods)],
    ['endpointslice', new EndpointSliceReconciler(client, services, pods)],
  ] as const) {
    const queue = newWorkQueue({ name });
    wireServiceQueue(services, pods, queue);
    running.push(runController({ name, queue, reconciler, workers: opts.workers ?? 5, logger: opts.logger ?? silentLogger }));
  }
  await factory.start();
  return {
    async stop() {
      await Promise.all(running.map((r) => r.stop()));
      if (ownFactory) factory.stop();
    },
  };
}
