// The Endpoints controller: keeps one core/v1 Endpoints object per selector-based Service equal to
// computeSubsets(service, selected pods). Services without a selector are left alone (their
// Endpoints are user-managed); a deleted Service's Endpoints are deleted.

import { isNotFound } from '../../apimachinery/errors.js';
import type { KubeObject } from '../../apimachinery/types.js';
import { R, at } from '../../client/resources.js';
import type { Result } from '../../controller/contracts.js';
import { desiredEndpoints } from './compute-endpoints.js';
import { hasSelector } from './pod-endpoint.js';
import { splitKey } from './service-keys.js';
import { sameJson, ServiceReconciler } from './service-reconciler.js';

export class EndpointsReconciler extends ServiceReconciler {
  async reconcile(key: string): Promise<Result | void> {
    const { namespace, name } = splitKey(key);
    const svc = this.services.get(key);
    const ref = at(R.endpoints, namespace, name);
    if (!svc) return this.deleteIfExists(ref);
    if (!hasSelector(svc)) return;
    const want = desiredEndpoints(svc, this.selectedPods(svc));
    const have = await this.getOrUndefined(ref);
    if (!have) {
      await this.client.create(at(R.endpoints, namespace), want);
      return;
    }
    if (sameJson(have.subsets ?? [], want.subsets) && sameJson(have.metadata.labels ?? {}, want.metadata.labels)) return;
    await this.client.update(ref, { ...have, metadata: { ...have.metadata, labels: want.metadata.labels }, subsets: want.subsets });
  }

  private async getOrUndefined(ref: ReturnType<typeof at>): Promise<KubeObject | undefined> {
    try {
      return await this.client.get(ref);
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }
}
