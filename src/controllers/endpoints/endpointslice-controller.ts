// The EndpointSlice controller: reconciles the slices labelled with a Service's name and managed
// by endpointslice-controller.k8s.io against desiredSliceContents(): existing slices are reused
// in name order (updated only when they differ), missing ones created, extra ones deleted. The
// existing set is listed from the API (not a cache) so a slice just created is never duplicated.

import { isNotFound } from '../../apimachinery/errors.js';
import type { KubeObject } from '../../apimachinery/types.js';
import type { ApiClient } from '../../client/api-client.js';
import { R, at } from '../../client/resources.js';
import type { Informer, Reconciler, Result } from '../../controller/contracts.js';
import { buildSlice, desiredSliceContents, MANAGED_BY, MANAGED_BY_LABEL, SERVICE_NAME_LABEL, sliceLabels } from './compute-slices.js';
import { sameJson, selectorString } from './endpoints-controller.js';
import { hasSelector } from './pod-endpoint.js';
import { splitKey } from './service-keys.js';

export class EndpointSliceReconciler implements Reconciler {
  constructor(
    private readonly client: ApiClient,
    private readonly services: Informer,
    private readonly pods: Informer,
  ) {}

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
    const pods = this.pods.listBySelector!(namespace, selectorString(svc.spec.selector));
    const want = desiredSliceContents(svc, pods);
    for (let i = 0; i < want.length; i++) {
      const built = buildSlice(svc, want[i]);
      const have = existing[i];
      if (!have) await this.client.create(at(R.endpointslices, namespace), built);
      else if (!sameSlice(have, built)) await this.client.update(at(R.endpointslices, namespace, have.metadata.name), { ...have, metadata: { ...have.metadata, labels: sliceLabels(svc) }, endpoints: built.endpoints, ports: built.ports });
    }
    for (const extra of existing.slice(want.length)) await this.deleteSlice(extra);
  }

  private async deleteSlice(s: KubeObject): Promise<void> {
    try {
      await this.client.delete(at(R.endpointslices, s.metadata.namespace, s.metadata.name), { preconditions: { uid: s.metadata.uid } });
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }
}

function sameSlice(have: KubeObject, want: KubeObject): boolean {
  return sameJson(have.endpoints ?? [], want.endpoints) && sameJson(have.ports ?? [], want.ports) && sameJson(have.metadata.labels ?? {}, want.metadata.labels);
}
