// The binding cycle for one pod, run asynchronously after the scheduling cycle picked a node:
// write the volume decisions (selected-node annotation / PV claimRef), then POST the
// pods/binding subresource. The caller has already assumed the pod on the node.

import type { ApiClient } from '../client/api-client.js';
import { R, at } from '../client/resources.js';
import type { Pod } from './framework/types.js';
import { ANN_SELECTED_NODE, type VolumeAction } from './plugins/volume-binding.js';

export function bindingFor(pod: Pod, nodeName: string) {
  return {
    apiVersion: 'v1',
    kind: 'Binding',
    metadata: { name: pod.metadata.name as string, namespace: pod.metadata.namespace, uid: pod.metadata.uid },
    target: { apiVersion: 'v1', kind: 'Node', name: nodeName },
  };
}

async function applyVolumeAction(client: ApiClient, a: VolumeAction): Promise<void> {
  if (a.kind === 'select-node') {
    const ref = at(R.persistentvolumeclaims, a.pvc.metadata.namespace, a.pvc.metadata.name);
    await client.patch(ref, 'merge', { metadata: { annotations: { [ANN_SELECTED_NODE]: a.node } } });
    return;
  }
  const claimRef = {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    namespace: a.pvc.metadata.namespace,
    name: a.pvc.metadata.name,
    uid: a.pvc.metadata.uid,
  };
  await client.patch(at(R.persistentvolumes, undefined, a.pv.metadata.name), 'merge', { spec: { claimRef } });
}

export async function bindPod(client: ApiClient, pod: Pod, nodeName: string, actions: VolumeAction[]): Promise<void> {
  for (const a of actions) await applyVolumeAction(client, a);
  const ref = at(R.pods, pod.metadata.namespace, pod.metadata.name, 'binding');
  await client.create(ref, bindingFor(pod, nodeName) as any);
}
