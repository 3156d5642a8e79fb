// Volume expansion, as the external-resizer does it for a volume that needs no node-side
// filesystem step (our volumes are directories): when a bound claim of a class with
// allowVolumeExpansion asks for more than its status.capacity, mark the claim Resizing
// (allocatedResources, allocatedResourceStatuses ControllerResizeInProgress), grow the PV's
// spec.capacity, then record the new status.capacity and clear the resize conditions.

import type { KubeObject } from '../../apimachinery/types.js';
import { R, at } from '../../client/resources.js';
import type { EventRecorder } from '../../controller/contracts.js';
import { Reason } from './constants.js';
import type { VolumeContext } from './context.js';
import { isVolumeBoundToClaim, requestedStorage, storageOf, volumeStorage } from './matching.js';
import { claimClassName, type StorageClass } from './storage-classes.js';

export interface ResizerContext extends VolumeContext {
  recorder: EventRecorder;
  now?: () => Date;
}

const RESIZE_CONDITIONS = ['Resizing', 'FileSystemResizePending', 'ControllerResizeError', 'NodeResizeError'];
const timestamp = (d: Date): string => d.toISOString().replace(/\.\d+Z$/, 'Z');

export class Resizer {
  constructor(private readonly ctx: ResizerContext) {}

  /** The bound volume to grow, when the claim asks for more than it has and its class allows it. */
  private target(pvc: KubeObject): KubeObject | undefined {
    if (pvc.status?.phase !== 'Bound' || !pvc.spec?.volumeName || pvc.metadata.deletionTimestamp) return undefined;
    const sc = this.ctx.classes.get(claimClassName(pvc)) as StorageClass | undefined;
    if (!sc?.allowVolumeExpansion) return undefined;
    if (requestedStorage(pvc) <= storageOf(pvc.status?.capacity?.storage)) return undefined;
    const pv = this.ctx.volumes.get(pvc.spec.volumeName);
    return pv && isVolumeBoundToClaim(pv, pvc) ? pv : undefined;
  }

  async sync(pvc: KubeObject): Promise<void> {
    const pv = this.target(pvc);
    if (!pv) return;
    const size = pvc.spec.resources.requests.storage;
    let claim = pvc;
    if (volumeStorage(pv) < requestedStorage(pvc)) {
      claim = await this.markInProgress(pvc, size);
      this.ctx.recorder.event(claim, 'Normal', Reason.Resizing, `External resizer is resizing volume ${pv.metadata.name}`);
      const next = structuredClone(pv);
      next.spec.capacity = { ...next.spec.capacity, storage: size };
      await this.ctx.client.update(at(R.persistentvolumes, undefined, pv.metadata.name), next);
    }
    await this.markFinished(claim, size);
    this.ctx.recorder.event(claim, 'Normal', Reason.VolumeResizeSuccessful, 'Resize volume succeeded');
  }

  private async markInProgress(pvc: KubeObject, size: string): Promise<KubeObject> {
    const next = structuredClone(pvc);
    const now = timestamp(this.ctx.now?.() ?? new Date());
    const conditions = (next.status.conditions ?? []).filter((c: { type: string }) => !RESIZE_CONDITIONS.includes(c.type));
    conditions.push({ type: 'Resizing', status: 'True', lastProbeTime: null, lastTransitionTime: now });
    next.status.conditions = conditions;
    next.status.allocatedResources = { ...(next.status.allocatedResources ?? {}), storage: size };
    next.status.allocatedResourceStatuses = { ...(next.status.allocatedResourceStatuses ?? {}), storage: 'ControllerResizeInProgress' };
    return this.ctx.client.update(at(R.persistentvolumeclaims, pvc.metadata.namespace, pvc.metadata.name, 'status'), next);
  }

  private async markFinished(pvc: KubeObject, size: string): Promise<KubeObject> {
    const next = structuredClone(pvc);
    next.status.capacity = { ...(next.status.capacity ?? {}), storage: size };
    next.status.allocatedResources = { ...(next.status.allocatedResources ?? {}), storage: size };
    const conditions = (next.status.conditions ?? []).filter((c: { type: string }) => !RESIZE_CONDITIONS.includes(c.type));
    if (conditions.length) next.status.conditions = conditions;
    else delete next.status.conditions;
    if (next.status.allocatedResourceStatuses) {
      delete next.status.allocatedResourceStatuses.storage;
      if (Object.keys(next.status.allocatedResourceStatuses).length === 0) delete next.status.allocatedResourceStatuses;
    }
    return this.ctx.client.update(at(R.persistentvolumeclaims, pvc.metadata.namespace, pvc.metadata.name, 'status'), next);
  }
}
