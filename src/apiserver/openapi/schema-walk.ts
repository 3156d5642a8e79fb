// Structural helpers over schemas: walking only schema-valued keywords (never data such as
// `default`, `enum` or `example`), collecting the definitions a set of schemas references, and
// converting between the swagger 2.0 form the bundle keeps and OpenAPI 3.0's form.

import type { Schema } from './types.js';

const V2_PREFIX = '#/definitions/';
const V3_PREFIX = '#/components/schemas/';

const MAP_KEYWORDS = ['properties', 'patternProperties'];
const ONE_KEYWORDS = ['items', 'additionalProperties', 'not'];
const LIST_KEYWORDS = ['allOf', 'anyOf', 'oneOf'];

/** Returns a copy of `s` with `fn` applied to every sub-schema (children first). */
export function mapSchema(s: Schema, fn: (node: Schema) => Schema): Schema {
  const out: Schema = { ...s };
  for (const k of MAP_KEYWORDS) {
    if (s[k] && typeof s[k] === 'object') {
      out[k] = Object.fromEntries(Object.entries(s[k] as Record<string, Schema>).map(([p, v]) => [p, mapSchema(v, fn)]));
    }
  }
  for (const k of ONE_KEYWORDS) {
    if (Array.isArray(s[k])) out[k] = s[k].map((v: Schema) => mapSchema(v, fn));
    else if (s[k] && typeof s[k] === 'object') out[k] = mapSchema(s[k], fn);
  }
  for (const k of LIST_KEYWORDS) if (Array.isArray(s[k])) out[k] = s[k].map((v: Schema) => mapSchema(v, fn));
  return fn(out);
}

/** Visits every sub-schema of `s` (including `s`). */
export function visitSchema(s: Schema, fn: (node: Schema) => void): void {
  fn(s);
  for (const k of MAP_KEYWORDS) {
    if (s[k] && typeof s[k] === 'object') for (const v of Object.values(s[k] as Record<string, Schema>)) visitSchema(v, fn);
  }
  for (const k of ONE_KEYWORDS) {
    if (Array.isArray(s[k])) s[k].forEach((v: Schema) => visitSchema(v, fn));
    else if (s[k] && typeof s[k] === 'object') visitSchema(s[k], fn);
  }
  for (const k of LIST_KEYWORDS) if (Array.isArray(s[k])) s[k].forEach((v: Schema) => visitSchema(v, fn));
}

export function refName(ref: string): string {
  return ref.startsWith(V2_PREFIX) ? ref.slice(V2_PREFIX.length) : ref.replace(V3_PREFIX, '');
}

/** Names of all definitions reachable from `roots` (the roots included). */
export function referencedClosure(roots: Iterable<string>, defs: Record<string, Schema>): Set<string> {
  const seen = new Set<string>();
  const stack = [...roots];
  while (stack.length) {
    const name = stack.pop()!;
    if (seen.has(name) || !defs[name]) continue;
    seen.add(name);
    visitSchema(defs[name], (node) => {
      if (typeof node.$ref === 'string') stack.push(refName(node.$ref));
    });
  }
  return seen;
}

/**
 * Swagger 2.0 → OpenAPI 3.0 schema, as upstream publishes v3: refs point into components, and a
 * reference that carries its own description/default is wrapped in a one-element allOf (a $ref
 * may not have siblings in 3.0).
 */
export function toV3Schema(s: Schema): Schema {
  return mapSchema(s, (node) => {
    if (typeof node.$ref !== 'string') return node;
    const { $ref, ...rest } = node;
    const ref = V3_PREFIX + refName($ref);
    return Object.keys(rest).length ? { ...rest, allOf: [{ $ref: ref }] } : { $ref: ref };
  });
}

/** OpenAPI 3 keywords that swagger 2.0 lacks; upstream drops them when publishing CRDs in v2. */
const V3_ONLY = ['nullable', 'anyOf', 'oneOf', 'not', 'x-kubernetes-validations'];

/** A CRD's (v3) schema in swagger 2.0 form. */
export function toV2Schema(s: Schema): Schema {
  return mapSchema(s, (node) => {
    const out = { ...node };
    for (const k of V3_ONLY) delete out[k];
    if (typeof out.$ref === 'string') out.$ref = V2_PREFIX + refName(out.$ref);
    return out;
  });
}
