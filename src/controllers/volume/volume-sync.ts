// syncVolume of the PV binder (pv_controller.go): keeps a volume's phase in step with its claim
// (Available, Bound, Released), hands released volumes to their reclaim policy, and undoes
// bindings the controller made to claims that ended up bound elsewhere.

import { isNotFound } from '../../apimachinery/errors.js';
import type { KubeObject } from '../../apimachinery/types.js';
import { R, at } from '../../client/resources.js';
import { unbindVolume, updateVolumePhase, updateVolumePhaseWithEvent, type BinderContext } from './binder.js';
import { ANN_PROVISIONED_BY, Reason } from './constants.js';
import { claimKeyOfRef } from './context.js';
import { volumeModeMismatch } from './matching.js';

export class VolumeSyncer {
  constructor(
    private readonly ctx: BinderContext,
    /** Queues a claim key for syncClaim (the volume side cannot finish a binding itself). */
    private readonly enqueueClaim: (key: string) => void,
  ) {}

  async sync(pv: KubeObject): Promise<void> {
    const ref = pv.spec?.claimRef;
    if (!ref || !ref.uid) {
      // Unused, or reserved for a claim that has not bound yet: either way Available.
      await updateVolumePhase(this.ctx, pv, 'Available');
      return;
    }
    const claim = await this.claimFor(pv);
    if (!claim) return this.released(pv);
    if (!claim.spec?.volumeName) return this.claimNotYetBound(pv, claim);
    if (claim.spec.volumeName === pv.metadata.name) {
      await updateVolumePhase(this.ctx, pv, 'Bound');
      return;
    }
    await this.claimBoundElsewhere(pv);
  }

  /**
   * The claim the volume points to, double-checked against the API server before we conclude it
   * is gone (a freshly provisioned or scheduler-bound PV may be newer than our claim cache).
   */
  private async claimFor(pv: KubeObject): Promise<KubeObject | undefined> {
    const ref = pv.spec.claimRef;
    let claim = this.ctx.claims.get(claimKeyOfRef(ref));
    const settled = pv.status?.phase === 'Released' || pv.status?.phase === 'Failed';
    if ((!claim && !settled) || (claim && claim.metadata.uid !== ref.uid)) {
      try {
        claim = await this.ctx.client.get(at(R.persistentvolumeclaims, ref.namespace, ref.name));
      } catch (e) {
        if (!isNotFound(e)) throw e;
        claim = undefined;
      }
    }
    return claim && claim.metadata.uid === ref.uid ? claim : undefined;
  }

  private claimNotYetBound(pv: KubeObject, claim: KubeObject): void {
    if (volumeModeMismatch(pv, claim)) {
      this.ctx.recorder.event(pv, 'Warning', Reason.VolumeMismatch, `Cannot bind PersistentVolume to requested PersistentVolumeClaim "${claim.metadata.name}" due to incompatible volumeMode.`);
      this.ctx.recorder.event(claim, 'Warning', Reason.VolumeMismatch, `Cannot bind PersistentVolume "${pv.metadata.name}" to requested PersistentVolumeClaim due to incompatible volumeMode.`);
      return;
    }
    // The claim sync finishes the binding (it prefers volumes pre-bound to it).
    this.enqueueClaim(claimKeyOfRef(pv.spec.claimRef));
  }

  /** The claim is gone: Released (never overwriting Failed), then the reclaim policy. */
  private async released(pv: KubeObject): Promise<void> {
    let volume = pv;
    if (pv.status?.phase !== 'Released' && pv.status?.phase !== 'Failed') volume = await updateVolumePhase(this.ctx, pv, 'Released');
    await this.reclaim(volume);
  }

  private async claimBoundElsewhere(pv: KubeObject): Promise<void> {
    const dynamic = pv.metadata.annotations?.[ANN_PROVISIONED_BY] !== undefined;
    if (dynamic && pv.spec.persistentVolumeReclaimPolicy === 'Delete') return this.released(pv);
    // unbindVolume keeps a user's pre-binding and drops one the controller made.
    await unbindVolume(this.ctx, pv);
  }

  /**
   * reclaimVolume: Retain keeps the volume Released for an administrator; Delete of a volume some
   * provisioner made is that provisioner's job (ours watches Released volumes); a Delete volume
   * nobody provisioned cannot be deleted, so it Fails as kube-controller-manager reports it.
   */
  private async reclaim(pv: KubeObject): Promise<void> {
    const policy = pv.spec?.persistentVolumeReclaimPolicy ?? 'Retain';
    if (policy !== 'Delete') return;
    if (pv.metadata.annotations?.[ANN_PROVISIONED_BY] !== undefined) return;
    await updateVolumePhaseWithEvent(this.ctx, pv, 'Failed', {
      type: 'Warning',
      reason: Reason.VolumeFailedDelete,
      message: `error getting deleter volume plugin for volume "${pv.metadata.name}": no deletable volume plugin matched`,
    });
  }
}
