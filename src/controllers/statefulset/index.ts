// Entry point the sandbox wires in: starts the apps/v1 StatefulSet controller on an ApiClient.

import type { ApiClient } from '../../client/api-client.js';
import type { Clock } from '../../controller/clock.js';
import type { InformerFactory } from '../../controller/informer.js';
import type { Logger } from '../../controller/logger.js';
import { StatefulSetController } from './controller.js';

export { StatefulSetController } from './controller.js';
export { DefaultStatefulSetControl, defaultHooks, type StatefulSetHooks } from './control.js';

export interface StartOptions {
  workers?: number;
  logger?: Logger;
  clock?: Clock;
  factory?: InformerFactory;
}

/** Starts the controller in the background; `ready` resolves once its caches have synced. */
export function startStatefulSetController(client: ApiClient, opts: StartOptions = {}): { stop(): void; ready: Promise<void>; controller: StatefulSetController } {
  const controller = new StatefulSetController({ client, workers: opts.workers, logger: opts.logger, clock: opts.clock, factory: opts.factory });
  const ready = controller.start().catch((err) => {
    opts.logger?.error({ err }, 'statefulset controller failed to start');
  });
  return {
    controller,
    ready,
    stop() {
      void controller.stop();
    },
  };
}
