// The Endpoints controller: keeps one core/v1 Endpoints object per selector-based Service equal to
// computeSubsets(service, selected pods). Services without a selector are left alone (their
// Endpoints are user-managed); a deleted Service's Endpoints are deleted.

import { isNotFound } from '../../apimachinery/errors.js';
import type { KubeObject } from '../../apimachinery/types.js';
import type { ApiClient } from '../../client/api-client.js';
import { R, at } from '../../client/resources.js';
import type { Informer, Reconciler, Result } from '../../controller/contracts.js';
import { desiredEndpoints } from './compute-endpoints.js';
import { hasSelector } from './pod-endpoint.js';
import { splitKey } from './service-keys.js';

export class EndpointsReconciler implements Reconciler {
  constructor(
    private readonly client: ApiClient,
    private readonly services: Informer,
    private readonly pods: Informer,
  ) {}

  async reconcile(key: string): Promise<Result | void> {
    const { namespace, name } = splitKey(key);
    const svc = this.services.get(key);
    const ref = at(R.endpoints, namespace, name);
    if (!svc) return this.deleteIfExists(ref);
    if (!hasSelector(svc)) return;
    const pods = this.pods.listBySelector!(namespace, selectorString(svc.spec.selector));
    const want = desiredEndpoints(svc, pods);
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

  private async deleteIfExists(ref: ReturnType<typeof at>): Promise<void> {
    try {
      await this.client.delete(ref);
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }
}

export function selectorString(sel: Record<string, string>): string {
  return Object.entries(sel)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

export function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
