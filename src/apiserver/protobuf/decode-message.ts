// Table-driven decoding of one protobuf message into the JSON object Kubernetes' JSON encoding
// would produce for it: field names from the schema tables, zero scalars dropped unless the table
// keeps them, maps from repeated key/value entries, bytes as base64, unknown fields skipped.

import { messageFields, SCALARS, SPECIAL, type FieldSpec } from './schema.js';
import { specialJson } from './special-types.js';
import { forEachField, ProtobufDecodeError, WIRE_BYTES, WIRE_FIXED64, WIRE_VARINT, WireReader } from './wire-reader.js';

type Json = Record<string, unknown>;
const utf8 = new TextDecoder('utf-8');
/** Upstream nests at most this deep; guards recursion on hostile input. */
const MAX_DEPTH = 64;

/** Go's generated code names the field by its Go name in wire-type errors. */
function goName(f: FieldSpec): string {
  const n = f.name === '*' ? f.type : f.name;
  return n.charAt(0).toUpperCase() + n.slice(1);
}

function expectWire(f: FieldSpec, got: number, want: number): void {
  if (got !== want) throw new ProtobufDecodeError(`proto: wrong wireType = ${got} for field ${goName(f)}`);
}

function scalarWireType(type: string): number {
  if (type === 's' || type === 'bytes') return WIRE_BYTES;
  return type === 'f64' ? WIRE_FIXED64 : WIRE_VARINT;
}

function readScalar(type: string, r: WireReader): unknown {
  switch (type) {
    case 's':
      return utf8.decode(r.bytes());
    case 'bytes':
      return Buffer.from(r.bytes()).toString('base64');
    case 'b':
      return r.varint() !== 0n;
    case 'i32':
      return Number(BigInt.asIntN(32, r.varint()));
    case 'i64':
      return Number(BigInt.asIntN(64, r.varint()));
    case 'f64':
      return Number(new DataView(new BigUint64Array([r.fixed64()]).buffer).getFloat64(0, true));
    default:
      throw new Error(`unknown scalar type ${type}`);
  }
}

const isZero = (v: unknown): boolean => v === '' || v === 0 || v === false;

/** One value of a field's type (scalar, special or nested message) at the reader's position. */
function readValue(f: FieldSpec, wireType: number, r: WireReader, depth: number): unknown {
  if (SCALARS.has(f.type)) {
    expectWire(f, wireType, scalarWireType(f.type));
    return readScalar(f.type, r);
  }
  expectWire(f, wireType, WIRE_BYTES);
  const buf = r.bytes();
  if (SPECIAL.has(f.type)) return specialJson(f.type, buf, f.keepZero);
  return decodeMessage(f.type, buf, depth + 1);
}

/** Repeated numeric scalars may arrive packed (one length-delimited run) or one per tag. */
function readRepeated(f: FieldSpec, wireType: number, r: WireReader, depth: number): unknown[] {
  const packable = SCALARS.has(f.type) && scalarWireType(f.type) !== WIRE_BYTES;
  if (!packable || wireType !== WIRE_BYTES) return [readValue(f, wireType, r, depth)];
  const inner = new WireReader(r.bytes());
  const out: unknown[] = [];
  while (!inner.done) out.push(readScalar(f.type, inner));
  return out;
}

/** A map entry message {key=1, value=2}; a missing value is the type's zero value. */
function readMapEntry(f: FieldSpec, wireType: number, r: WireReader, depth: number): [string, unknown] {
  expectWire(f, wireType, WIRE_BYTES);
  let key = '';
  let value: unknown;
  forEachField(r.bytes(), (tag, er) => {
    if (tag.field === 1) {
      expectWire(f, tag.wireType, WIRE_BYTES);
      key = utf8.decode(er.bytes());
    } else if (tag.field === 2) value = readValue({ ...f, keepZero: true }, tag.wireType, er, depth);
    else er.skip(tag.wireType);
  });
  return [key, value ?? zeroOf(f.type)];
}

function zeroOf(type: string): unknown {
  if (type === 's' || type === 'bytes') return '';
  if (type === 'Quantity') return '0';
  if (type === 'b') return false;
  return SCALARS.has(type) ? 0 : {};
}

function setField(out: Json, f: FieldSpec, wireType: number, r: WireReader, depth: number): void {
  if (f.shape === 'map') {
    const [k, v] = readMapEntry(f, wireType, r, depth);
    ((out[f.name] ??= {}) as Json)[k] = v;
  } else if (f.shape === 'repeated') {
    ((out[f.name] ??= []) as unknown[]).push(...readRepeated(f, wireType, r, depth));
  } else if (f.name === '*') {
    Object.assign(out, readValue(f, wireType, r, depth) as Json);
  } else {
    const v = readValue(f, wireType, r, depth);
    // Last occurrence wins, as in protobuf; a dropped zero also clears an earlier value.
    if (v === undefined || (isZero(v) && !f.keepZero)) delete out[f.name];
    else out[f.name] = v;
  }
}

/** Decodes `buf` as message `message` of the schema tables into a JSON object. */
export function decodeMessage(message: string, buf: Uint8Array, depth = 0): Json {
  if (depth > MAX_DEPTH) throw new ProtobufDecodeError('proto: message nested too deeply');
  const fields = messageFields(message);
  const out: Json = {};
  forEachField(buf, (tag, r) => {
    const f = fields.get(tag.field);
    if (f) setField(out, f, tag.wireType, r, depth);
    else r.skip(tag.wireType);
  });
  return out;
}
