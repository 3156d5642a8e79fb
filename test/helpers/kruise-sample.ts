// The seed's Advanced StatefulSet `sample` (3 nginx:alpine replicas, the InPlaceUpdateReady gate,
// Parallel, maxUnavailable 2) as an object, for the unit tests of Kruise admission and of the
// Advanced StatefulSet controller.

import type { KubeObject } from '../../src/apimachinery/types.js';

/** The seed manifest; `apiVersion` and the podUpdatePolicy can be chosen, the rest is as written. */
export function kruiseSample(opts: { apiVersion?: string; podUpdatePolicy?: string } = {}): KubeObject {
  return {
    apiVersion: opts.apiVersion ?? 'apps.kruise.io/v1alpha1',
    kind: 'StatefulSet',
    metadata: { name: 'sample', namespace: 'default' },
    spec: {
      replicas: 3,
      serviceName: 'fake-service',
      selector: { matchLabels: { app: 'sample' } },
      template: {
        metadata: { labels: { app: 'sample' } },
        spec: { readinessGates: [{ conditionType: 'InPlaceUpdateReady' }], containers: [{ name: 'main', image: 'nginx:alpine' }] },
      },
      podManagementPolicy: 'Parallel',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { podUpdatePolicy: opts.podUpdatePolicy ?? 'InPlaceIfPossible', maxUnavailable: 2 } },
    },
  };
}
