// Small helpers the admission strategies share: field-path building, semantic deep equality and
// cloning. Kept free of kind-specific dependencies so every kind file can use them without pulling in
// each other (the JSON copy is the patch code's, which depends on nothing).

import type { KubeObject } from '../../apimachinery/types.js';
import { deepCopy } from '../../apimachinery/json-value.js';

/** Field paths rendered the way field.Path.String() prints them (`spec.ports[0].name`, `data[key]`). */
export const fp = {
  child: (path: string, ...names: string[]): string => names.reduce((acc, n) => (acc ? `${acc}.${n}` : n), path),
  index: (path: string, i: number): string => `${path}[${i}]`,
  key: (path: string, k: string): string => `${path}[${k}]`,
};

function isEmptyish(v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (Array.isArray(v)) return v.length === 0;
  return typeof v === 'object' && Object.keys(v as object).length === 0;
}

/**
 * apiequality.Semantic.DeepEqual over JSON values: like strict deep equality, except that a missing
 * value, null, an empty list and an empty map compare equal (Go's semantic equality treats nil and
 * empty slices/maps alike, and JSON loses the difference anyway).
 */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (isEmptyish(a) && isEmptyish(b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => deepEqual(x, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ao), ...Object.keys(bo)]);
  for (const k of keys) if (!deepEqual(ao[k], bo[k])) return false;
  return true;
}

/** A deep copy of a JSON value (by hand: several times cheaper than structuredClone, see deepCopy). */
export function clone<T>(v: T): T {
  return deepCopy(v);
}

/** True when `spec` differs semantically: the condition upstream strategies use to bump generation. */
export function specChanged(obj: KubeObject, old: KubeObject): boolean {
  return !deepEqual(obj.spec, old.spec);
}

/** Sets generation = old + 1 when the spec changed, otherwise keeps the old one (idempotent). */
export function bumpGenerationIfSpecChanged(obj: KubeObject, old: KubeObject): void {
  const prev = old.metadata.generation ?? 0;
  obj.metadata.generation = specChanged(obj, old) ? prev + 1 : prev;
}

/**
 * What rest.BeforeUpdate does to metadata before a strategy sees an update: a missing uid is taken
 * from the stored object and creationTimestamp can never be changed by a client.
 */
export function carryOverMeta(obj: KubeObject, old: KubeObject): void {
  if (!obj.metadata) obj.metadata = {};
  if (!obj.metadata.uid && old.metadata.uid) obj.metadata.uid = old.metadata.uid;
  if (old.metadata.creationTimestamp !== undefined) obj.metadata.creationTimestamp = old.metadata.creationTimestamp;
}

/**
 * rest.BeforeUpdate plus the spec/status split of a kind with a /status subresource, for an update of
 * the main resource: whatever status the client sent, the stored one stays.
 */
export function keepStatusOnUpdate(obj: KubeObject, old: KubeObject): void {
  carryOverMeta(obj, old);
  obj.status = clone(old.status);
}

/** The same for an update through /status: whatever spec the client sent, the stored one stays. */
export function keepSpecOnStatusUpdate(obj: KubeObject, old: KubeObject): void {
  carryOverMeta(obj, old);
  obj.spec = clone(old.spec);
}

/** Ensures `obj[key]` is an object and returns it (for defaulting nested structs). */
export function ensureObj(obj: Record<string, any>, key: string): Record<string, any> {
  if (obj[key] === undefined || obj[key] === null || typeof obj[key] !== 'object') obj[key] = {};
  return obj[key];
}

export function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v);
}
