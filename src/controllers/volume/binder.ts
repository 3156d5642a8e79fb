// The write half of the PV binder (pv_controller.go bind, bindVolumeToClaim, bindClaimToVolume,
// unbindVolume, updateClaimStatus, updateVolumePhase). Every write is a full update carrying the
// resourceVersion it was computed from, so two writers can never bind one volume twice: the
// loser gets a Conflict and the next sync starts from fresh state.

import type { KubeObject } from '../../apimachinery/types.js';
import { R, at } from '../../client/resources.js';
import type { EventRecorder } from '../../controller/contracts.js';
import { ANN_BIND_COMPLETED, ANN_BOUND_BY_CONTROLLER } from './constants.js';
import type { VolumeContext } from './context.js';
import { isVolumeBoundToClaim } from './matching.js';

export interface BinderContext extends VolumeContext {
  recorder: EventRecorder;
}

const clone = <T>(o: T): T => structuredClone(o);
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const pvcRef = (pvc: KubeObject, sub?: string) => at(R.persistentvolumeclaims, pvc.metadata.namespace, pvc.metadata.name, sub);
const pvRef = (pv: KubeObject, sub?: string) => at(R.persistentvolumes, undefined, pv.metadata.name, sub);

/**
 * Writes the claim's phase, and its accessModes/capacity from the volume. Capacity is copied only
 * when the claim becomes Bound: afterwards it belongs to the resizer.
 */
export async function updateClaimStatus(ctx: BinderContext, pvc: KubeObject, phase: string, pv?: KubeObject): Promise<KubeObject> {
  const next = clone(pvc);
  const status = (next.status ??= {});
  status.phase = phase;
  if (!pv) {
    delete status.accessModes;
    delete status.capacity;
  } else {
    status.accessModes = clone(pv.spec?.accessModes);
    if (pvc.status?.phase !== phase && !same(pvc.status?.capacity?.storage, pv.spec?.capacity?.storage)) status.capacity = clone(pv.spec?.capacity);
  }
  if (same(status, pvc.status)) return pvc;
  const saved = await ctx.client.update(pvcRef(pvc, 'status'), next);
  ctx.log.info({ pvc: `${pvc.metadata.namespace}/${pvc.metadata.name}`, phase }, 'claim entered phase');
  return saved;
}

/** updateClaimStatusWithEvent: the event is emitted only when the phase actually changes. */
export async function updateClaimStatusWithEvent(ctx: BinderContext, pvc: KubeObject, phase: string, ev: { type: 'Normal' | 'Warning'; reason: string; message: string }): Promise<KubeObject> {
  if (pvc.status?.phase === phase) return pvc;
  const saved = await updateClaimStatus(ctx, pvc, phase);
  ctx.recorder.event(saved, ev.type, ev.reason, ev.message);
  return saved;
}

export async function updateVolumePhase(ctx: BinderContext, pv: KubeObject, phase: string, message = ''): Promise<KubeObject> {
  if (pv.status?.phase === phase) return pv;
  const next = clone(pv);
  next.status = { ...(next.status ?? {}), phase };
  if (message) next.status.message = message;
  else delete next.status.message;
  const saved = await ctx.client.update(pvRef(pv, 'status'), next);
  ctx.log.info({ pv: pv.metadata.name, phase }, 'volume entered phase');
  return saved;
}

export async function updateVolumePhaseWithEvent(ctx: BinderContext, pv: KubeObject, phase: string, ev: { type: 'Normal' | 'Warning'; reason: string; message: string }): Promise<KubeObject> {
  if (pv.status?.phase === phase) return pv;
  const saved = await updateVolumePhase(ctx, pv, phase, ev.message);
  ctx.recorder.event(saved, ev.type, ev.reason, ev.message);
  return saved;
}

/** GetBindVolumeToClaim + save: claimRef with the claim's uid, bound-by-controller if we chose it. */
async function bindVolumeToClaim(ctx: BinderContext, pv: KubeObject, pvc: KubeObject): Promise<KubeObject> {
  const ref = pv.spec?.claimRef;
  const boundHere = isVolumeBoundToClaim(pv, pvc);
  if (boundHere && ref?.uid === pvc.metadata.uid) return pv;
  const next = clone(pv);
  next.spec.claimRef = {
    kind: 'PersistentVolumeClaim',
    namespace: pvc.metadata.namespace,
    name: pvc.metadata.name,
    uid: pvc.metadata.uid,
    apiVersion: 'v1',
    resourceVersion: pvc.metadata.resourceVersion,
  };
  if (!boundHere) (next.metadata.annotations ??= {})[ANN_BOUND_BY_CONTROLLER] = 'yes';
  return ctx.client.update(pvRef(pv), next);
}

/** The claim side: volumeName, bind-completed and (when we picked the volume) bound-by-controller. */
async function bindClaimToVolume(ctx: BinderContext, pvc: KubeObject, pv: KubeObject): Promise<KubeObject> {
  const ann = pvc.metadata.annotations ?? {};
  const chosenHere = !pvc.spec?.volumeName;
  if (!chosenHere && pvc.spec.volumeName === pv.metadata.name && ann[ANN_BIND_COMPLETED] !== undefined) return pvc;
  const next = clone(pvc);
  next.spec.volumeName = pv.metadata.name;
  const a = (next.metadata.annotations ??= {});
  if (chosenHere) a[ANN_BOUND_BY_CONTROLLER] = 'yes';
  a[ANN_BIND_COMPLETED] = 'yes';
  return ctx.client.update(pvcRef(pvc), next);
}

/** bind(): volume first (it is the lock), then its phase, then the claim and the claim's status. */
export async function bind(ctx: BinderContext, pv: KubeObject, pvc: KubeObject): Promise<void> {
  let volume = await bindVolumeToClaim(ctx, pv, pvc);
  volume = await updateVolumePhase(ctx, volume, 'Bound');
  const claim = await bindClaimToVolume(ctx, pvc, volume);
  await updateClaimStatus(ctx, claim, 'Bound', volume);
}

/**
 * unbindVolume: a volume we bound loses its claimRef entirely; one the user pre-bound keeps the
 * reference but loses the uid, so it waits for that claim again. Either way it is Available.
 */
export async function unbindVolume(ctx: BinderContext, pv: KubeObject): Promise<void> {
  const next = clone(pv);
  if (next.metadata.annotations?.[ANN_BOUND_BY_CONTROLLER] !== undefined) {
    delete next.spec.claimRef;
    delete next.metadata.annotations[ANN_BOUND_BY_CONTROLLER];
  } else if (next.spec.claimRef) {
    delete next.spec.claimRef.uid;
    delete next.spec.claimRef.resourceVersion;
  }
  const saved = await ctx.client.update(pvRef(pv), next);
  await updateVolumePhase(ctx, saved, 'Available');
}
