// The `$`-prefixed directives of strategic merge patch and the clean-up that keeps them out of
// stored objects. Upstream decodes the merged map into a typed Go struct, which silently drops
// any directive key that survived merging; a sandbox that stores plain JSON has to strip them.

import { smpErr } from './smp-errors.js';
import { isJsonMap, type JsonMap } from '../../apimachinery/json-value.js';

export const DIRECTIVE = '$patch';
export const RETAIN_KEYS = '$retainKeys';
export const DELETE_FROM_PRIMITIVE_LIST = '$deleteFromPrimitiveList';
export const SET_ELEMENT_ORDER = '$setElementOrder';

/** `$patch` at map level: replace takes the patch map as is, delete yields an empty map. */
export function applyMapDirective(directive: unknown, patch: JsonMap): JsonMap {
  if (directive === 'replace') {
    delete patch[DIRECTIVE];
    return patch;
  }
  if (directive === 'delete') return {};
  throw smpErr.badPatchType(directive, patch);
}

/** The list name in `$deleteFromPrimitiveList/<list>` or `$setElementOrder/<list>`. */
export function directiveTarget(key: string, prefix: string): string {
  const slash = key.indexOf('/');
  if (slash < 0 || key.slice(0, slash) !== prefix) {
    throw prefix === SET_ELEMENT_ORDER ? smpErr.badSetElementOrderFormat() : smpErr.badPrimitiveListFormat();
  }
  return key.slice(slash + 1);
}

/**
 * `$retainKeys`: every non-null patch key must be listed, and live keys not listed are cleared.
 * Consumes the directive from the patch.
 */
export function applyRetainKeys(original: JsonMap, patch: JsonMap): void {
  if (!Object.hasOwn(patch, RETAIN_KEYS)) return;
  const list = patch[RETAIN_KEYS];
  delete patch[RETAIN_KEYS];
  if (!Array.isArray(list)) throw smpErr.badRetainKeysFormat();
  const retained = new Set<unknown>(list);
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || k.startsWith(DELETE_FROM_PRIMITIVE_LIST) || k.startsWith(SET_ELEMENT_ORDER)) continue;
    if (!retained.has(k)) throw smpErr.badRetainKeysFormat();
  }
  for (const k of Object.keys(original)) {
    if (!retained.has(k)) delete original[k];
  }
}

/**
 * A patch value taken where the live object had nothing to merge into: maps carrying `$patch`
 * are dropped entirely, the rest is kept (kubernetes#117568). Returns [value, keep].
 */
export function removeDirectives(v: unknown): [unknown, boolean] {
  if (Array.isArray(v)) {
    const kept: unknown[] = [];
    for (const item of v) {
      const [value, keep] = removeDirectives(item);
      if (keep) kept.push(value);
    }
    return [kept, true];
  }
  if (!isJsonMap(v)) return [v, true];
  if (Object.hasOwn(v, DIRECTIVE)) return [undefined, false];
  for (const [k, child] of Object.entries(v)) {
    const [value, keep] = removeDirectives(child);
    if (keep) v[k] = value;
    else delete v[k];
  }
  return [v, true];
}

/** Drops null-valued keys at any depth (the patch's nulls have nothing to delete there). */
export function discardNulls(v: unknown): void {
  if (Array.isArray(v)) {
    v.forEach(discardNulls);
  } else if (isJsonMap(v)) {
    for (const [k, child] of Object.entries(v)) {
      if (child === null) delete v[k];
      else discardNulls(child);
    }
  }
}

function isDirectiveKey(k: string): boolean {
  return (
    k === DIRECTIVE || k === RETAIN_KEYS || k.startsWith(`${SET_ELEMENT_ORDER}/`) || k.startsWith(`${DELETE_FROM_PRIMITIVE_LIST}/`)
  );
}

/**
 * A copy of a strategic merge patch without its directive keys, at any depth: the fields the patch
 * sets, as the merged object will hold them (directives never reach it, see sweepDirectives).
 */
export function withoutDirectives(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutDirectives);
  if (!isJsonMap(v)) return v;
  const out: JsonMap = {};
  for (const k of Object.keys(v)) {
    if (isDirectiveKey(k)) continue;
    const child = withoutDirectives(v[k]);
    if (k === '__proto__') Object.defineProperty(out, k, { value: child, writable: true, enumerable: true, configurable: true });
    else out[k] = child;
  }
  return out;
}

/**
 * Final pass over a merged object: removes leftover directive keys and null values, as decoding
 * into the typed object does upstream. Only the parts the patch reached are swept: the stored
 * object may legitimately hold `$`-keys in opaque fields (a ControllerRevision's `data` is a
 * strategic patch with `"$patch": "replace"`), and a patch to its metadata must not touch them.
 * `patch` undefined means "all of this subtree came from the patch".
 */
export function sweepDirectives(v: unknown, patch?: unknown): void {
  if (Array.isArray(v)) {
    // List elements cannot be matched to patch elements here; sweep them all (as before).
    for (const x of v) sweepDirectives(x);
  } else if (isJsonMap(v)) {
    const p = isJsonMap(patch) ? patch : undefined;
    for (const [k, child] of Object.entries(v)) {
      if (p && !reachedByPatch(p, k)) continue;
      if (isDirectiveKey(k) || child === null) delete v[k];
      else sweepDirectives(child, p ? p[k] : undefined);
    }
  }
}

/** Did the patch name `key` at this level, directly or through a directive about it? */
function reachedByPatch(patch: JsonMap, key: string): boolean {
  if (Object.hasOwn(patch, key) || isDirectiveKey(key)) return true;
  return Object.keys(patch).some((k) => isDirectiveKey(k) && k.endsWith(`/${key}`));
}
