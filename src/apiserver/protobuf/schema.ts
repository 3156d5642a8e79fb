// Parses the compact field tables (schema-meta/core/groups) into per-message lookup maps once,
// so the decoder can ask "what is field N of message M" in O(1).

import { META_MESSAGES } from './schema-meta.js';
import { CORE_MESSAGES } from './schema-core.js';
import { GROUP_MESSAGES, KIND_MESSAGES } from './schema-groups.js';

export type Shape = 'single' | 'repeated' | 'map';

export interface FieldSpec {
  /** JSON name, or '*' for an embedded (inlined) message. */
  name: string;
  /** Scalar name (s, b, i32, i64, f64, bytes) or message name. */
  type: string;
  shape: Shape;
  keepZero: boolean;
}

export const SCALARS = new Set(['s', 'b', 'i32', 'i64', 'f64', 'bytes']);
/** Messages rendered as JSON scalars or raw JSON rather than objects. */
export const SPECIAL = new Set(['Time', 'MicroTime', 'Quantity', 'IntOrString', 'RawExtension', 'FieldsV1']);

const TABLES: Record<string, string> = { ...META_MESSAGES, ...CORE_MESSAGES, ...GROUP_MESSAGES };
const parsed = new Map<string, Map<number, FieldSpec>>();

export function parseEntry(entry: string): [number, FieldSpec] {
  const [num, name, rawType] = entry.trim().split(/\s+/);
  let type = rawType;
  let shape: Shape = 'single';
  if (type.startsWith('[]')) [shape, type] = ['repeated', type.slice(2)];
  else if (type.startsWith('{}')) [shape, type] = ['map', type.slice(2)];
  const keepZero = type.endsWith('?');
  if (keepZero) type = type.slice(0, -1);
  return [Number(num), { name, type, shape, keepZero }];
}

/** The fields of a message; throws for a name missing from the tables (a bug in the tables). */
export function messageFields(message: string): Map<number, FieldSpec> {
  let fields = parsed.get(message);
  if (fields) return fields;
  const table = TABLES[message];
  if (table === undefined) throw new Error(`protobuf schema has no message ${message}`);
  fields = new Map(table.split(';').filter((e) => e.trim()).map(parseEntry));
  parsed.set(message, fields);
  return fields;
}

/** Every message name the tables mention, for a consistency test. */
export function allReferencedTypes(): { message: string; type: string }[] {
  return Object.keys(TABLES).flatMap((m) => [...messageFields(m).values()].map((f) => ({ message: m, type: f.type })));
}

export function hasMessage(name: string): boolean {
  return name in TABLES;
}

/** The top-level message for an envelope's apiVersion and kind, if the sandbox decodes it. */
export function messageForKind(apiVersion: string, kind: string): string | undefined {
  return KIND_MESSAGES[`${apiVersion}/${kind}`];
}
