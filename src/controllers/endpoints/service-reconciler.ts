// What the Endpoints and EndpointSlice reconcilers share: both reconcile one Service key from the
// Service and pod informers, pick the pods by the Service's selector from the cache, and delete what
// is no longer wanted, where NotFound means someone else already did.

import { isNotFound } from '../../apimachinery/errors.js';
import type { KubeObject, ResourceRef } from '../../apimachinery/types.js';
import type { ApiClient, DeleteOptions } from '../../client/api-client.js';
import type { Informer, Reconciler, Result } from '../../controller/contracts.js';

export abstract class ServiceReconciler implements Reconciler {
  constructor(
    protected readonly client: ApiClient,
    protected readonly services: Informer,
    protected readonly pods: Informer,
  ) {}

  abstract reconcile(key: string): Promise<Result | void>;

  /** The pods in the Service's namespace that its spec.selector matches. */
  protected selectedPods(svc: KubeObject): KubeObject[] {
    return this.pods.listBySelector!(svc.metadata.namespace, selectorString(svc.spec.selector));
  }

  protected async deleteIfExists(ref: ResourceRef, opts?: DeleteOptions): Promise<void> {
    try {
      await this.client.delete(ref, opts);
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
