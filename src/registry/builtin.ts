// The built-in resource types, with the names, short names, categories and subresources that
// kube-apiserver's discovery advertises for them (kubectl api-resources prints these).

import type { KubeObject } from '../apimachinery/types.js';
import type { ResourceType, Strategy, TablePrinter } from './types.js';
import { storageKey } from './types.js';

const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

interface Def {
  group?: string;
  version?: string;
  kind: string;
  plural: string;
  shortNames?: string[];
  categories?: string[];
  namespaced?: boolean;
  status?: boolean;
  generation?: boolean;
  extra?: Record<string, unknown>;
  fields?: (o: KubeObject) => Record<string, string>;
}

const podFields = (o: KubeObject): Record<string, string> => ({
  'spec.nodeName': o.spec?.nodeName ?? '',
  'spec.restartPolicy': o.spec?.restartPolicy ?? '',
  'spec.schedulerName': o.spec?.schedulerName ?? '',
  'spec.serviceAccountName': o.spec?.serviceAccountName ?? '',
  'spec.hostNetwork': String(o.spec?.hostNetwork ?? false),
  'status.phase': o.status?.phase ?? '',
  'status.podIP': o.status?.podIP ?? '',
  'status.nominatedNodeName': o.status?.nominatedNodeName ?? '',
});

const eventFields = (o: KubeObject): Record<string, string> => ({
  'involvedObject.kind': o.involvedObject?.kind ?? '',
  'involvedObject.namespace': o.involvedObject?.namespace ?? '',
  'involvedObject.name': o.involvedObject?.name ?? '',
  'involvedObject.uid': o.involvedObject?.uid ?? '',
  'involvedObject.apiVersion': o.involvedObject?.apiVersion ?? '',
  'involvedObject.resourceVersion': o.involvedObject?.resourceVersion ?? '',
  'involvedObject.fieldPath': o.involvedObject?.fieldPath ?? '',
  reason: o.reason ?? '',
  reportingComponent: o.reportingComponent ?? '',
  source: o.source?.component ?? '',
  type: o.type ?? '',
});

const DEFS: Def[] = [
  { kind: 'Namespace', plural: 'namespaces', shortNames: ['ns'], namespaced: false, status: true, extra: { finalize: true }, fields: (o) => ({ 'status.phase': o.status?.phase ?? '' }) },
  { kind: 'Node', plural: 'nodes', shortNames: ['no'], namespaced: false, status: true, fields: (o) => ({ 'spec.unschedulable': String(o.spec?.unschedulable ?? false) }) },
  { kind: 'Pod', plural: 'pods', shortNames: ['po'], categories: ['all'], status: true, extra: { binding: true, eviction: true, log: true, exec: true, attach: true }, fields: podFields },
  { kind: 'Service', plural: 'services', shortNames: ['svc'], categories: ['all'], status: true },
  { kind: 'Endpoints', plural: 'endpoints', shortNames: ['ep'] },
  { kind: 'Event', plural: 'events', shortNames: ['ev'], fields: eventFields },
  { kind: 'ConfigMap', plural: 'configmaps', shortNames: ['cm'] },
  { kind: 'Secret', plural: 'secrets', fields: (o) => ({ type: o.type ?? '' }) },
  { kind: 'ServiceAccount', plural: 'serviceaccounts', shortNames: ['sa'] },
  { kind: 'PersistentVolumeClaim', plural: 'persistentvolumeclaims', shortNames: ['pvc'], status: true },
  { kind: 'PersistentVolume', plural: 'persistentvolumes', shortNames: ['pv'], namespaced: false, status: true },
  { group: 'discovery.k8s.io', kind: 'EndpointSlice', plural: 'endpointslices', fields: (o) => ({ addressType: o.addressType ?? '' }) },
  { group: 'storage.k8s.io', kind: 'StorageClass', plural: 'storageclasses', shortNames: ['sc'], namespaced: false },
  { group: 'apps', kind: 'StatefulSet', plural: 'statefulsets', shortNames: ['sts'], categories: ['all'], status: true, generation: true, extra: { scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.status.labelSelector' } } },
  { group: 'apps', kind: 'ControllerRevision', plural: 'controllerrevisions' },
  { group: 'coordination.k8s.io', kind: 'Lease', plural: 'leases' },
  { group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition', plural: 'customresourcedefinitions', shortNames: ['crd', 'crds'], namespaced: false, status: true, generation: true },
];

export interface BuiltinHooks {
  /** Keyed by storage key ("pods", "apps/statefulsets"). */
  strategies: Record<string, Strategy | undefined>;
  printers: Record<string, TablePrinter | undefined>;
}

export function builtinTypes(hooks: BuiltinHooks): ResourceType[] {
  const types = DEFS.map((d) => toType(d, hooks));
  types.push(eventsV1Type(hooks));
  return types;
}

function toType(d: Def, hooks: BuiltinHooks): ResourceType {
  const group = d.group ?? '';
  const key = storageKey({ group, plural: d.plural });
  const subresources: ResourceType['subresources'] = { ...(d.extra ?? {}) };
  if (d.status) subresources.status = true;
  return {
    group,
    versions: [d.version ?? 'v1'],
    kind: d.kind,
    listKind: `${d.kind}List`,
    plural: d.plural,
    singular: d.kind.toLowerCase(),
    shortNames: d.shortNames ?? [],
    categories: d.categories ?? [],
    namespaced: d.namespaced ?? true,
    verbs: ALL_VERBS,
    subresources,
    hasGeneration: d.generation ?? false,
    strategy: hooks.strategies[key] ?? {},
    printer: hooks.printers[key],
    selectableFields: d.fields,
  };
}

/** events.k8s.io/v1 Event: the same objects as core/v1 Event, in the newer shape. */
function eventsV1Type(hooks: BuiltinHooks): ResourceType {
  return {
    group: 'events.k8s.io',
    versions: ['v1'],
    kind: 'Event',
    listKind: 'EventList',
    plural: 'events',
    singular: 'event',
    shortNames: ['ev'],
    categories: [],
    namespaced: true,
    verbs: ALL_VERBS,
    subresources: {},
    hasGeneration: false,
    strategy: hooks.strategies['events.k8s.io/events'] ?? {},
    printer: hooks.printers['events.k8s.io/events'] ?? hooks.printers['events'],
    selectableFields: eventFields,
    sharesStorageWith: { resource: 'events', toStorage: eventV1ToCore, fromStorage: eventCoreToV1 },
  };
}

// Field mapping from k8s.io/kubernetes/pkg/apis/events/v1/conversion.go.
export function eventCoreToV1(o: KubeObject): KubeObject {
  const out: KubeObject = {
    apiVersion: 'events.k8s.io/v1',
    kind: 'Event',
    metadata: o.metadata,
    eventTime: o.eventTime ?? null,
    series: o.series,
    reportingController: o.reportingComponent || o.source?.component,
    reportingInstance: o.reportingInstance || o.source?.host,
    action: o.action,
    reason: o.reason,
    regarding: o.involvedObject,
    related: o.related,
    note: o.message,
    type: o.type,
    deprecatedSource: o.source,
    deprecatedFirstTimestamp: o.firstTimestamp,
    deprecatedLastTimestamp: o.lastTimestamp,
    deprecatedCount: o.count,
  };
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out;
}

export function eventV1ToCore(o: KubeObject): KubeObject {
  const out: KubeObject = {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: o.metadata,
    involvedObject: o.regarding ?? {},
    reason: o.reason,
    message: o.note,
    source: o.deprecatedSource ?? (o.reportingController ? { component: o.reportingController } : undefined),
    firstTimestamp: o.deprecatedFirstTimestamp,
    lastTimestamp: o.deprecatedLastTimestamp,
    count: o.deprecatedCount,
    type: o.type,
    eventTime: o.eventTime,
    series: o.series,
    action: o.action,
    related: o.related,
    reportingComponent: o.reportingController ?? '',
    reportingInstance: o.reportingInstance ?? '',
  };
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out;
}
