// Shapes shared by every component: object metadata, lists, Status and watch events,
// as the Kubernetes API serves them on the wire (JSON).

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  managedFields?: unknown[];
  [key: string]: unknown;
}

/** Any API object. Concrete kinds add spec/status/data etc. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  [key: string]: any;
}

export interface ListMeta {
  resourceVersion?: string;
  continue?: string;
  remainingItemCount?: number;
}

export interface KubeList<T extends KubeObject = KubeObject> {
  apiVersion: string;
  kind: string;
  metadata: ListMeta;
  items: T[];
}

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: ListMeta;
  status: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  details?: StatusDetails;
  code: number;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export interface WatchEvent<T = KubeObject> {
  type: WatchEventType;
  object: T;
}

export interface LabelSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | string;
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

/** Identifies a resource collection, optionally narrowed to one object and a subresource. */
export interface ResourceRef {
  group: string; // '' for the core group
  version: string;
  resource: string; // plural, lower case
  namespace?: string;
  name?: string;
  subresource?: string;
}

export function apiVersionOf(group: string, version: string): string {
  return group ? `${group}/${version}` : version;
}

export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.indexOf('/');
  return i < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}

/** The kind and apiVersion of meta.k8s.io's PartialObjectMetadata, in v1 or v1beta1. */
export function partialObjectMetadataType(version: 'v1' | 'v1beta1' = 'v1'): { kind: 'PartialObjectMetadata'; apiVersion: string } {
  return { kind: 'PartialObjectMetadata', apiVersion: `meta.k8s.io/${version}` };
}

/**
 * An object's metadata alone, as a PartialObjectMetadata sharing that metadata: what metadata-only
 * clients and informers get, and a Table row's object by default.
 */
export function asPartialObjectMetadata(metadata: ObjectMeta, version: 'v1' | 'v1beta1' = 'v1'): KubeObject {
  return { ...partialObjectMetadataType(version), metadata };
}

/** "namespace/name" for namespaced objects, "name" for cluster-scoped ones: the key queues and caches use. */
export function objectKey(obj: { metadata: ObjectMeta }): string {
  const ns = obj.metadata.namespace;
  // join makes one flat string; a template literal this long is a rope of two more heap objects,
  // and caches keep a key for every object they hold.
  return ns ? [ns, obj.metadata.name].join('/') : `${obj.metadata.name}`;
}
