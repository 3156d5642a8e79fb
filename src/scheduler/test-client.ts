// Test support: FakeClient plus the pods/binding subresource (which the generic fake does not
// know), implemented as the API server does: sets spec.nodeName once, 409 if already assigned.

import { errors } from '../apimachinery/errors.js';
import type { KubeObject, ResourceRef } from '../apimachinery/types.js';
import type { WriteOptions } from '../client/api-client.js';
import { FakeClient } from '../client/fake-client.js';
import { R, at } from '../client/resources.js';

export class BindingFakeClient extends FakeClient {
  /** Fail the next n bindings with this error. */
  bindFailures: Error[] = [];
  bindings: Array<{ pod: string; node: string }> = [];

  override async create<T extends KubeObject = KubeObject>(ref: ResourceRef, obj: T, opts: WriteOptions = {}): Promise<T> {
    if (ref.resource !== 'pods' || ref.subresource !== 'binding') return super.create(ref, obj, opts);
    const fail = this.bindFailures.shift();
    if (fail) throw fail;
    const podRef = at(R.pods, ref.namespace, ref.name);
    const cur = await this.get(podRef);
    const target = (obj as any).target.name as string;
    if (cur.spec?.nodeName) throw errors.conflict(R.pods, ref.name!, `pod ${ref.name} is already assigned to node "${cur.spec.nodeName}"`);
    await this.patch(podRef, 'merge', { spec: { nodeName: target } });
    this.bindings.push({ pod: `${ref.namespace}/${ref.name}`, node: target });
    return obj;
  }
}
