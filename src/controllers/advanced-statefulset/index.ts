// Entry point the sandbox wires in: the OpenKruise Advanced StatefulSet controller
// (apps.kruise.io/v1beta1 StatefulSet). It is the shared StatefulSet controller (informers, work
// queue, claim/adopt, revisions, pod control, status writes) pointed at the Kruise resource, with
// Kruise's semantics plugged in through its hooks (kruise-hooks.ts). Talks only to the Kubernetes API.

import type { ApiClient } from '../../client/api-client.js';
import { R } from '../../client/resources.js';
import { realClock, type Clock } from '../../controller/clock.js';
import { ApiEventRecorder } from '../../controller/events.js';
import { InformerFactory } from '../../controller/informer.js';
import { silentLogger, type Logger } from '../../controller/logger.js';
import { kruiseStatefulSetKind, kruiseStatefulSetsRef } from '../../kruise/types.js';
import { StatefulSetController } from '../statefulset/controller.js';
import { StatefulPodControl, ApiObjectManager } from '../statefulset/pod-control.js';
import type { ControllerRevision, PersistentVolumeClaim, Pod } from '../statefulset/types.js';
import { KruiseHooks } from './kruise-hooks.js';

export { KruiseHooks, newKruisePod, extendStatus } from './kruise-hooks.js';
export { KruiseRollingUpdate, isPodUnavailable } from './rolling-update.js';
export { replicaOrdinals, reservedOrdinals } from './ordinals.js';
export { sortPodsToUpdate, sortByPriority } from './update-order.js';
export { inPlaceIncompleteReason, isInPlaceUpdating } from './inplace.js';

export interface AdvancedStatefulSetOptions {
  logger?: Logger;
  workers?: number;
  clock?: Clock;
  factory?: InformerFactory;
}

export interface RunningAdvancedStatefulSetController {
  controller: StatefulSetController;
  ready: Promise<void>;
  stop(): Promise<void>;
}

export function createAdvancedStatefulSetController(client: ApiClient, opts: AdvancedStatefulSetOptions = {}): StatefulSetController {
  const clock = opts.clock ?? realClock;
  const log = (opts.logger ?? silentLogger).child({ controller: 'advanced-statefulset' });
  const factory = opts.factory ?? new InformerFactory(client, { clock, logger: log });
  const recorder = new ApiEventRecorder(client, { component: 'advanced-statefulset-controller', clock, logger: log });
  const revisions = factory.informerFor<ControllerRevision>(R.controllerrevisions);
  const pods = factory.informerFor<Pod>(R.pods);
  const claims = factory.informerFor<PersistentVolumeClaim>(R.persistentvolumeclaims);
  const objects = new ApiObjectManager(client, { pod: (k) => pods.get(k), claim: (k) => claims.get(k) });
  const hooks = new KruiseHooks({ client, recorder, clock, podControl: new StatefulPodControl(objects, recorder), revisions: (ns) => revisions.list(ns) });
  const controller = new StatefulSetController({
    client,
    factory,
    workers: opts.workers,
    logger: opts.logger,
    clock,
    recorder,
    setRef: { ...kruiseStatefulSetsRef },
    kind: kruiseStatefulSetKind,
    hooks: hooks.hooks(),
    name: 'advanced-statefulset',
  });
  return controller;
}

/** Starts the controller in the background; `ready` resolves once its caches have synced. */
export function startAdvancedStatefulSetController(client: ApiClient, opts: AdvancedStatefulSetOptions = {}): RunningAdvancedStatefulSetController {
  const ownsFactory = !opts.factory;
  const factory = opts.factory ?? new InformerFactory(client, { clock: opts.clock ?? realClock, logger: opts.logger ?? silentLogger });
  const controller = createAdvancedStatefulSetController(client, { ...opts, factory });
  const ready = controller.start().catch((err) => opts.logger?.error({ err }, 'advanced statefulset controller failed to start'));
  return {
    controller,
    ready,
    async stop() {
      await controller.stop();
      if (ownsFactory) factory.stop();
    },
  };
}
