// JSON forms of the apimachinery messages whose JSON is not an object: metav1.Time (RFC 3339,
// seconds), metav1.MicroTime (RFC 3339, microseconds), resource.Quantity (its string),
// intstr.IntOrString (number or string), runtime.RawExtension and metav1.FieldsV1 (embedded JSON).

import { forEachField, ProtobufDecodeError, WIRE_BYTES, WIRE_VARINT, type WireReader } from './wire-reader.js';

const utf8 = new TextDecoder('utf-8');

/** Reads the fields of a small message into raw values keyed by number. */
function rawFields(buf: Uint8Array): Map<number, bigint | Uint8Array> {
  const out = new Map<number, bigint | Uint8Array>();
  forEachField(buf, (tag, r: WireReader) => {
    if (tag.wireType === WIRE_VARINT) out.set(tag.field, r.varint());
    else if (tag.wireType === WIRE_BYTES) out.set(tag.field, r.bytes());
    else r.skip(tag.wireType);
  });
  return out;
}

const num = (v: bigint | Uint8Array | undefined, bits: 32 | 64): number => (typeof v === 'bigint' ? Number(BigInt.asIntN(bits, v)) : 0);
const str = (v: bigint | Uint8Array | undefined): string => (v instanceof Uint8Array ? utf8.decode(v) : '');

/** Time and MicroTime: {seconds=1, nanos=2}; the zero time renders as absent (Go renders null). */
function timeJson(buf: Uint8Array, micro: boolean): string | undefined {
  const f = rawFields(buf);
  const seconds = num(f.get(1), 64);
  const nanos = num(f.get(2), 32);
  if (seconds === 0 && nanos === 0) return undefined;
  const iso = new Date(seconds * 1000).toISOString().slice(0, 19);
  if (!micro) return `${iso}Z`;
  return `${iso}.${String(Math.floor(nanos / 1000)).padStart(6, '0')}Z`;
}

/** IntOrString {type=1 (0 int, 1 string), intVal=2, strVal=3}; int 0 reads as unset unless kept. */
function intOrStringJson(buf: Uint8Array, keepZero: boolean): number | string | undefined {
  const f = rawFields(buf);
  if (num(f.get(1), 64) === 1) return str(f.get(3));
  const n = num(f.get(2), 32);
  return n === 0 && !keepZero ? undefined : n;
}

function embeddedJson(buf: Uint8Array, what: string): unknown {
  const raw = rawFields(buf).get(1);
  if (!(raw instanceof Uint8Array) || raw.length === 0) return undefined;
  try {
    return JSON.parse(utf8.decode(raw));
  } catch (e) {
    throw new ProtobufDecodeError(`${what}: ${(e as Error).message}`);
  }
}

/** The JSON value of a special message, or undefined to leave the field out. */
export function specialJson(type: string, buf: Uint8Array, keepZero: boolean): unknown {
  switch (type) {
    case 'Time':
      return timeJson(buf, false);
    case 'MicroTime':
      return timeJson(buf, true);
    case 'Quantity':
      return str(rawFields(buf).get(1)) || '0';
    case 'IntOrString':
      return intOrStringJson(buf, keepZero);
    case 'RawExtension':
      return embeddedJson(buf, 'RawExtension');
    case 'FieldsV1':
      return embeddedJson(buf, 'FieldsV1');
    default:
      throw new Error(`not a special protobuf type: ${type}`);
  }
}
