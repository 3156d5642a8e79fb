// The EndpointSlice controller: reconciles the slices labelled with a Service's name and managed
// by endpointslice-controller.k8s.io against desiredSliceContents(): existing slices are reused
// in name order (updated only when they differ), missing ones created, extra ones deleted. The
// existing set is listed from the API (not a cache) so a slice just created is never duplicated.

import type { KubeObject } from '../../apimachinery/types.js';
import { R, at } from '../../client/resources.js';
import type { Result } from '../../controller/contracts.js';
import { buildSlice, desiredSliceContents, MANAGED_BY, MANAGED_BY_LABEL, SERVICE_NAME_LABEL, sliceLabels } from './compute-slices.js';
import { hasSelector } from './pod-endpoint.js';
import { splitKey } from './service-keys.js';
import { sameJson, ServiceReconciler } from './service-reconciler.js';

export class EndpointSliceReconciler extends ServiceReconciler {
  async reconcile(key: string): Promise<Result | void> {
    const { namespace, name } = splitKey(key);
    const existing = (
      await this.client.list(at(R.endpointslices, namespace), { labelSelector: `${SERVICE_NAME_LABEL}=${name},${MANAGED_BY_LABEL}=${MANAGED_BY}` })
    ).items.sort((a, b) => a.metadata.name!.localeCompare(b.metadata.name!));
    const svc = this.services.get(key);
    if (!svc || !hasSelector(svc)) {
      for (const s of existing) await this.deleteSlice(s);
      return;
    }
    const want = desiredSliceContents(svc, this.selectedPods(svc));
    for (let i = 0; i < want.length; i++) {
      const built = buildSlice(svc, want[i]);
      const have = existing[i];
      if (!have) await this.client.create(at(R.endpointslices, namespace), built);
      else if (!sameSlice(have, built)) await this.client.update(at(R.endpointslices, namespace, have.metadata.name), { ...have, metadata: { ...have.metadata, labels: sliceLabels(svc) }, endpoints: built.endpoints, ports: built.ports });
    }
    for (const extra of existing.slice(want.length)) await this.deleteSlice(extra);
  }

  private deleteSlice(s: KubeObject): Promise<void> {
    return this.deleteIfExists(at(R.endpointslices, s.metadata.namespace, s.metadata.name), { preconditions: { uid: s.metadata.uid } });
  }
}

function sameSlice(have: KubeObject, want: KubeObject): boolean {
  return sameJson(have.endpoints ?? [], want.endpoints) && sameJson(have.ports ?? [], want.ports) && sameJson(have.metadata.labels ?? {}, want.metadata.labels);
}
