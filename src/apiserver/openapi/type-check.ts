// Typed decoding of built-in kinds: kube-apiserver decodes a body into the kind's Go struct, so a
// value of the wrong JSON type (`spec.replicas: "three"`), a non-integer or out-of-range number for
// an int32/int64 field, or a malformed Quantity is refused before anything else looks at it. This
// finds the first such problem, in document order (Go's decoder keeps decoding but reports only its
// first error), worded as Go's encoding/json (sigs.k8s.io/json) and the types' UnmarshalJSON say it:
// `json: cannot unmarshal string into Go struct field StatefulSetSpec.spec.replicas of type int32`.
//
// Schemas are compiled once per catalog into small type nodes (lazily, per definition) so the walk
// on every write does no schema work. CRDs are not checked here: their structural schema is.

import { loadBundle } from './bundle.js';
import { definitionFor, type Catalog } from './catalog.js';
import { refName } from './schema-walk.js';
import type { Gvk, Schema } from './types.js';

type TypeNode =
  | { k: 'any' }
  | { k: 'int'; go: 'int32' | 'int64' }
  | { k: 'float'; go: 'float64' | 'float32' }
  | { k: 'string' }
  | { k: 'bool' }
  | { k: 'quantity' }
  | { k: 'intstr' }
  | { k: 'time' }
  | { k: 'array'; go: string; items: TypeNode }
  | { k: 'map'; go: string; values: TypeNode }
  | { k: 'struct'; def: string };

interface StructType {
  /** Go's type name as printed (`v1.StatefulSetSpec`) and the bare name used as error context. */
  go: string;
  name: string;
  fields: Map<string, TypeNode>;
}

/** Go's %v of the value kinds encoding/json names in UnmarshalTypeError. */
const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
const SPECIAL: Record<string, TypeNode> = {
  [QUANTITY]: { k: 'quantity' },
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': { k: 'intstr' },
  'io.k8s.apimachinery.pkg.apis.meta.v1.Time': { k: 'time' },
  'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime': { k: 'time' },
  'io.k8s.apimachinery.pkg.runtime.RawExtension': { k: 'any' },
  'io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1': { k: 'any' },
  'io.k8s.apimachinery.pkg.apis.meta.v1.Patch': { k: 'any' },
};

/** Map fields whose Go type is the named v1.ResourceList rather than a plain map. */
const RESOURCE_LIST_FIELDS = new Set(['limits', 'requests', 'capacity', 'allocatable', 'hard', 'used']);

/** [min, max] exclusive of max+1: int64's bound is 2^63, which a double represents exactly. */
const INT_RANGE = { int32: [-2147483648, 2147483648], int64: [-9223372036854775808, 9223372036854775808] } as const;
const FLOAT32_MAX = 3.4028234663852886e38;

const QUANTITY_FORMAT = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/;
const QUANTITY_SUFFIX = /^(|[KMGTPE]i|[numkMGTPE]|[eE][-+]?[0-9]+)$/;
const ERR_QUANTITY_FORMAT = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

/** Compiled type nodes per catalog; a catalog is rebuilt (and so recompiled) when CRDs/types change. */
const compiled = new WeakMap<Catalog, Map<string, StructType | TypeNode>>();

function goTypeOfDef(def: string): { go: string; name: string } {
  const parts = def.split('.');
  const name = parts[parts.length - 1];
  return { go: `${parts[parts.length - 2]}.${name}`, name };
}

class Compiler {
  private readonly cache: Map<string, StructType | TypeNode>;
  constructor(private readonly catalog: Catalog) {
    let c = compiled.get(catalog);
    if (!c) compiled.set(catalog, (c = new Map()));
    this.cache = c;
  }

  /** The compiled node of a definition: a scalar/special node, or a struct (fields compiled now). */
  definition(def: string): StructType | TypeNode {
    const hit = this.cache.get(def);
    if (hit) return hit;
    const out = this.compileDefinition(def);
    this.cache.set(def, out);
    return out;
  }

  private compileDefinition(def: string): StructType | TypeNode {
    if (SPECIAL[def]) return SPECIAL[def];
    const s = this.catalog.defs[def];
    if (!s) return { k: 'any' };
    if (!s.properties) return this.node(s, '');
    const fields = new Map<string, TypeNode>();
    const st: StructType = { ...goTypeOfDef(def), fields };
    this.cache.set(def, st); // before the fields: definitions may be recursive (JSONSchemaProps)
    for (const [key, sub] of Object.entries(s.properties as Record<string, Schema>)) fields.set(key, this.node(sub, key));
    return st;
  }

  /** A property's node; `key` only names v1.ResourceList maps. */
  node(s: Schema, key: string): TypeNode {
    const ref = typeof s.$ref === 'string' ? s.$ref : s.allOf?.length === 1 && typeof s.allOf[0].$ref === 'string' ? s.allOf[0].$ref : undefined;
    if (ref) {
      const def = refName(ref);
      if (SPECIAL[def]) return SPECIAL[def];
      return this.catalog.defs[def]?.properties ? { k: 'struct', def } : this.node(this.catalog.defs[def] ?? {}, key);
    }
    if (s['x-kubernetes-int-or-string'] === true || s.format === 'int-or-string') return { k: 'intstr' };
    switch (s.type) {
      case 'integer':
        return { k: 'int', go: s.format === 'int32' ? 'int32' : 'int64' };
      case 'number':
        return { k: 'float', go: s.format === 'float' ? 'float32' : 'float64' };
      case 'string':
        return s.format === 'date-time' ? { k: 'time' } : { k: 'string' };
      case 'boolean':
        return { k: 'bool' };
      case 'array':
        return this.arrayNode(s, key);
      case 'object':
        return this.objectNode(s, key);
      default:
        return { k: 'any' };
    }
  }

  private arrayNode(s: Schema, key: string): TypeNode {
    const items = s.items && typeof s.items === 'object' && !Array.isArray(s.items) ? this.node(s.items, key) : ({ k: 'any' } as TypeNode);
    return { k: 'array', go: `[]${this.goName(items)}`, items };
  }

  private objectNode(s: Schema, key: string): TypeNode {
    if (!s.additionalProperties || typeof s.additionalProperties !== 'object') return { k: 'any' };
    const values = this.node(s.additionalProperties, '');
    if (values.k === 'quantity' && RESOURCE_LIST_FIELDS.has(key)) return { k: 'map', go: 'v1.ResourceList', values };
    return { k: 'map', go: `map[string]${this.goName(values)}`, values };
  }

  goName(t: TypeNode): string {
    switch (t.k) {
      case 'any':
        return 'interface {}';
      case 'int':
      case 'float':
        return t.go;
      case 'string':
        return 'string';
      case 'bool':
        return 'bool';
      case 'quantity':
        return 'resource.Quantity';
      case 'intstr':
        return 'intstr.IntOrString';
      case 'time':
        return 'v1.Time';
      case 'array':
      case 'map':
        return t.go;
      case 'struct':
        return goTypeOfDef(t.def).go;
    }
  }

  struct(def: string): StructType | undefined {
    const d = this.definition(def);
    return 'fields' in d ? d : undefined;
  }
}

/**
 * Where the decoder is: the innermost struct's bare name and the JSON field names from the root
 * (a stack, pushed and popped as the walk descends, so no path string is built unless an error
 * needs it).
 */
interface Ctx {
  c: Compiler;
  raw?: string;
  struct: string;
  keys: string[];
}

/** Go's name for the JSON kind of a value that did not fit (`string`, `bool`, `object`, `array`, `number`). */
function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'boolean') return 'bool';
  return typeof v === 'object' ? 'object' : typeof v;
}

/**
 * The number's literal as it appeared in the body (Go prints it): JS prints big/non-finite numbers
 * differently, so those are looked up in the raw text.
 */
function numberLiteral(n: number, raw: string | undefined): string {
  const s = String(n);
  if (Number.isFinite(n) && !/e/i.test(s)) return s;
  for (const m of raw?.matchAll(/-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?/g) ?? []) {
    if (Object.is(Number(m[0]), n)) return m[0];
  }
  return s;
}

function typeError(x: Ctx, value: string, goType: string): string {
  if (!x.struct && !x.keys.length) return `json: cannot unmarshal ${value} into Go value of type ${goType}`;
  return `json: cannot unmarshal ${value} into Go struct field ${x.struct}.${x.keys.join('.')} of type ${goType}`;
}

function numberFits(t: { k: 'int'; go: 'int32' | 'int64' } | { k: 'float'; go: 'float64' | 'float32' }, n: number): boolean {
  if (t.k === 'float') return Number.isFinite(n) && (t.go === 'float64' || Math.abs(n) <= FLOAT32_MAX);
  const [lo, hi] = INT_RANGE[t.go];
  return Number.isInteger(n) && n >= lo && n < hi;
}

/** metav1.Quantity's UnmarshalJSON: a string or a bare number, parsed as a quantity. */
function checkQuantity(v: unknown): string | undefined {
  if (typeof v !== 'string' && typeof v !== 'number') return ERR_QUANTITY_FORMAT;
  const s = String(v).trim();
  const m = QUANTITY_FORMAT.exec(s);
  if (!m) return ERR_QUANTITY_FORMAT;
  if (!QUANTITY_SUFFIX.test(m[2])) return "unable to parse quantity's suffix";
  return undefined;
}

/** intstr.IntOrString's UnmarshalJSON: a string, else a fresh json.Unmarshal into int32 (no field context). */
function checkIntOrString(x: Ctx, v: unknown): string | undefined {
  if (typeof v === 'string') return undefined;
  if (typeof v === 'number') return numberFits({ k: 'int', go: 'int32' }, v) ? undefined : `json: cannot unmarshal number ${numberLiteral(v, x.raw)} into Go value of type int32`;
  return `json: cannot unmarshal ${jsonKind(v)} into Go value of type int32`;
}

function checkScalar(x: Ctx, t: TypeNode, v: unknown): string | undefined {
  switch (t.k) {
    case 'int':
    case 'float':
      if (typeof v === 'number') return numberFits(t, v) ? undefined : typeError(x, `number ${numberLiteral(v, x.raw)}`, t.go);
      return typeError(x, jsonKind(v), t.go);
    case 'string':
      return typeof v === 'string' ? undefined : typeError(x, jsonKind(v), 'string');
    case 'bool':
      return typeof v === 'boolean' ? undefined : typeError(x, jsonKind(v), 'bool');
    case 'time':
      return typeof v === 'string' ? undefined : `json: cannot unmarshal ${jsonKind(v)} into Go value of type string`;
    case 'quantity':
      return checkQuantity(v);
    case 'intstr':
      return checkIntOrString(x, v);
    default:
      return undefined;
  }
}

function check(x: Ctx, t: TypeNode, v: unknown): string | undefined {
  // null decodes into anything (a no-op in Go); undefined is an absent field (in-process callers'
  // objects may carry one, JSON never does).
  if (v === null || v === undefined || t.k === 'any') return undefined;
  if (t.k === 'struct') return checkStruct(x, t.def, v);
  if (t.k === 'array') {
    if (!Array.isArray(v)) return typeError(x, jsonKind(v), t.go);
    for (const item of v) {
      const e = check(x, t.items, item);
      if (e) return e;
    }
    return undefined;
  }
  if (t.k === 'map') {
    if (!v || typeof v !== 'object' || Array.isArray(v)) return typeError(x, jsonKind(v), t.go);
    for (const item of Object.values(v)) {
      const e = check(x, t.values, item);
      if (e) return e;
    }
    return undefined;
  }
  return checkScalar(x, t, v);
}

function checkStruct(x: Ctx, def: string, v: unknown): string | undefined {
  const st = x.c.struct(def);
  if (!st) return check(x, x.c.definition(def) as TypeNode, v);
  if (!v || typeof v !== 'object' || Array.isArray(v)) return typeError(x, jsonKind(v), st.go);
  const outer = x.struct;
  for (const key of Object.keys(v)) {
    const field = st.fields.get(key); // case-sensitive; unknown fields are not type errors
    if (!field) continue;
    x.struct = st.name;
    x.keys.push(key);
    const e = check(x, field, (v as Record<string, unknown>)[key]);
    x.keys.pop();
    x.struct = outer;
    if (e) return e;
  }
  return undefined;
}

/**
 * The first type error decoding `obj` as built-in kind `gvk`, worded as kube-apiserver's decoder
 * (without the `<Kind> in version "<v>" cannot be handled as a <Kind>: ` prefix), or undefined.
 * `raw` (the request body) only serves to print overflowing numbers as written.
 */
export function findTypeError(catalog: Catalog, gvk: Gvk, obj: unknown, raw?: string): string | undefined {
  const def = definitionFor(catalog, gvk);
  // Only upstream's own definitions describe Go structs; CRD (and fallback) schemas are structural.
  if (!def || !catalog.defs[def] || loadBundle().definitions[def] !== catalog.defs[def]) return undefined;
  return checkStruct({ c: new Compiler(catalog), raw, struct: '', keys: [] }, def, obj);
}

/** `StatefulSet in version "v1" cannot be handled as a StatefulSet: <problem>` (400 BadRequest). */
export function decodeErrorMessage(kind: string, version: string, problem: string): string {
  return `${kind} in version "${version}" cannot be handled as a ${kind}: ${problem}`;
}
