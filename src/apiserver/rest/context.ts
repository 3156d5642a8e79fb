// Everything a REST operation needs, passed explicitly (no globals), so tests can build one
// around an in-memory store.

import type { KubeObject } from '../../apimachinery/types.js';
import type { Registry } from '../../registry/registry.js';
import type { ResourceType } from '../../registry/types.js';
import type { Store } from '../../store/store.js';

export type Operation = 'CREATE' | 'UPDATE' | 'DELETE';

export interface AdmissionAttributes {
  operation: Operation;
  type: ResourceType;
  subresource: string;
  object: KubeObject; // mutable for mutating plugins (not for DELETE)
  old?: Readonly<KubeObject>;
  dryRun: boolean;
  /** Registers an undo for side effects (e.g. an allocated ClusterIP) if the write then fails. */
  onFailure?(undo: () => void): void;
}

/**
 * Admission plugins run after the strategy's defaulting and before validation results are
 * returned. They may mutate `object` (CREATE/UPDATE) or throw an ApiError to reject.
 */
export interface AdmissionPlugin {
  name: string;
  admit(attrs: AdmissionAttributes, ctx: RestContext): void | Promise<void>;
}

/** Finds unknown/duplicate fields for fieldValidation=Strict|Warn, worded as upstream. */
export interface FieldValidator {
  /** e.g. `unknown field "spec.foo"`, `duplicate field "spec.replicas"`. */
  problems(type: ResourceType, version: string, obj: unknown, raw?: string, contentType?: string): string[];
  /** The 400 message under Strict. */
  strictMessage(kind: string, version: string, problems: string[]): string;
  /**
   * Typed decoding of built-in kinds: the decoder's error for a value that does not fit the Go
   * type (`json: cannot unmarshal string into Go struct field ...`), or undefined. `raw` is the
   * body text, used only to print overflowing numbers as written.
   */
  typeError?(type: ResourceType, version: string, obj: unknown, raw?: string): string | undefined;
}

/** Where pods/log reads come from (the node agents). */
export interface PodLogSource {
  getLogs(namespace: string, pod: string, container: string | undefined, previous: boolean): string | undefined;
}

export interface RestContext {
  store: Store;
  registry: Registry;
  admission: AdmissionPlugin[];
  now: () => Date;
  fieldValidator?: FieldValidator;
  podLogs?: PodLogSource;
}

/** RFC 3339 with seconds precision, as metav1.Time serializes. */
export function timestamp(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
