// Strategic merge patch (`application/strategic-merge-patch+json`), the patch kubectl apply,
// edit, set image, rollout restart/undo and the controllers' ClaimPods adopt/release send for
// built-in kinds. Semantics follow apimachinery's pkg/util/strategicpatch as the apiserver runs
// it (merge parallel lists, ignore unmatched nulls): maps merge recursively and `null` deletes;
// lists merge or replace per the kind's patch metadata (patch-meta.ts); `$patch`,
// `$retainKeys`, `$setElementOrder/` and `$deleteFromPrimitiveList/` directives are honoured
// and never stored. `metadata.resourceVersion`/`uid` in a patch are merged like any field; the
// caller treats them as preconditions.

import type { ApiError } from '../../apimachinery/errors.js';
import { fieldMeta, type PatchSchema } from './patch-meta.js';
import { badRequest } from './patch-errors.js';
import { cannotUnmarshal, decodeJson } from './json-body.js';
import { deepCopy, isJsonMap, jsonKind, setOwn, type JsonMap } from '../../apimachinery/json-value.js';
import { SmpError } from './smp-errors.js';
import {
  applyMapDirective,
  applyRetainKeys,
  DELETE_FROM_PRIMITIVE_LIST,
  DIRECTIVE,
  directiveTarget,
  discardNulls,
  removeDirectives,
  sweepDirectives,
} from './smp-directives.js';
import { applySetElementOrder } from './smp-set-element-order.js';
import { mergeList } from './smp-lists.js';

/** Decodes an SMP body: must be a JSON object (`null` is an empty patch, as Go decodes it). */
export function decodeStrategicPatch(text: string): JsonMap {
  const decoded = decodeJson(text);
  if (!decoded.ok) throw badRequest(decoded.message);
  if (decoded.value === null) return {};
  if (!isJsonMap(decoded.value)) throw badRequest(cannotUnmarshal(decoded.value, 'map[string]interface {}'));
  return decoded.value;
}

/**
 * Applies `patch` to a copy of `original` using `schema` for list strategies. Neither argument
 * is mutated. Throws ApiError (400 / 422 / 500) the way kube-apiserver reports SMP failures.
 */
export function strategicMergePatch(original: JsonMap, patch: JsonMap, schema: PatchSchema): JsonMap {
  try {
    const merged = mergeMap(deepCopy(original), deepCopy(patch), schema);
    sweepDirectives(merged, patch);
    return merged;
  } catch (e) {
    throw toApiError(e);
  }
}

export function applyStrategicMergePatch(original: JsonMap, body: string, schema: PatchSchema): JsonMap {
  return strategicMergePatch(original, decodeStrategicPatch(body), schema);
}

function toApiError(e: unknown): ApiError | unknown {
  return e instanceof SmpError ? e.toApiError() : e;
}

/** Merges `patch` into `original` in place (both are private copies) and returns the result. */
function mergeMap(original: JsonMap, patch: JsonMap, schema: PatchSchema): JsonMap {
  if (Object.hasOwn(patch, DIRECTIVE)) return applyMapDirective(patch[DIRECTIVE], patch);
  applyRetainKeys(original, patch);
  applySetElementOrder(original, patch, schema, mergeMap);
  for (const [rawKey, patchValue] of Object.entries(patch)) {
    const isDeleteList = rawKey.startsWith(DELETE_FROM_PRIMITIVE_LIST);
    const key = isDeleteList ? directiveTarget(rawKey, DELETE_FROM_PRIMITIVE_LIST) : rawKey;
    mergeField(original, { key, patchValue, isDeleteList, schema });
  }
  return original;
}

interface FieldMerge {
  key: string;
  patchValue: unknown;
  isDeleteList: boolean;
  schema: PatchSchema;
}

function mergeField(original: JsonMap, f: FieldMerge): void {
  if (f.patchValue === null) {
    delete original[f.key];
    return;
  }
  const present = Object.hasOwn(original, f.key);
  const current = present ? original[f.key] : undefined;
  const comparable = present && jsonKind(current) === jsonKind(f.patchValue);
  if (!comparable) {
    // Nothing to merge into (absent, or a different JSON type): take the patch value,
    // unless it only listed deletions.
    if (!f.isDeleteList) takePatchValue(original, f.key, f.patchValue);
    return;
  }
  const meta = fieldMeta(f.schema, f.key);
  if (isJsonMap(current)) {
    setOwn(original, f.key, meta.strategy === 'replace' ? f.patchValue : mergeMap(current, f.patchValue as JsonMap, meta.schema ?? {}));
  } else if (Array.isArray(current)) {
    setOwn(original, f.key, mergeList(current, f.patchValue, { meta, isDeleteList: f.isDeleteList, mergeMap }));
  } else {
    takePatchValue(original, f.key, f.patchValue);
  }
}

function takePatchValue(original: JsonMap, key: string, value: unknown): void {
  discardNulls(value);
  const [clean, keep] = removeDirectives(value);
  if (keep) setOwn(original, key, clean);
  else delete original[key];
}
