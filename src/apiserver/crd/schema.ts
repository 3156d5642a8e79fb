// Structural schemas (openAPIV3Schema of a CRD version) compiled with ajv: validation with
// kube-apiserver's messages, defaulting (`default`), and pruning of unknown fields, honouring
// x-kubernetes-preserve-unknown-fields, x-kubernetes-int-or-string and x-kubernetes-embedded-resource.

import type { Ajv, ErrorObject, ValidateFunction } from 'ajv';
import type addFormatsModule from 'ajv-formats';
import type { FieldError } from '../../apimachinery/field-errors.js';
import { fieldErr } from '../../apimachinery/field-errors.js';
import { lazyModule } from '../lazy-module.js';

// ajv and its formats load with the first schema compiled (see lazy-module.ts).
const ajvModule = lazyModule<{ default: typeof Ajv }>('ajv');
const formatsModule = lazyModule<typeof addFormatsModule>('ajv-formats');

type Schema = Record<string, any>;

const KNOWN_FORMATS = new Set(['date-time', 'date', 'email', 'uri', 'hostname', 'ipv4', 'ipv6', 'uuid', 'byte', 'int32', 'int64', 'float', 'double']);

/** Converts a structural schema to plain JSON Schema for ajv, in place on a copy. */
export function toJsonSchema(s: Schema | undefined, root = true): Schema {
  if (!s || typeof s !== 'object') return {};
  const out: Schema = {};
  for (const [k, v] of Object.entries(s)) {
    if (k.startsWith('x-kubernetes-') || k === 'description' || k === 'example' || k === 'externalDocs') continue;
    if (k === 'nullable') continue;
    if (k === 'format' && !KNOWN_FORMATS.has(v)) continue;
    if (k === 'properties') out.properties = Object.fromEntries(Object.entries(v as Schema).map(([pk, pv]) => [pk, toJsonSchema(pv as Schema, false)]));
    else if (k === 'items') out.items = toJsonSchema(v as Schema, false);
    else if (k === 'additionalProperties') out.additionalProperties = typeof v === 'object' ? toJsonSchema(v as Schema, false) : v;
    else if (k === 'allOf' || k === 'anyOf' || k === 'oneOf') out[k] = (v as Schema[]).map((x) => toJsonSchema(x, false));
    else if (k === 'not') out.not = toJsonSchema(v as Schema, false);
    else out[k] = v;
  }
  if (s['x-kubernetes-int-or-string']) {
    delete out.type;
    out.anyOf = out.anyOf ?? [{ type: 'integer' }, { type: 'string' }];
  }
  if (s.nullable && out.type) out.type = [out.type, 'null'];
  const preserve = s['x-kubernetes-preserve-unknown-fields'] === true;
  const embedded = s['x-kubernetes-embedded-resource'] === true;
  if (embedded) {
    out.properties = { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, ...(out.properties ?? {}) };
  }
  if (root) {
    out.properties = { ...(out.properties ?? {}), apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' } };
  }
  const isObject = out.type === 'object' || (Array.isArray(out.type) && out.type.includes('object')) || (root && !out.type);
  if (isObject && !preserve && out.additionalProperties === undefined) out.additionalProperties = false;
  if (preserve && out.additionalProperties === undefined) out.additionalProperties = true;
  return out;
}

let ajvInstance: Ajv | undefined;

function ajv(): Ajv {
  if (ajvInstance) return ajvInstance;
  const addFormats = formatsModule().default;
  const a = new (ajvModule().default)({ allErrors: true, strict: false, useDefaults: true, removeAdditional: true, coerceTypes: false, validateFormats: true, verbose: true }); // verbose: errors carry the offending value (e.data) for "Invalid value: …"
  addFormats(a);
  a.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
  a.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  a.addFormat('byte', /^[A-Za-z0-9+/]*={0,2}$/);
  a.addFormat('float', { type: 'number', validate: () => true });
  a.addFormat('double', { type: 'number', validate: () => true });
  return (ajvInstance = a);
}

export interface CompiledSchema {
  /** Applies defaults and prunes unknown fields in place, then returns field errors. */
  admit(obj: unknown): FieldError[];
}

/**
 * Compiles on first use: ajv code generation costs tens of ms per CRD schema, and the sandbox
 * installs its CRDs at every boot while most are never written to during a session.
 */
export function compileSchema(openAPIV3Schema: Schema | undefined): CompiledSchema {
  let admit: CompiledSchema['admit'] | undefined;
  return {
    admit(obj) {
      admit ??= compileNow(openAPIV3Schema);
      return admit(obj);
    },
  };
}

function compileNow(openAPIV3Schema: Schema | undefined): CompiledSchema['admit'] {
  const jsonSchema = toJsonSchema(openAPIV3Schema ?? { type: 'object', 'x-kubernetes-preserve-unknown-fields': true });
  let validate: ValidateFunction;
  try {
    validate = ajv().compile(jsonSchema);
  } catch (e) {
    const msg = (e as Error).message;
    return () => [fieldErr.invalid('spec.validation.openAPIV3Schema', null, `schema does not compile: ${msg}`)];
  }
  return (obj) => {
    // Metadata is validated by the generic object-meta rules, not the schema.
    const o = obj as Record<string, unknown>;
    const meta = o.metadata;
    const ok = validate(obj);
    o.metadata = meta;
    return ok ? [] : (validate.errors ?? []).filter(relevant).map(toFieldError);
  };
}

function relevant(e: ErrorObject): boolean {
  // anyOf branches report each alternative; the anyOf error itself is the useful one.
  return !(e.schemaPath.includes('/anyOf/') && e.keyword === 'type');
}

function pathOf(e: ErrorObject): string {
  const parts = e.instancePath.split('/').filter(Boolean).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  let out = '';
  for (const p of parts) out += /^\d+$/.test(p) ? `[${p}]` : out ? `.${p}` : p;
  return out;
}

function valueAt(data: unknown): unknown {
  return data;
}

function toFieldError(e: ErrorObject): FieldError {
  const field = pathOf(e);
  const where = field || '<root>';
  switch (e.keyword) {
    case 'required':
      return fieldErr.required(field ? `${field}.${e.params.missingProperty}` : String(e.params.missingProperty));
    case 'enum':
      return fieldErr.notSupported(where, valueAt(e.data), (e.params.allowedValues as unknown[]).map(String));
    case 'type':
      return fieldErr.invalid(where, typeName(e.data), `${where} in body must be of type ${e.params.type}: ${JSON.stringify(typeName(e.data))}`);
    case 'minimum':
      return fieldErr.invalid(where, e.data, `${where} in body should be greater than or equal to ${e.params.limit}`);
    case 'maximum':
      return fieldErr.invalid(where, e.data, `${where} in body should be less than or equal to ${e.params.limit}`);
    case 'pattern':
      return fieldErr.invalid(where, e.data, `${where} in body should match '${e.params.pattern}'`);
    case 'anyOf':
      return fieldErr.invalid(where, e.data, `${where} in body must be of type integer or string`);
    default:
      return fieldErr.invalid(where, e.data, `${where} in body ${e.message ?? 'is invalid'}`);
  }
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}
