// RFC 7386 JSON merge patch (`application/merge-patch+json`: kubectl label/annotate/scale,
// `kubectl patch --type merge`, and every patch kubectl sends to a custom resource).
// Semantics follow the library kube-apiserver uses (evanphx/json-patch MergePatch): `null`
// deletes a key, objects merge recursively, anything else (arrays included) replaces; values
// that land where there was nothing to merge into have their nested nulls pruned.

import { badRequest } from './patch-errors.js';
import { decodeJson } from './json-body.js';
import { deepCopy, isJsonMap, setOwn, type JsonMap } from '../../apimachinery/json-value.js';

/** Upstream's jsonpatch.ErrBadJSONPatch text, returned as 400 for undecodable merge patches. */
export const BAD_JSON_PATCH = 'Invalid JSON Patch';

/**
 * Decodes a merge patch body. Syntax errors, `null` and scalars are "Invalid JSON Patch";
 * objects and arrays are accepted (an array replaces the whole document).
 */
export function decodeMergePatch(text: string): JsonMap | unknown[] {
  const decoded = decodeJson(text);
  if (!decoded.ok) throw badRequest(BAD_JSON_PATCH);
  const v = decoded.value;
  if (isJsonMap(v) || Array.isArray(v)) return v;
  throw badRequest(BAD_JSON_PATCH);
}

/** Applies a decoded merge patch to a copy of `doc`. */
export function mergePatch(doc: unknown, patch: JsonMap | unknown[]): unknown {
  const p = deepCopy(patch);
  if (Array.isArray(p)) return pruneNulls(p);
  if (!isJsonMap(doc)) return pruneNulls(p);
  const target = deepCopy(doc);
  mergeInto(target, p);
  return target;
}

export function applyMergePatch(doc: unknown, body: string): unknown {
  return mergePatch(doc, decodeMergePatch(body));
}

function mergeInto(doc: JsonMap, patch: JsonMap): void {
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) {
      delete doc[k];
      continue;
    }
    const cur = Object.hasOwn(doc, k) ? doc[k] : undefined;
    setOwn(doc, k, cur === undefined || cur === null ? pruneNulls(v) : mergeValue(cur, v));
  }
}

function mergeValue(cur: unknown, patch: unknown): unknown {
  if (!isJsonMap(cur)) return pruneNulls(patch);
  // An object replaced by a non-object takes the patch value as is (upstream does not prune here).
  if (!isJsonMap(patch)) return patch;
  mergeInto(cur, patch);
  return cur;
}

/** Drops null-valued keys at any depth; null array elements are kept, as upstream does. */
function pruneNulls(v: unknown): unknown {
  if (Array.isArray(v)) {
    v.forEach(pruneNulls);
  } else if (isJsonMap(v)) {
    for (const [k, child] of Object.entries(v)) {
      if (child === null) delete v[k];
      else pruneNulls(child);
    }
  }
  return v;
}
