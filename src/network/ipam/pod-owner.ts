// Finds the StatefulSet (apps/v1 or apps.kruise.io) controlling a pod and fetches it through the
// API, so the allocator can tell sticky-IP pods from ordinary ones.

import type { KubeObject, ResourceRef } from '../../apimachinery/types.js';
import { splitApiVersion } from '../../apimachinery/types.js';
import type { ApiClient } from '../../client/api-client.js';
import { at } from '../../client/resources.js';

const SET_GROUPS = new Set(['apps', 'apps.kruise.io']);

export function statefulSetRefOf(pod: KubeObject): ResourceRef | undefined {
  const owner = pod.metadata.ownerReferences?.find((o) => o.controller && o.kind === 'StatefulSet');
  if (!owner) return undefined;
  const { group, version } = splitApiVersion(owner.apiVersion);
  if (!SET_GROUPS.has(group)) return undefined;
  return at({ group, version, resource: 'statefulsets' }, pod.metadata.namespace, owner.name);
}

/** The controlling StatefulSet, or undefined if there is none or it is gone / was replaced (UID differs). */
export async function getOwningSet(client: ApiClient, pod: KubeObject): Promise<KubeObject | undefined> {
  const ref = statefulSetRefOf(pod);
  if (!ref) return undefined;
  const uid = pod.metadata.ownerReferences!.find((o) => o.controller && o.kind === 'StatefulSet')!.uid;
  try {
    const set = await client.get(ref);
    return set.metadata.uid === uid ? set : undefined;
  } catch (e) {
    if ((e as { code?: number }).code === 404) return undefined;
    throw e;
  }
}
