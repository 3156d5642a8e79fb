// syncClaim of the PV binder (pv_controller.go syncUnboundClaim / syncBoundClaim): find or wait
// for a volume for an unbound claim, hand it to the provisioner named by its class, finish
// bindings the scheduler or a user started, and notice bound claims that lost their volume.

import { isInvalid } from './errors.js';
import type { KubeObject } from '../../apimachinery/types.js';
import { R, at } from '../../client/resources.js';
import { bind, updateClaimStatus, updateClaimStatusWithEvent, type BinderContext } from './binder.js';
import { ANN_BETA_STORAGE_PROVISIONER, ANN_BIND_COMPLETED, ANN_BOUND_BY_CONTROLLER, ANN_SELECTED_NODE, ANN_STORAGE_PROVISIONER, Reason } from './constants.js';
import { claimNamesOfPod } from './context.js';
import { findBestMatch, isVolumeBoundToClaim, volumeMismatch } from './matching.js';
import { claimClassName, claimHasClass, defaultClassOf, type StorageClass } from './storage-classes.js';

export const WAIT_FOR_FIRST_CONSUMER_MESSAGE = 'waiting for first consumer to be created before binding';
const NO_CLASS_MESSAGE = 'no persistent volumes available for this claim and no storage class is set';

export function externalProvisioningMessage(provisioner: string): string {
  return `Waiting for a volume to be created either by the external provisioner '${provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`;
}

export class ClaimSyncer {
  /** Set once the API server refused a retroactive class assignment, so we stop asking. */
  private retroactiveRefused = false;

  constructor(private readonly ctx: BinderContext) {}

  async sync(pvc: KubeObject): Promise<void> {
    if (pvc.metadata.annotations?.[ANN_BIND_COMPLETED] === undefined) await this.syncUnbound(pvc);
    else await this.syncBound(pvc);
  }

  private classOf(pvc: KubeObject): StorageClass | undefined {
    const name = claimClassName(pvc);
    return name ? (this.ctx.classes.get(name) as StorageClass | undefined) : undefined;
  }

  private async syncUnbound(pvc: KubeObject): Promise<void> {
    if (pvc.spec?.volumeName) return this.syncRequestedVolume(pvc);
    const sc = this.classOf(pvc);
    const delayBinding = sc?.volumeBindingMode === 'WaitForFirstConsumer';
    const pv = findBestMatch(pvc, this.ctx.volumes.list(), delayBinding);
    if (pv) return bind(this.ctx, pv, pvc);
    if (await this.assignDefaultClass(pvc)) return;
    if (delayBinding && !pvc.metadata.annotations?.[ANN_SELECTED_NODE]) this.emitWaitingForConsumer(pvc);
    else if (claimClassName(pvc) !== '') {
      await this.provisionClaim(pvc, sc);
      return;
    } else this.ctx.recorder.event(pvc, 'Normal', Reason.FailedBinding, NO_CLASS_MESSAGE);
    await updateClaimStatus(this.ctx, pvc, 'Pending');
  }

  /** The user (or the StatefulSet template) named a volume in spec.volumeName. */
  private async syncRequestedVolume(pvc: KubeObject): Promise<void> {
    const pv = this.ctx.volumes.get(pvc.spec.volumeName);
    if (!pv) {
      await updateClaimStatus(this.ctx, pvc, 'Pending');
      return;
    }
    if (!pv.spec?.claimRef) {
      const why = volumeMismatch(pv, pvc);
      if (!why) return bind(this.ctx, pv, pvc);
      this.ctx.recorder.event(pvc, 'Warning', Reason.VolumeMismatch, `Cannot bind to requested volume "${pv.metadata.name}": ${why}`);
      await updateClaimStatus(this.ctx, pvc, 'Pending');
      return;
    }
    if (isVolumeBoundToClaim(pv, pvc)) return bind(this.ctx, pv, pvc);
    this.ctx.recorder.event(pvc, 'Warning', Reason.FailedBinding, `volume "${pv.metadata.name}" already bound to a different claim.`);
    if (pvc.metadata.annotations?.[ANN_BOUND_BY_CONTROLLER] !== undefined) {
      throw new Error(`invalid binding of claim "${pvc.metadata.namespace}/${pvc.metadata.name}" to volume "${pv.metadata.name}": volume already claimed by "${pv.spec.claimRef.namespace}/${pv.spec.claimRef.name}"`);
    }
    await updateClaimStatus(this.ctx, pvc, 'Pending');
  }

  private async syncBound(pvc: KubeObject): Promise<void> {
    const lost = (message: string, reason: string = Reason.ClaimLost) => updateClaimStatusWithEvent(this.ctx, pvc, 'Lost', { type: 'Warning', reason, message });
    if (!pvc.spec?.volumeName) {
      await lost('Bound claim has lost reference to PersistentVolume. Data on the volume is lost!');
      return;
    }
    const pv = this.ctx.volumes.get(pvc.spec.volumeName);
    if (!pv) {
      await lost('Bound claim has lost its PersistentVolume. Data on the volume is lost!');
      return;
    }
    if (!pv.spec?.claimRef || pv.spec.claimRef.uid === pvc.metadata.uid) return bind(this.ctx, pv, pvc);
    await lost('Two claims are bound to the same volume, this one is bound incorrectly', Reason.ClaimMisbound);
  }

  /**
   * Retroactive default StorageClass assignment: a claim created without any class gets the
   * default one once it exists. Returns true when the claim was updated (the update re-queues it).
   */
  private async assignDefaultClass(pvc: KubeObject): Promise<boolean> {
    if (claimHasClass(pvc) || this.retroactiveRefused) return false;
    const sc = defaultClassOf(this.ctx.classes.list());
    if (!sc) return false;
    const next = structuredClone(pvc);
    next.spec.storageClassName = sc.metadata.name;
    try {
      await this.ctx.client.update(at(R.persistentvolumeclaims, pvc.metadata.namespace, pvc.metadata.name), next);
      return true;
    } catch (e) {
      // An API server that does not allow setting the class on an existing claim: leave it classless.
      if (!isInvalid(e)) throw e;
      this.retroactiveRefused = true;
      this.ctx.log.warn({ err: e }, 'the API server refused to set the default StorageClass on an existing claim');
      return false;
    }
  }

  /** emitEventForUnboundDelayBindingClaim: names the pods still waiting to be scheduled, if any. */
  private emitWaitingForConsumer(pvc: KubeObject): void {
    const waiting = this.ctx.pods
      .list(pvc.metadata.namespace)
      .filter((p) => !p.spec?.nodeName && claimNamesOfPod(p).includes(pvc.metadata.name as string))
      .map((p) => p.metadata.name as string)
      .sort();
    if (waiting.length === 0) this.ctx.recorder.event(pvc, 'Normal', Reason.WaitForFirstConsumer, WAIT_FOR_FIRST_CONSUMER_MESSAGE);
    else if (waiting.length === 1) this.ctx.recorder.event(pvc, 'Normal', 'WaitForPodScheduled', `waiting for pod ${waiting[0]} to be scheduled`);
    else this.ctx.recorder.event(pvc, 'Normal', 'WaitForPodScheduled', `waiting for pods ${waiting.join(',')} to be scheduled`);
  }

  /**
   * provisionClaim for out-of-tree provisioners: name the provisioner on the claim (both
   * annotations) and tell the user we wait for it; the provisioner creates the PV, then the
   * next sync binds it.
   */
  private async provisionClaim(pvc: KubeObject, sc: StorageClass | undefined): Promise<void> {
    if (!sc) {
      this.ctx.recorder.event(pvc, 'Warning', Reason.ProvisioningFailed, `storageclass.storage.k8s.io "${claimClassName(pvc)}" not found`);
      await updateClaimStatus(this.ctx, pvc, 'Pending');
      return;
    }
    let claim = pvc;
    const ann = pvc.metadata.annotations ?? {};
    if (ann[ANN_STORAGE_PROVISIONER] !== sc.provisioner || ann[ANN_BETA_STORAGE_PROVISIONER] !== sc.provisioner) {
      const next = structuredClone(pvc);
      Object.assign((next.metadata.annotations ??= {}), { [ANN_STORAGE_PROVISIONER]: sc.provisioner, [ANN_BETA_STORAGE_PROVISIONER]: sc.provisioner });
      claim = await this.ctx.client.update(at(R.persistentvolumeclaims, pvc.metadata.namespace, pvc.metadata.name), next);
    }
    this.ctx.recorder.event(claim, 'Normal', Reason.ExternalProvisioning, externalProvisioningMessage(sc.provisioner));
    await updateClaimStatus(this.ctx, claim, 'Pending');
  }
}
