// Field errors in the form k8s.io/apimachinery/pkg/util/validation/field produces them.
// Their rendering (`spec.replicas: Invalid value: -1: must be greater than or equal to 0`) is what
// kubectl shows users, so messages follow upstream's wording exactly.

export type FieldErrorType =
  | 'FieldValueRequired'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueForbidden'
  | 'FieldValueDuplicate'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'FieldValueNotFound'
  | 'InternalError';

export interface FieldError {
  type: FieldErrorType;
  field: string;
  badValue?: unknown;
  detail?: string;
}

/** Renders a bad value as Go's %#v-ish formatting that upstream messages use. */
export function formatValue(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (Array.isArray(v)) {
    // Go prints typed slices with their element type; we know it for strings (e.g. spec.clusterIPs).
    const elem = v.length && v.every((x) => typeof x === 'string') ? 'string' : '';
    return `[]${elem}{${v.map(formatValue).join(', ')}}`;
  }
  if (typeof v === 'object') {
    const entries = Object.keys(v as object)
      .sort()
      .map((k) => `${k}:${formatPlain((v as Record<string, unknown>)[k])}`);
    return `map[${entries.join(' ')}]`;
  }
  return String(v);
}

function formatPlain(v: unknown): string {
  return typeof v === 'string' ? v : formatValue(v);
}

/** The part of the message after the field path (what Status causes carry as `message`). */
export function errorBody(e: FieldError): string {
  const d = e.detail ? `: ${e.detail}` : '';
  switch (e.type) {
    case 'FieldValueRequired':
      return `Required value${d}`;
    case 'FieldValueInvalid':
      return `Invalid value: ${formatValue(e.badValue)}${d}`;
    case 'FieldValueNotSupported':
      return `Unsupported value: ${formatValue(e.badValue)}${d}`;
    case 'FieldValueForbidden':
      return `Forbidden${d}`;
    case 'FieldValueDuplicate':
      return `Duplicate value: ${formatValue(e.badValue)}`;
    case 'FieldValueTooLong':
      return `Too long${d}`;
    case 'FieldValueTooMany':
      return `Too many${d}`;
    case 'FieldValueNotFound':
      return `Not found: ${formatValue(e.badValue)}`;
    default:
      return `Internal error${d}`;
  }
}

export function fieldErrorString(e: FieldError): string {
  return `${e.field}: ${errorBody(e)}`;
}

export const fieldErr = {
  required: (field: string, detail = ''): FieldError => ({ type: 'FieldValueRequired', field, detail }),
  invalid: (field: string, badValue: unknown, detail = ''): FieldError => ({ type: 'FieldValueInvalid', field, badValue, detail }),
  notSupported: (field: string, badValue: unknown, supported: string[]): FieldError => ({
    type: 'FieldValueNotSupported',
    field,
    badValue,
    detail: supported.length ? `supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}` : '',
  }),
  forbidden: (field: string, detail: string): FieldError => ({ type: 'FieldValueForbidden', field, detail }),
  duplicate: (field: string, badValue: unknown): FieldError => ({ type: 'FieldValueDuplicate', field, badValue }),
  tooLong: (field: string, badValue: unknown, max: number): FieldError => ({
    type: 'FieldValueTooLong',
    field,
    badValue,
    detail: `may not be more than ${max} bytes`,
  }),
  notFound: (field: string, badValue: unknown): FieldError => ({ type: 'FieldValueNotFound', field, badValue }),
};
