// Decoding request bodies (JSON or YAML, as kube-apiserver accepts) and encoding responses.

import { parse as parseYaml } from 'yaml';
import { errors } from '../apimachinery/errors.js';

export const MAX_BODY_BYTES = 3 * 1024 * 1024;

export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

/** Parses a JSON or YAML request body into an object; 400 on malformed input, 415 on other media types. */
export function decodeObject(body: Buffer | undefined, contentType: string | undefined): Record<string, any> {
  const mt = mediaType(contentType) || 'application/json';
  if (!body || body.length === 0) throw errors.badRequest('the request body is empty: an object is required');
  let value: unknown;
  if (mt === 'application/json' || mt === '*/*') value = parseJson(body.toString('utf8'));
  else if (mt === 'application/yaml' || mt === 'application/x-yaml' || mt === 'text/yaml') value = parseYamlBody(body.toString('utf8'));
  else if (mt === 'application/vnd.kubernetes.protobuf') throw errors.unsupportedMediaType(mt);
  else throw errors.unsupportedMediaType(mt);
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw errors.badRequest(`Object 'Kind' is missing in '${truncate(body.toString('utf8'), 100)}'`);
  }
  return value as Record<string, any>;
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
    return parseYaml(text, { maxAliasCount: 100, uniqueKeys: false });
  } catch (e) {
    throw errors.badRequest(`error converting YAML to JSON: ${(e as Error).message}`);
  }
}

function truncate(s: string, n: number): string {
  return s.length > n ? s.slice(0, n) + '...' : s;
}

/** True when the Accept header asks for a meta.k8s.io Table (kubectl get). */
export function wantsTable(accept: string | undefined): boolean {
  if (!accept) return false;
  return accept.split(',').some((part) => {
    const p = part.toLowerCase();
    return p.includes('as=table') && p.includes('g=meta.k8s.io') && (p.includes('v=v1;') || p.endsWith('v=v1') || p.includes('v=v1beta1'));
  });
}

/** The Table version the client asked for first (v1 or v1beta1). */
export function tableVersion(accept: string | undefined): string {
  const first = (accept ?? '').split(',').find((p) => p.toLowerCase().includes('as=table')) ?? '';
  return /v=v1beta1/.test(first) ? 'v1beta1' : 'v1';
}
