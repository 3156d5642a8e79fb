// Decoding request bodies (JSON or YAML, as kube-apiserver accepts) and encoding responses.

import { lazyModule } from './lazy-module.js';
import { errors } from '../apimachinery/errors.js';
import { decodeProtobufRequest, PROTOBUF_MEDIA_TYPE } from './protobuf/index.js';

const yaml = lazyModule<typeof import('yaml')>('yaml');

export const MAX_BODY_BYTES = 3 * 1024 * 1024;

/** Go's encoding/json (and so kube-apiserver) refuses documents nested deeper than this. */
export const MAX_NESTING_DEPTH = 10_000;

/**
 * Refuses a body whose brackets nest deeper than MAX_NESTING_DEPTH (400), before any recursive code
 * (clone, validation, patching) can overflow the stack on it. A linear scan of the raw text, skipping
 * double-quoted strings; good enough for JSON and flow-style YAML, the only ways to nest that deep
 * within the 3 MiB body limit.
 */
export function assertNestingDepth(body: Buffer | undefined): void {
  if (!body || body.length < MAX_NESTING_DEPTH) return;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (inString) {
      if (c === 0x5c) i++; // backslash escapes the next byte
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > MAX_NESTING_DEPTH) throw errors.badRequest('error decoding request body: json: exceeded max depth');
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
}

export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

export interface DecodeOptions {
  /**
   * Leave non-finite numbers (1e400) for the write path, which first reports them as the typed
   * decoder would (`cannot unmarshal number 1e400 into Go struct field ...`) and then calls
   * assertFiniteNumbers itself.
   */
  deferFiniteCheck?: boolean;
}

/** Parses a JSON, YAML or protobuf request body into an object; 400 on malformed input, 415 on other media types. */
export function decodeObject(body: Buffer | undefined, contentType: string | undefined, opts: DecodeOptions = {}): Record<string, any> {
  const mt = mediaType(contentType) || 'application/json';
  if (!body || body.length === 0) throw errors.badRequest('the request body is empty: an object is required');
  let value: unknown;
  if (mt === 'application/json' || mt === '*/*') value = parseJson(body.toString('utf8'));
  else if (mt === 'application/yaml' || mt === 'application/x-yaml' || mt === 'text/yaml') value = parseYamlBody(body.toString('utf8'));
  else if (mt === PROTOBUF_MEDIA_TYPE) value = decodeProtobufRequest(body);
  else throw errors.unsupportedMediaType(mt);
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw errors.badRequest(`Object 'Kind' is missing in '${truncate(body.toString('utf8'), 100)}'`);
  }
  if (!opts.deferFiniteCheck) assertFiniteNumbers(value);
  return value as Record<string, any>;
}

/**
 * JSON.parse turns 1e400 into Infinity, which would be stored as null; Go's decoder refuses a number
 * that overflows any numeric field, so this does too (400). Iterative: bodies may nest deeply.
 */
export function assertFiniteNumbers(root: unknown): void {
  if (allFinite(root)) return;
  const stack: { v: unknown; path: string }[] = [{ v: root, path: '' }];
  while (stack.length) {
    const { v, path } = stack.pop()!;
    if (typeof v === 'number' && !Number.isFinite(v)) {
      throw errors.badRequest(`error decoding request body: json: cannot unmarshal number into Go struct field ${path.slice(1)}: value out of range`);
    }
    if (!v || typeof v !== 'object') continue;
    if (Array.isArray(v)) v.forEach((x, i) => stack.push({ v: x, path: `${path}[${i}]` }));
    else for (const [k, x] of Object.entries(v)) stack.push({ v: x, path: `${path}.${k}` });
  }
}

/**
 * The check alone, without building paths: every write runs it on a whole object, and the path is
 * only needed for the error (assertFiniteNumbers then walks again, in its own order, to name it).
 */
function allFinite(root: unknown): boolean {
  const stack: unknown[] = [root];
  while (stack.length) {
    const v = stack.pop();
    if (typeof v === 'number' && !Number.isFinite(v)) return false;
    if (!v || typeof v !== 'object') continue;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) stack.push(v[i]);
      continue;
    }
    for (const k in v) if (Object.hasOwn(v, k)) stack.push((v as Record<string, unknown>)[k]);
  }
  return true;
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw errors.badRequest(`error decoding request body: ${(e as Error).message}`);
  }
}

function parseYamlBody(text: string): unknown {
  try {
    return yaml().parse(text, { maxAliasCount: 100, uniqueKeys: false });
  } catch (e) {
    throw errors.badRequest(`error converting YAML to JSON: ${(e as Error).message}`);
  }
}

function truncate(s: string, n: number): string {
  return s.length > n ? s.slice(0, n) + '...' : s;
}

/** What a client may ask the server to render instead of the object (Accept: ...;as=KIND;g=meta.k8s.io;v=VERSION). */
export type ResponseView = 'Table' | 'PartialObjectMetadata' | 'PartialObjectMetadataList';

export interface RequestedView {
  as: ResponseView;
  /** meta.k8s.io version: v1 or v1beta1. */
  version: 'v1' | 'v1beta1';
}

const VIEWS: readonly ResponseView[] = ['Table', 'PartialObjectMetadata', 'PartialObjectMetadataList'];

/**
 * The first clause of the Accept header that asks for a meta.k8s.io view the server renders, in
 * the client's order of preference, as kube-apiserver negotiates (kubectl get lists Table v1, then
 * v1beta1, then plain JSON; client-go's metadata client lists PartialObjectMetadata in protobuf,
 * then in JSON). Clauses asking for other views or group versions are passed over; none → the
 * object itself. The media type of the clause is not checked: responses are JSON either way.
 */
export function requestedView(accept: string | undefined): RequestedView | undefined {
  // Every response asks: most clients send no view at all, so skip the parse for them.
  if (!accept || !/as=/i.test(accept)) return undefined;
  for (const clause of accept.split(',')) {
    const params = new Map<string, string>();
    for (const part of clause.split(';').slice(1)) {
      const eq = part.indexOf('=');
      if (eq > 0) params.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).trim());
    }
    const as = VIEWS.find((v) => v.toLowerCase() === params.get('as')?.toLowerCase());
    const version = params.get('v');
    if (as && params.get('g') === 'meta.k8s.io' && (version === 'v1' || version === 'v1beta1')) return { as, version };
  }
  return undefined;
}

/** True when the Accept header asks for a meta.k8s.io Table (kubectl get) before any other view. */
export function wantsTable(accept: string | undefined): boolean {
  return requestedView(accept)?.as === 'Table';
}

/** The Table version the client asked for first (v1 or v1beta1). */
export function tableVersion(accept: string | undefined): string {
  const first = (accept ?? '').split(',').find((p) => p.toLowerCase().includes('as=table')) ?? '';
  return /v=v1beta1/.test(first) ? 'v1beta1' : 'v1';
}
