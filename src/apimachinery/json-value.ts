// Small helpers over decoded JSON values shared by the three patch flavours. Upstream's patch
// code works on Go's `map[string]interface{}` / `[]interface{}` and prints values with `%v`
// inside some error messages, so the Go-style formatting lives here too.

export type JsonMap = Record<string, unknown>;

/** The JSON "type" of a value, used where upstream compares `reflect.TypeOf` of two values. */
export type JsonKind = 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null';

export function isJsonMap(v: unknown): v is JsonMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function jsonKind(v: unknown): JsonKind {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object') return 'object';
  return typeof v as JsonKind;
}

/**
 * A deep copy, so patch functions never mutate what the caller handed them. Decoded JSON (plain
 * objects, arrays, scalars) is copied by hand: for an object the size of a pod that is about eight
 * times cheaper than structuredClone, which serializes through the structured-clone format, and
 * the write path copies objects several times per request. Anything else (a Date, a Map, a class
 * instance an in-process caller left in an object) goes to structuredClone, as before.
 */
export function deepCopy<T>(v: T): T {
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) {
    const out = new Array(v.length);
    for (let i = 0; i < v.length; i++) out[i] = deepCopy(v[i]);
    return out as T;
  }
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return structuredClone(v);
  const out: JsonMap = {};
  for (const k of Object.keys(v)) setOwn(out, k, deepCopy((v as JsonMap)[k]));
  return out as T;
}

/** Go's `%v` rendering of a decoded JSON value (maps print with sorted keys). */
export function goFormat(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(goFormat).join(' ')}]`;
  if (isJsonMap(v)) {
    const entries = Object.keys(v)
      .sort()
      .map((k) => `${k}:${goFormat(v[k])}`);
    return `map[${entries.join(' ')}]`;
  }
  return String(v);
}

/** Go's `reflect.TypeOf(x).String()` for a value decoded the way the apiserver decodes patches. */
export function goTypeName(v: unknown): string {
  switch (jsonKind(v)) {
    case 'object':
      return 'map[string]interface {}';
    case 'array':
      return '[]interface {}';
    case 'number':
      return Number.isInteger(v) ? 'int64' : 'float64';
    case 'null':
      return '%!s(<nil>)';
    default:
      return typeof v;
  }
}

/**
 * Assigns an own property even for the key `__proto__`, which a JSON body can carry as an ordinary
 * key; a plain assignment would swap the object's prototype instead of storing the field.
 */
export function setOwn(obj: JsonMap, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
  else obj[key] = value;
}
