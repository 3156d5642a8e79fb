// ResourceRefs for the kinds Ordinal's components use, and helpers to narrow them.

import type { ResourceRef } from '../apimachinery/types.js';

const core = (resource: string): ResourceRef => ({ group: '', version: 'v1', resource });

export const R = {
  namespaces: core('namespaces'),
  nodes: core('nodes'),
  pods: core('pods'),
  services: core('services'),
  endpoints: core('endpoints'),
  events: core('events'),
  configmaps: core('configmaps'),
  secrets: core('secrets'),
  serviceaccounts: core('serviceaccounts'),
  persistentvolumeclaims: core('persistentvolumeclaims'),
  persistentvolumes: core('persistentvolumes'),
  endpointslices: { group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices' } as ResourceRef,
  storageclasses: { group: 'storage.k8s.io', version: 'v1', resource: 'storageclasses' } as ResourceRef,
  statefulsets: { group: 'apps', version: 'v1', resource: 'statefulsets' } as ResourceRef,
  controllerrevisions: { group: 'apps', version: 'v1', resource: 'controllerrevisions' } as ResourceRef,
  leases: { group: 'coordination.k8s.io', version: 'v1', resource: 'leases' } as ResourceRef,
  crds: { group: 'apiextensions.k8s.io', version: 'v1', resource: 'customresourcedefinitions' } as ResourceRef,
  kruiseStatefulsets: { group: 'apps.kruise.io', version: 'v1beta1', resource: 'statefulsets' } as ResourceRef,
  ipclaims: { group: 'network.ordinal.dev', version: 'v1alpha1', resource: 'ipclaims' } as ResourceRef,
} as const;

/** The same ref narrowed to a namespace, an object and optionally a subresource. */
export function at(ref: ResourceRef, namespace: string | undefined, name?: string, subresource?: string): ResourceRef {
  // One literal shape (not a spread): called for every request, and V8 keeps such objects cheap.
  return { group: ref.group, version: ref.version, resource: ref.resource, namespace, name, subresource };
}
