// Storage object in-use protection (pkg/controller/volume/pvcprotection and pvprotection):
// every live claim carries kubernetes.io/pvc-protection and every live volume
// kubernetes.io/pv-protection, so `kubectl delete` only marks them. A deleted claim keeps its
// finalizer while a scheduled, non-terminated pod still uses it (checked against the cache and
// then, before letting go, against the API server); a deleted volume keeps it while Bound.

import type { KubeObject } from '../../apimachinery/types.js';
import type { ApiClient } from '../../client/api-client.js';
import { R, at } from '../../client/resources.js';
import { PV_PROTECTION_FINALIZER, PVC_PROTECTION_FINALIZER } from './constants.js';
import { claimNamesOfPod, type VolumeContext } from './context.js';

const terminal = (pod: KubeObject): boolean => pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';

/** podUsesPVC: only scheduled pods count (the kubelet refuses to start a pod on a deleting claim). */
export function podUsesClaim(pod: KubeObject, pvc: KubeObject): boolean {
  if (!pod.spec?.nodeName || terminal(pod) || pod.metadata.namespace !== pvc.metadata.namespace) return false;
  return claimNamesOfPod(pod).includes(pvc.metadata.name as string);
}

async function setFinalizer(client: ApiClient, ref: ReturnType<typeof at>, obj: KubeObject, finalizer: string, present: boolean): Promise<void> {
  const next = structuredClone(obj);
  const rest = (next.metadata.finalizers ?? []).filter((f: string) => f !== finalizer);
  next.metadata.finalizers = present ? [...rest, finalizer] : rest;
  await client.update(ref, next);
}

export class ClaimProtection {
  constructor(private readonly ctx: VolumeContext) {}

  async sync(pvc: KubeObject): Promise<void> {
    const has = (pvc.metadata.finalizers ?? []).includes(PVC_PROTECTION_FINALIZER);
    const ref = at(R.persistentvolumeclaims, pvc.metadata.namespace, pvc.metadata.name);
    if (!pvc.metadata.deletionTimestamp) {
      if (!has) await setFinalizer(this.ctx.client, ref, pvc, PVC_PROTECTION_FINALIZER, true);
      return;
    }
    if (!has || (await this.inUse(pvc))) return;
    await setFinalizer(this.ctx.client, ref, pvc, PVC_PROTECTION_FINALIZER, false);
    this.ctx.log.info({ pvc: `${pvc.metadata.namespace}/${pvc.metadata.name}` }, 'removed pvc-protection finalizer');
  }

  /** The cache first; if it says "unused", a live list confirms before the claim may go. */
  private async inUse(pvc: KubeObject): Promise<boolean> {
    if (this.ctx.pods.list(pvc.metadata.namespace).some((p) => podUsesClaim(p, pvc))) return true;
    const live = await this.ctx.client.list(at(R.pods, pvc.metadata.namespace));
    return live.items.some((p) => podUsesClaim(p, pvc));
  }
}

export class VolumeProtection {
  constructor(private readonly ctx: VolumeContext) {}

  async sync(pv: KubeObject): Promise<void> {
    const has = (pv.metadata.finalizers ?? []).includes(PV_PROTECTION_FINALIZER);
    const ref = at(R.persistentvolumes, undefined, pv.metadata.name);
    if (!pv.metadata.deletionTimestamp) {
      if (!has) await setFinalizer(this.ctx.client, ref, pv, PV_PROTECTION_FINALIZER, true);
      return;
    }
    if (!has || pv.status?.phase === 'Bound') return;
    await setFinalizer(this.ctx.client, ref, pv, PV_PROTECTION_FINALIZER, false);
  }
}
