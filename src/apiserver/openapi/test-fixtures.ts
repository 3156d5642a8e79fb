// Registry entries and a CRD used by this module's tests (a cut-down picture of what the sandbox
// serves: pods, namespaces, statefulsets with status/scale, controllerrevisions, and a CRD).

import type { KubeObject } from '../../apimachinery/types.js';
import type { ResourceType } from '../../registry/types.js';

const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

function rt(partial: Partial<ResourceType> & Pick<ResourceType, 'group' | 'kind' | 'plural'>): ResourceType {
  return {
    versions: ['v1'],
    listKind: `${partial.kind}List`,
    singular: partial.kind.toLowerCase(),
    shortNames: [],
    categories: [],
    namespaced: true,
    verbs: ALL_VERBS,
    subresources: {},
    hasGeneration: true,
    strategy: {},
    ...partial,
  };
}

export const fixtureResources: ResourceType[] = [
  rt({ group: '', kind: 'Pod', plural: 'pods', subresources: { status: true, binding: true, eviction: true } }),
  rt({ group: '', kind: 'Namespace', plural: 'namespaces', namespaced: false, subresources: { status: true } }),
  rt({ group: '', kind: 'ConfigMap', plural: 'configmaps' }),
  rt({
    group: 'apps',
    kind: 'StatefulSet',
    plural: 'statefulsets',
    subresources: { status: true, scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' } },
  }),
  rt({ group: 'apps', kind: 'ControllerRevision', plural: 'controllerrevisions' }),
  rt({ group: 'example.com', kind: 'Widget', plural: 'widgets', versions: ['v1', 'v1beta1'], crd: { name: 'widgets.example.com', storageVersion: 'v1' }, subresources: { status: true } }),
  rt({ group: 'example.com', kind: 'Gadget', plural: 'gadgets', crd: { name: 'gadgets.example.com', storageVersion: 'v1' }, namespaced: false }),
];

export const widgetCrd: KubeObject = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.example.com' },
  spec: {
    group: 'example.com',
    scope: 'Namespaced',
    names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            description: 'A widget.',
            properties: {
              spec: {
                type: 'object',
                properties: {
                  size: { type: 'integer' },
                  port: { 'x-kubernetes-int-or-string': true },
                  labels: { type: 'object', additionalProperties: { type: 'string' } },
                  parts: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } } } },
                  config: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
                  closed: { type: 'object' },
                  template: { type: 'object', 'x-kubernetes-embedded-resource': true, properties: { spec: { type: 'object', properties: { a: { type: 'string' } } } } },
                },
              },
              status: { type: 'object', properties: { ready: { type: 'boolean' } } },
            },
          },
        },
      },
      { name: 'v1beta1', served: true, storage: false, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } },
      { name: 'v1alpha1', served: false, storage: false },
    ],
  },
};
