// Table printer for custom resources, built from a CRD version's additionalPrinterColumns the way
// apiextensions-apiserver's table convertor does: NAME first, then one column per definition whose
// cell is the FIRST value its JSONPath selects (so `[*]` paths show only the first element, as
// upstream). `date` columns are rendered as an age ("5m"); without columns a CRD gets AGE only.

import type { KubeObject } from '../../apimachinery/types.js';
import { NAME_COL, col, printer, type Col, type KindPrinter } from './common.js';
import { humanDuration } from './human-duration.js';
import { parsePath, evaluate } from './jsonpath.js';

export interface PrinterColumn {
  name: string;
  type: string;
  format?: string;
  description?: string;
  priority?: number;
  jsonPath: string;
}

const DEFAULT_COLUMNS: PrinterColumn[] = [
  { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp', description: 'Time since the object was created (metadata.creationTimestamp).' },
];

/** Go's json.Marshal of decoded JSON: map keys sorted, <, >, & escaped. */
function goJson(v: unknown): string {
  const sortKeys = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(sortKeys);
    if (x && typeof x === 'object') return Object.fromEntries(Object.keys(x).sort().map((k) => [k, sortKeys((x as Record<string, unknown>)[k])]));
    return x;
  };
  return JSON.stringify(sortKeys(v)).replace(/[<>&]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`);
}

/** fmt.Print of a float64 from JSON: shortest %g, exponent form outside [1e-4, 1e6). */
function goFloat(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 2 ** 63) return String(n); // unstructured JSON keeps whole numbers as int64
  const [mant, expStr] = n.toExponential().split('e');
  const exp = Number(expStr);
  if (exp < -4 || exp >= 6) return `${mant}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return String(n);
}

/** jsonpath PrintResults for one value: strings raw, objects/arrays as compact JSON. */
function printValue(v: unknown): string {
  if (v === null || v === undefined) return '<no value>';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return goFloat(v);
  if (typeof v === 'boolean') return String(v);
  return goJson(v);
}

function dateCell(v: unknown, now: Date): unknown {
  if (typeof v !== 'string') return null;
  const t = Date.parse(v);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(v) || Number.isNaN(t)) return '<invalid>';
  return humanDuration(now.getTime() - t);
}

/** cellForJSONValue: the cell for a non-string column, null when the value does not fit the type. */
function typedCell(type: string, v: unknown, now: Date): unknown {
  if (v === null || v === undefined) return null;
  switch (type) {
    case 'integer':
      return typeof v === 'number' ? Math.trunc(v) : null;
    case 'number':
      return typeof v === 'number' ? v : null;
    case 'boolean':
      return typeof v === 'boolean' ? v : null;
    case 'date':
      return dateCell(v, now);
    default:
      return null;
  }
}

/** Builds the printer for one CRD version's columns (undefined/empty → AGE only). */
export function customResourcePrinter(columns: PrinterColumn[] | undefined): KindPrinter {
  const defs = columns && columns.length ? columns : DEFAULT_COLUMNS;
  const paths = defs.map((c) => parsePath(c.jsonPath));
  const cols: Col[] = [
    NAME_COL,
    ...defs.map((c) => col(c.name, c.type, c.description || `Custom resource definition column (in JSONPath format): ${c.jsonPath}`, c.priority ?? 0, c.format ?? '')),
  ];
  return printer(cols, (obj: KubeObject, now: Date) => [
    obj.metadata.name,
    ...defs.map((c, i) => {
      const results = evaluate(paths[i], obj);
      if (results.length === 0) return null;
      return c.type === 'string' ? printValue(results[0]) : typedCell(c.type, results[0], now);
    }),
  ]);
}
