// The registry describes every resource type the API server serves: its names (for discovery and
// kubectl), its strategy (defaulting, validation, what create/update may change) and its table
// printer. Built-in kinds are registered at start; CRDs add and remove entries at run time.

import type { KubeObject } from '../apimachinery/types.js';
import type { FieldError } from '../apimachinery/field-errors.js';

/** A server-side Table (meta.k8s.io/v1) as kubectl requests with `as=Table`. */
export interface TableColumnDefinition {
  name: string;
  type: string; // string | integer | number | boolean | date
  format: string; // '' | name | date ...
  description: string;
  priority: number; // 0 always shown, >0 only with -o wide
}

export interface TableRow {
  cells: unknown[];
  object?: unknown;
}

/** Prints one kind. `rows` returns one row per object (cells in column order). */
export interface TablePrinter {
  columns: TableColumnDefinition[];
  row(obj: KubeObject, now: Date): unknown[];
}

export interface ScaleSubresource {
  specReplicasPath: string; // e.g. .spec.replicas
  statusReplicasPath: string;
  labelSelectorPath?: string;
}

/**
 * What create/update/delete do for one kind. Every hook is optional; the generic REST handler
 * runs them in this order: prepareFor* → defaults → validate* (on the final object, so a patch is
 * validated on its result, as upstream does).
 */
export interface Strategy {
  /** Fills defaults in place (SetDefaults_*). Runs on create, update, patch results. */
  defaults?(obj: KubeObject): void;
  /** Wipes or derives server-owned fields on create (e.g. status cleared, generation 1). */
  prepareForCreate?(obj: KubeObject): void;
  /** Carries server-owned fields over from the old object on update (e.g. status kept on main resource). */
  prepareForUpdate?(obj: KubeObject, old: KubeObject): void;
  validateCreate?(obj: KubeObject): FieldError[];
  validateUpdate?(obj: KubeObject, old: KubeObject): FieldError[];
  /** For the status subresource: the main resource's spec is kept from `old`. */
  prepareForStatusUpdate?(obj: KubeObject, old: KubeObject): void;
  validateStatusUpdate?(obj: KubeObject, old: KubeObject): FieldError[];
  /** Warnings returned as `Warning:` headers (e.g. negative revisionHistoryLimit). */
  warnings?(obj: KubeObject, old?: KubeObject): string[];
}

export interface ResourceType {
  group: string; // '' = core
  /** Served versions, storage/preferred version first. Built-ins usually have one. */
  versions: string[];
  kind: string;
  listKind: string;
  plural: string;
  singular: string;
  shortNames: string[];
  categories: string[];
  namespaced: boolean;
  verbs: string[];
  /** Extra subresources: status, scale, binding, eviction, log ... */
  subresources: {
    status?: boolean;
    scale?: ScaleSubresource;
    [name: string]: unknown;
  };
  /** True when spec changes bump metadata.generation (most kinds with spec). */
  hasGeneration: boolean;
  strategy: Strategy;
  printer?: TablePrinter;
  /** Fields usable in fieldSelector besides metadata.name / metadata.namespace. */
  selectableFields?(obj: KubeObject): Record<string, string>;
  /**
   * How a stored object looks in another served version (CRDs with conversion None: the same
   * fields, pruned and defaulted by that version's schema, as kube-apiserver serves them).
   */
  versionView?(obj: Readonly<KubeObject>, version: string): KubeObject;
  /** Set for CRD-backed types. */
  crd?: { name: string; storageVersion: string };
  /**
   * When two API groups serve the same objects (core/v1 Event and events.k8s.io/v1 Event), the
   * non-storage one names the storage resource key and converts on the way in and out.
   */
  sharesStorageWith?: { resource: string; toStorage(obj: KubeObject): KubeObject; fromStorage(obj: KubeObject): KubeObject };
}

/** The key objects of a type are stored under: "pods", "apps/statefulsets". */
export function storageKey(t: Pick<ResourceType, 'group' | 'plural' | 'sharesStorageWith'>): string {
  if (t.sharesStorageWith) return t.sharesStorageWith.resource;
  return t.group ? `${t.group}/${t.plural}` : t.plural;
}
