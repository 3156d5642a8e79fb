// Wires the volume controllers onto shared informers, each with its own work queue as in
// kube-controller-manager (so one slow or failing concern never stalls another):
//   claim binder + volume binder   (persistentvolume-controller: binding, phases, reclaim)
//   claim provisioner + deleter    (our external provisioner for `standard` and `shared`)
//   pvc-protection, pv-protection  (finalizers)
//   resizer                        (expansion)
// A periodic resync re-queues every claim and volume, as the PV controller's 15 s resync does.

import { isConflict } from '../../apimachinery/errors.js';
import { objectKey, type KubeObject } from '../../apimachinery/types.js';
import type { ApiClient } from '../../client/api-client.js';
import { R } from '../../client/resources.js';
import type { EventRecorder, Result } from '../../controller/contracts.js';
import { runController, type RunningController } from '../../controller/controller.js';
import { ApiEventRecorder } from '../../controller/events.js';
import { InformerFactory, type SharedInformer } from '../../controller/informer.js';
import { silentLogger, type Logger } from '../../controller/logger.js';
import { newWorkQueue, type DefaultWorkQueue } from '../../controller/workqueue.js';
import { ClaimSyncer } from './claim-sync.js';
import { claimKeyOfRef, claimNamesOfPod, type VolumeContext } from './context.js';
import { ClaimProtection, VolumeProtection } from './protection.js';
import { Provisioner } from './provisioner.js';
import { Resizer } from './resizer.js';
import { ensureDefaultStorageClasses } from './storage-classes.js';
import { VolumeSyncer } from './volume-sync.js';

export interface VolumeControllerOptions {
  dataDir: string;
  logger?: Logger;
  /** Share informers with other controllers of the process. */
  factory?: InformerFactory;
  /** One recorder for every event (tests); by default each part records under its upstream component name. */
  recorder?: EventRecorder;
  /** @default 15000 */
  resyncMs?: number;
  /** Create `standard` and `shared` when missing. @default true */
  ensureClasses?: boolean;
}

interface Loop {
  queue: DefaultWorkQueue;
  running?: RunningController;
}

function loopOver(name: string, inf: SharedInformer<KubeObject>, fn: (o: KubeObject) => Promise<void>, log: Logger): Loop {
  const queue = newWorkQueue({ name });
  const reconcile = async (key: string): Promise<Result | void> => {
    const obj = inf.get(key);
    if (!obj) return;
    try {
      await fn(obj);
    } catch (e) {
      // Our cache was behind our own (or someone's) write; the watch brings the new version soon.
      if (isConflict(e)) return { requeueAfterMs: 100 };
      throw e;
    }
  };
  return { queue, running: runController({ name, queue, reconciler: { reconcile }, workers: 2, logger: log }) };
}

export async function startVolumeControllers(client: ApiClient, opts: VolumeControllerOptions): Promise<{ stop(): Promise<void> }> {
  const log = opts.logger ?? silentLogger;
  if (opts.ensureClasses !== false) await ensureDefaultStorageClasses(client);
  const factory = opts.factory ?? new InformerFactory(client, { logger: log });
  const ctx: VolumeContext = {
    client,
    log,
    dataDir: opts.dataDir,
    claims: factory.informerFor(R.persistentvolumeclaims),
    volumes: factory.informerFor(R.persistentvolumes),
    classes: factory.informerFor(R.storageclasses),
    pods: factory.informerFor(R.pods),
  };
  const rec = (component: string) => opts.recorder ?? new ApiEventRecorder(client, { component, logger: log });
  const binderCtx = { ...ctx, recorder: rec('persistentvolume-controller') };
  const loops: Record<string, Loop> = {};
  const claimSyncer = new ClaimSyncer(binderCtx);
  loops.claimBinder = loopOver('pv-binder-claims', ctx.claims, (o) => claimSyncer.sync(o), log);
  const volumeSyncer = new VolumeSyncer(binderCtx, (k) => loops.claimBinder!.queue.add(k));
  loops.volumeBinder = loopOver('pv-binder-volumes', ctx.volumes, (o) => volumeSyncer.sync(o), log);
  const provisioner = new Provisioner({ ...ctx, recorder: rec('ordinal.dev/provisioner') });
  loops.provision = loopOver('provisioner-claims', ctx.claims, (o) => provisioner.syncClaim(o), log);
  loops.deleter = loopOver('provisioner-volumes', ctx.volumes, (o) => provisioner.syncVolume(o), log);
  const pvcProtection = new ClaimProtection(ctx);
  loops.pvcProtection = loopOver('pvc-protection', ctx.claims, (o) => pvcProtection.sync(o), log);
  const pvProtection = new VolumeProtection(ctx);
  loops.pvProtection = loopOver('pv-protection', ctx.volumes, (o) => pvProtection.sync(o), log);
  const resizer = new Resizer({ ...ctx, recorder: rec('external-resizer ordinal.dev') });
  loops.resizer = loopOver('volume-resizer', ctx.claims, (o) => resizer.sync(o), log);
  wireHandlers(ctx, loops);

  await factory.start();
  const resync = setInterval(() => resyncAll(ctx, loops), opts.resyncMs ?? 15_000);
  resync.unref();
  return {
    async stop() {
      clearInterval(resync);
      await Promise.all(Object.values(loops).map((l) => l.running?.stop()));
      if (!opts.factory) factory.stop();
    },
  };
}

const claimLoops = ['claimBinder', 'provision', 'pvcProtection', 'resizer'];
const volumeLoops = ['volumeBinder', 'deleter', 'pvProtection'];

function addTo(loops: Record<string, Loop>, names: string[], key: string): void {
  for (const n of names) loops[n]!.queue.add(key);
}

function resyncAll(ctx: VolumeContext, loops: Record<string, Loop>): void {
  for (const c of ctx.claims.list()) addTo(loops, claimLoops, objectKey(c));
  for (const v of ctx.volumes.list()) addTo(loops, volumeLoops, objectKey(v));
}

function wireHandlers(ctx: VolumeContext, loops: Record<string, Loop>): void {
  const onClaim = (c: KubeObject) => addTo(loops, claimLoops, objectKey(c));
  ctx.claims.addHandler({
    add: onClaim,
    update: (_o, c) => onClaim(c),
    // A deleted claim releases the volumes that point at it.
    delete: (c) => {
      for (const v of ctx.volumes.list()) if (v.spec?.claimRef?.uid === c.metadata.uid) loops.volumeBinder!.queue.add(objectKey(v));
    },
  });
  const onVolume = (v: KubeObject) => {
    addTo(loops, volumeLoops, objectKey(v));
    if (v.spec?.claimRef) addTo(loops, ['claimBinder', 'resizer'], claimKeyOfRef(v.spec.claimRef));
  };
  ctx.volumes.addHandler({
    add: onVolume,
    update: (_o, v) => onVolume(v),
    delete: (v) => {
      if (v.spec?.claimRef) loops.claimBinder!.queue.add(claimKeyOfRef(v.spec.claimRef));
    },
  });
  // A new or changed class may unblock claims that waited for it.
  const onClass = () => {
    for (const c of ctx.claims.list()) if (!c.spec?.volumeName) addTo(loops, ['claimBinder', 'provision'], objectKey(c));
  };
  ctx.classes.addHandler({ add: onClass, update: onClass });
  // Pods going away (or finishing) may free a deleting claim.
  const onPod = (p: KubeObject) => {
    for (const name of claimNamesOfPod(p)) loops.pvcProtection!.queue.add(`${p.metadata.namespace}/${name}`);
  };
  ctx.pods.addHandler({ update: (_o, p) => onPod(p), delete: onPod });
}
