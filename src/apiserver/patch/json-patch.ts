// RFC 6902 JSON patch (`application/json-patch+json`, what `kubectl patch --type json` sends).
// Error mapping follows kube-apiserver: a body that does not decode as a list of operations is
// 400 BadRequest with the decoder's message; more than 10000 operations is 413; any operation
// that fails to apply (a `test` that does not match, a path that does not exist, an unknown op)
// is a 422 with the generic "the server rejected our request due to an error in our request".

import fjp from 'fast-json-patch';
import type { Operation } from 'fast-json-patch';
import { badRequest, genericUnprocessable, tooManyOperations } from './patch-errors.js';
import { cannotUnmarshal, decodeJson } from './json-body.js';
import { deepCopy, isJsonMap } from '../../apimachinery/json-value.js';

/** kube-apiserver's maxJSONPatchOperations. */
export const MAX_JSON_PATCH_OPERATIONS = 10000;

/** Decodes the body into operations, or throws the 400/413 upstream returns before applying. */
export function decodeJsonPatch(text: string): Operation[] {
  const decoded = decodeJson(text);
  if (!decoded.ok) throw badRequest(decoded.message);
  const ops = decoded.value;
  // Go decodes into jsonpatch.Patch ([]map[string]*RawMessage): a JSON null is an empty patch.
  if (ops === null) return [];
  if (!Array.isArray(ops)) throw badRequest(cannotUnmarshal(ops, 'jsonpatch.Patch'));
  for (const op of ops) {
    if (op !== null && !isJsonMap(op)) throw badRequest(cannotUnmarshal(op, 'jsonpatch.Operation'));
  }
  if (ops.length > MAX_JSON_PATCH_OPERATIONS) throw tooManyOperations(MAX_JSON_PATCH_OPERATIONS, ops.length);
  return ops as Operation[];
}

/** Applies decoded operations to a copy of `doc`; `doc` is never mutated. */
export function applyJsonPatchOps(doc: unknown, ops: Operation[]): unknown {
  try {
    // validate=true makes missing paths, failed tests and malformed operations throw
    // instead of being silently skipped. The operations run on our own copy (mutateDocument=true:
    // the library would otherwise copy it a second time); a failure discards it half-patched.
    return fjp.applyPatch(deepCopy(doc), ops, true, true).newDocument;
  } catch {
    throw genericUnprocessable();
  }
}

export function applyJsonPatch(doc: unknown, body: string): unknown {
  return applyJsonPatchOps(doc, decodeJsonPatch(body));
}
