// Which PersistentVolume may serve which claim (component-helpers storage/volume FindMatchingVolume
// and the PV controller's checkVolumeSatisfyClaim), as pure functions over objects.
// The PV controller matches without a node: it binds volumes pre-bound to the claim, and other
// volumes only for claims whose class binds immediately; WaitForFirstConsumer claims get their
// static volume from the scheduler (a claimRef on the PV) or get one provisioned.

import { labelSelectorAsSelector } from '../../apimachinery/labels.js';
import type { KubeObject } from '../../apimachinery/types.js';
import { parseQuantity } from '../../registry/admission/quantity.js';
import { claimClassName, volumeClassName } from './storage-classes.js';

export const storageOf = (q: unknown): number => parseQuantity(q) ?? 0;
export const requestedStorage = (pvc: KubeObject): number => storageOf(pvc.spec?.resources?.requests?.storage);
export const volumeStorage = (pv: KubeObject): number => storageOf(pv.spec?.capacity?.storage);

/** IsVolumeBoundToClaim: the claimRef names the claim and, when it carries a uid, the same uid. */
export function isVolumeBoundToClaim(pv: KubeObject, pvc: KubeObject): boolean {
  const ref = pv.spec?.claimRef;
  if (!ref || ref.name !== pvc.metadata.name || ref.namespace !== pvc.metadata.namespace) return false;
  return !ref.uid || ref.uid === pvc.metadata.uid;
}

function volumeModeOf(o: KubeObject): string {
  return o.spec?.volumeMode ?? 'Filesystem';
}

function accessModesFit(pv: KubeObject, pvc: KubeObject): boolean {
  const offered: string[] = pv.spec?.accessModes ?? [];
  return (pvc.spec?.accessModes ?? []).every((m: string) => offered.includes(m));
}

/** checkVolumeSatisfyClaim: why a volume the user asked for by name cannot serve the claim. */
export function volumeMismatch(pv: KubeObject, pvc: KubeObject): string | undefined {
  if (volumeStorage(pv) < requestedStorage(pvc)) return 'requested PV is too small';
  if (volumeClassName(pv) !== claimClassName(pvc)) return 'storageClassName does not match';
  if (volumeModeOf(pv) !== volumeModeOf(pvc)) return 'incompatible volumeMode';
  if (!accessModesFit(pv, pvc)) return 'incompatible accessMode';
  return undefined;
}

export function volumeModeMismatch(pv: KubeObject, pvc: KubeObject): boolean {
  return volumeModeOf(pv) !== volumeModeOf(pvc);
}

/** The volume's labels satisfy the claim's selector (no selector matches everything). */
function selectorMatches(pv: KubeObject, pvc: KubeObject): boolean {
  if (!pvc.spec?.selector) return true;
  return labelSelectorAsSelector(pvc.spec.selector).matches(pv.metadata.labels);
}

/**
 * findBestMatchForClaim without a node: a volume pre-bound to this claim wins outright (if big
 * enough and of the same class); otherwise, unless binding is delayed, the smallest free volume of
 * the claim's class, volume mode and access modes that matches the selector and is big enough.
 */
export function findBestMatch(pvc: KubeObject, pvs: readonly KubeObject[], delayBinding: boolean): KubeObject | undefined {
  const want = requestedStorage(pvc);
  const cls = claimClassName(pvc);
  let best: KubeObject | undefined;
  for (const pv of pvs) {
    if (pv.metadata.deletionTimestamp || volumeModeMismatch(pv, pvc)) continue;
    const size = volumeStorage(pv);
    if (isVolumeBoundToClaim(pv, pvc)) {
      if (size < want || volumeClassName(pv) !== cls) continue;
      return pv;
    }
    if (delayBinding || pv.spec?.claimRef) continue;
    if (!selectorMatches(pv, pvc) || volumeClassName(pv) !== cls || !accessModesFit(pv, pvc)) continue;
    if (size < want) continue;
    if (!best || size < volumeStorage(best)) best = pv;
  }
  return best;
}
