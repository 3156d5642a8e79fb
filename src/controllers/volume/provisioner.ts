// Ordinal's external provisioner for its two classes (the role rancher's local-path-provisioner
// and nfs-subdir-external-provisioner play on a real cluster, via sig-storage's provisioner
// library): provisions claims the PV controller annotated with one of our provisioner names, once
// the scheduler has picked a node for WaitForFirstConsumer classes, and deletes Released volumes
// it provisioned whose reclaim policy is Delete (directory first, then the PV object).

import { isAlreadyExists, isNotFound } from '../../apimachinery/errors.js';
import type { KubeObject } from '../../apimachinery/types.js';
import { R, at } from '../../client/resources.js';
import type { EventRecorder } from '../../controller/contracts.js';
import { ANN_BETA_STORAGE_PROVISIONER, ANN_PROVISIONED_BY, ANN_SELECTED_NODE, ANN_STORAGE_PROVISIONER, OUR_PROVISIONERS, Reason } from './constants.js';
import type { VolumeContext } from './context.js';
import { buildProvisionedVolume, provisionedVolumeName, provisionRefusal } from './provisioned-volume.js';
import { claimClassName, type StorageClass } from './storage-classes.js';
import { createVolumeDir, isManagedPath, removeVolumeDir } from './volume-dirs.js';

export interface ProvisionerContext extends VolumeContext {
  /** Events from the provisioner itself ("Provisioning", "ProvisioningSucceeded", ...). */
  recorder: EventRecorder;
}

export class Provisioner {
  constructor(private readonly ctx: ProvisionerContext) {}

  /** The class to provision with, when this claim is ours to provision now (shouldProvision). */
  private provisionable(pvc: KubeObject): StorageClass | undefined {
    if (pvc.spec?.volumeName || pvc.metadata.deletionTimestamp) return undefined;
    const ann = pvc.metadata.annotations ?? {};
    const named = ann[ANN_STORAGE_PROVISIONER] ?? ann[ANN_BETA_STORAGE_PROVISIONER];
    if (!named || !OUR_PROVISIONERS.includes(named)) return undefined;
    const sc = this.ctx.classes.get(claimClassName(pvc)) as StorageClass | undefined;
    if (!sc || sc.provisioner !== named) return undefined;
    if (sc.volumeBindingMode === 'WaitForFirstConsumer' && !ann[ANN_SELECTED_NODE]) return undefined;
    if (this.ctx.volumes.get(provisionedVolumeName(pvc))) return undefined;
    return sc;
  }

  async syncClaim(pvc: KubeObject): Promise<void> {
    const sc = this.provisionable(pvc);
    if (!sc) return;
    const node = pvc.metadata.annotations?.[ANN_SELECTED_NODE];
    const refusal = provisionRefusal({ claim: pvc, sc, node });
    const key = `${pvc.metadata.namespace}/${pvc.metadata.name}`;
    if (refusal) {
      this.ctx.recorder.event(pvc, 'Warning', Reason.ProvisioningFailed, `failed to provision volume with StorageClass "${sc.metadata.name}": ${refusal}`);
      return;
    }
    this.ctx.recorder.event(pvc, 'Normal', Reason.Provisioning, `External provisioner is provisioning volume for claim "${key}"`);
    const name = provisionedVolumeName(pvc);
    const path = await createVolumeDir(this.ctx.dataDir, name);
    try {
      await this.ctx.client.create(R.persistentvolumes, buildProvisionedVolume({ claim: pvc, sc, node, path }));
    } catch (e) {
      if (isAlreadyExists(e)) return; // an earlier sync made it; our cache had not seen it yet
      this.ctx.recorder.event(pvc, 'Warning', Reason.ProvisioningFailed, `failed to provision volume with StorageClass "${sc.metadata.name}": ${(e as Error).message}`);
      throw e;
    }
    this.ctx.log.info({ pvc: key, pv: name, node }, 'provisioned volume');
    this.ctx.recorder.event(pvc, 'Normal', Reason.ProvisioningSucceeded, `Successfully provisioned volume ${name}`);
  }

  /** shouldDelete: a Released volume we provisioned whose policy is Delete. */
  async syncVolume(pv: KubeObject): Promise<void> {
    if (pv.status?.phase !== 'Released' || pv.spec?.persistentVolumeReclaimPolicy !== 'Delete') return;
    if (!OUR_PROVISIONERS.includes(pv.metadata.annotations?.[ANN_PROVISIONED_BY] ?? '')) return;
    const path: string | undefined = pv.spec?.hostPath?.path;
    try {
      if (path && isManagedPath(this.ctx.dataDir, path)) await removeVolumeDir(this.ctx.dataDir, path);
    } catch (e) {
      this.ctx.recorder.event(pv, 'Warning', Reason.VolumeFailedDelete, (e as Error).message);
      throw e;
    }
    if (pv.metadata.deletionTimestamp) return; // already on its way out (pv-protection holds it)
    try {
      await this.ctx.client.delete(at(R.persistentvolumes, undefined, pv.metadata.name), { preconditions: { uid: pv.metadata.uid } });
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
    this.ctx.log.info({ pv: pv.metadata.name, path }, 'deleted volume');
  }
}
