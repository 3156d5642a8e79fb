// Strict field validation, unknown half: lists the fields of a decoded object that its schema does
// not declare, in upstream's wording (`unknown field "spec.template.spec.containers[0].foo"`), as
// fieldValidation=Strict rejects and =Warn reports them.
//
// Two schema flavours are walked differently, as upstream decodes them differently:
// - built-in kinds are decoded into Go structs, so an object schema without properties is a free-form
//   value (RawExtension, FieldsV1, Patch) that keeps anything;
// - CRD schemas are structural and pruned, so an object without properties keeps nothing unless it
//   says x-kubernetes-preserve-unknown-fields; x-kubernetes-embedded-resource objects keep
//   apiVersion/kind and have their metadata checked as ObjectMeta.

import { loadBundle } from './bundle.js';
import { definitionFor, type Catalog } from './catalog.js';
import { OBJECT_META_REF } from './crd-definitions.js';
import { refName } from './schema-walk.js';
import { goQuote } from './strict-errors.js';
import type { Gvk, Schema } from './types.js';

interface Walk {
  defs: Record<string, Schema>;
  out: string[];
}

interface Node {
  schema: Schema;
  /** True inside a CRD (structural) schema, false inside upstream built-in definitions. */
  structural: boolean;
}

const upstreamDefs = () => loadBundle().definitions;

/** Follows $ref and one-element allOf wrappers; merges the properties of allOf/anyOf/oneOf branches. */
function resolve(w: Walk, node: Node): Node {
  let { schema, structural } = node;
  for (let hops = 0; typeof schema.$ref === 'string' && hops < 32; hops++) {
    const name = refName(schema.$ref);
    const target = w.defs[name];
    if (!target) return { schema: { 'x-kubernetes-preserve-unknown-fields': true }, structural };
    structural = upstreamDefs()[name] !== target;
    schema = target;
  }
  const branches: Schema[] = [...(schema.allOf ?? []), ...(schema.anyOf ?? []), ...(schema.oneOf ?? [])];
  if (!branches.length) return { schema, structural };
  let merged: Schema = { ...schema, properties: { ...(schema.properties ?? {}) } };
  for (const b of branches) {
    const r = resolve(w, { schema: b, structural });
    structural = r.structural;
    merged = { ...r.schema, ...merged, properties: { ...(r.schema.properties ?? {}), ...merged.properties } };
  }
  return { schema: merged, structural };
}

/**
 * resolve() per catalog (its defs), schema and flavour: it merges allOf/anyOf/oneOf branches into
 * new objects, and every write walks the same schemas again.
 */
const resolvedCache = new WeakMap<Record<string, Schema>, [WeakMap<Schema, Node>, WeakMap<Schema, Node>]>();

function resolveCached(w: Walk, node: Node): Node {
  let perDefs = resolvedCache.get(w.defs);
  if (!perDefs) resolvedCache.set(w.defs, (perDefs = [new WeakMap(), new WeakMap()]));
  const cache = perDefs[node.structural ? 1 : 0];
  let r = cache.get(node.schema);
  if (!r) cache.set(node.schema, (r = resolve(w, node)));
  return r;
}

/** One `{ $ref }` root schema per definition name, so resolveCached hits for roots too. */
const rootRefs = new Map<string, Schema>();

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function isIntOrString(s: Schema): boolean {
  return s['x-kubernetes-int-or-string'] === true || s.format === 'int-or-string';
}

/** What schema, if any, governs `key` of an object schema; null = unknown, true = anything goes. */
function fieldSchema(node: Node, key: string): Schema | true | null {
  const s = node.schema;
  if (s.properties && Object.hasOwn(s.properties, key)) return s.properties[key];
  if (s['x-kubernetes-embedded-resource'] === true) {
    if (key === 'apiVersion' || key === 'kind') return true;
    if (key === 'metadata') return { $ref: OBJECT_META_REF };
  }
  if (s.additionalProperties && typeof s.additionalProperties === 'object') return s.additionalProperties;
  if (s.additionalProperties === true || s['x-kubernetes-preserve-unknown-fields'] === true) return true;
  // A built-in object type with no declared fields is a free-form Go value (RawExtension, FieldsV1).
  if (!node.structural && !s.properties && s.additionalProperties === undefined) return true;
  return null;
}

function walkObject(w: Walk, node: Node, value: Record<string, unknown>, path: string): void {
  for (const [key, v] of Object.entries(value)) {
    const sub = fieldSchema(node, key);
    if (sub === null) w.out.push(`unknown field ${goQuote(join(path, key))}`);
    else if (sub !== true) walk(w, { schema: sub, structural: node.structural }, v, join(path, key));
  }
}

function walk(w: Walk, raw: Node, value: unknown, path: string): void {
  if (value === null || typeof value !== 'object') return; // scalars: type errors are not unknown fields
  const node = resolveCached(w, raw);
  if (isIntOrString(node.schema)) return;
  if (Array.isArray(value)) {
    const items = node.schema.items;
    if (items && typeof items === 'object' && !Array.isArray(items)) {
      value.forEach((v, i) => walk(w, { schema: items, structural: node.structural }, v, `${path}[${i}]`));
    }
    return;
  }
  walkObject(w, node, value as Record<string, unknown>, path);
}

/**
 * Unknown fields of `obj` (a decoded request body of kind `gvk`), each as
 * `unknown field "<path>"`. Empty when the kind has no known schema.
 */
export function findUnknownFields(catalog: Catalog, gvk: Gvk, obj: unknown): string[] {
  const name = definitionFor(catalog, gvk);
  if (!name || !catalog.defs[name]) return [];
  const w: Walk = { defs: catalog.defs, out: [] };
  let root = rootRefs.get(name);
  if (!root) rootRefs.set(name, (root = { $ref: `#/definitions/${name}` }));
  walk(w, { schema: root, structural: false }, obj, '');
  return w.out;
}
