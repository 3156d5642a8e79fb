// The admission strategies of the built-in kinds, keyed the way the registry names resources
// (`<plural>` for the core group, `<group>/<plural>` otherwise).

import type { Strategy } from '../types.js';
import { configMapStrategy } from './configmap.js';
import { controllerRevisionStrategy } from './controller-revision.js';
import { customResourceDefinitionStrategy } from './crd.js';
import { endpointSliceStrategy } from './endpoint-slice.js';
import { endpointsStrategy } from './endpoints.js';
import { eventStrategy, eventsV1Strategy } from './event.js';
import { leaseStrategy } from './lease.js';
import { namespaceStrategy } from './namespace.js';
import { nodeStrategy } from './node.js';
import { persistentVolumeStrategy } from './pv.js';
import { persistentVolumeClaimStrategy } from './pvc.js';
import { podStrategy } from './pod.js';
import { secretStrategy } from './secret.js';
import { serviceAccountStrategy } from './service-account.js';
import { serviceStrategy } from './service.js';
import { statefulSetStrategy } from './statefulset.js';
import { storageClassStrategy } from './storage-class.js';

export const strategies: Record<string, Strategy> = {
  pods: podStrategy,
  services: serviceStrategy,
  persistentvolumeclaims: persistentVolumeClaimStrategy,
  persistentvolumes: persistentVolumeStrategy,
  nodes: nodeStrategy,
  namespaces: namespaceStrategy,
  configmaps: configMapStrategy,
  secrets: secretStrategy,
  serviceaccounts: serviceAccountStrategy,
  endpoints: endpointsStrategy,
  'discovery.k8s.io/endpointslices': endpointSliceStrategy,
  'apps/statefulsets': statefulSetStrategy,
  'apps/controllerrevisions': controllerRevisionStrategy,
  'coordination.k8s.io/leases': leaseStrategy,
  'storage.k8s.io/storageclasses': storageClassStrategy,
  events: eventStrategy,
  'events.k8s.io/events': eventsV1Strategy,
  'apiextensions.k8s.io/customresourcedefinitions': customResourceDefinitionStrategy,
};

export {
  configMapStrategy,
  controllerRevisionStrategy,
  customResourceDefinitionStrategy,
  endpointSliceStrategy,
  endpointsStrategy,
  eventStrategy,
  eventsV1Strategy,
  leaseStrategy,
  namespaceStrategy,
  nodeStrategy,
  persistentVolumeStrategy,
  persistentVolumeClaimStrategy,
  podStrategy,
  secretStrategy,
  serviceAccountStrategy,
  serviceStrategy,
  statefulSetStrategy,
  storageClassStrategy,
};
export { specChanged, deepEqual } from './util.js';
export { defaultPodSpec, defaultPod } from './pod-defaults.js';
export { validatePodSpec } from './pod-validation.js';
