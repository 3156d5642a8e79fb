// PATCH dispatch: picks the patch flavour from the request Content-Type and applies the body to
// the stored object, as kube-apiserver's patch handler does before admission and validation.
// Built-in kinds accept JSON patch, merge patch and strategic merge patch; custom resources
// refuse strategic merge patch with a 415 (no struct tags to drive it), which is the signal
// kubectl uses to fall back to a merge patch. Server-side apply is not implemented here.

import type { KubeObject } from '../../apimachinery/types.js';
import { bodyText, cannotUnmarshal } from './json-body.js';
import { isJsonMap } from '../../apimachinery/json-value.js';
import { applyJsonPatch } from './json-patch.js';
import { decodeMergePatch, mergePatch } from './merge-patch.js';
import { decodeStrategicPatch, strategicMergePatch } from './strategic-merge-patch.js';
import { withoutDirectives } from './smp-directives.js';
import { patchMetaFor } from './patch-meta.js';
import { PATCH_TYPES, patchedDocumentInvalid, unsupportedPatchType } from './patch-errors.js';

export { PATCH_TYPES } from './patch-errors.js';
export { patchMetaFor, flattenPatchMeta } from './patch-meta.js';
export type { PatchSchema, FieldPatchMeta } from './patch-meta.js';

export interface PatchTarget {
  /** Kind of the stored object (StatefulSet, Pod, ...): selects strategic merge metadata. */
  kind: string;
  isCustomResource: boolean;
}

/** What a resource accepts, in the order upstream lists them in its 415 message. */
export function acceptedPatchTypes(target: Pick<PatchTarget, 'isCustomResource'>): string[] {
  return target.isCustomResource ? [PATCH_TYPES.json, PATCH_TYPES.merge] : [PATCH_TYPES.json, PATCH_TYPES.merge, PATCH_TYPES.strategic];
}

/** The media type without parameters (`; charset=utf-8`), as upstream compares it. */
export function patchMediaType(contentType: string): string {
  const semi = contentType.indexOf(';');
  return (semi > 0 ? contentType.slice(0, semi) : contentType).trim();
}

const SSA_NOTE =
  'server-side apply (application/apply-patch+yaml) is not supported by this server; use client-side apply (kubectl apply without --server-side)';

/**
 * Applies a PATCH body to `original` and returns the patched object; `original` is not mutated.
 * Throws ApiError: 415 for an unsupported type, 400 for an undecodable body, 422 when a JSON
 * patch does not apply or the result is not an object, 500 for internal SMP failures.
 */
export function applyPatch(contentType: string, original: KubeObject, body: Buffer | string, target: PatchTarget): KubeObject {
  return applyPatchForWrite(contentType, original, body, target).patched;
}

export interface PatchOutcome {
  /** The patched object: a private copy, the caller may mutate it. */
  patched: KubeObject;
  /**
   * Every field the patch puts into the object, at the path where it lands, as one object (merge
   * and strategic merge patches: the body, without SMP directives); undefined for JSON patches,
   * whose `copy`/`move` operations place values the body does not contain. Whatever the patched
   * object holds beyond these came from the stored object, so a decoding or unknown-field check
   * that finds nothing here has nothing to find in the patched object that the stored one lacks.
   */
  written?: unknown;
}

/** applyPatch, also handing back what the patch writes (see PatchOutcome.written). */
export function applyPatchForWrite(contentType: string, original: KubeObject, body: Buffer | string, target: PatchTarget): PatchOutcome {
  const mediaType = patchMediaType(contentType);
  const accepted = acceptedPatchTypes(target);
  if (mediaType === PATCH_TYPES.apply) throw unsupportedPatchType(accepted, SSA_NOTE);
  if (!accepted.includes(mediaType)) throw unsupportedPatchType(accepted);
  const text = bodyText(body);
  switch (mediaType) {
    case PATCH_TYPES.json:
      return { patched: asObject(applyJsonPatch(original, text)) };
    case PATCH_TYPES.merge: {
      const patch = decodeMergePatch(text);
      // An array body replaces the whole document (and is then refused as not an object).
      return { patched: asObject(mergePatch(original, patch)), written: Array.isArray(patch) ? undefined : patch };
    }
    default: {
      const patch = decodeStrategicPatch(text);
      return { patched: strategicMergePatch(original, patch, patchMetaFor(target.kind)) as KubeObject, written: withoutDirectives(patch) };
    }
  }
}

/** JSON and merge patches can turn the document into a non-object, which cannot be decoded. */
function asObject(patched: unknown): KubeObject {
  if (!isJsonMap(patched)) throw patchedDocumentInvalid(patched, cannotUnmarshal(patched, 'map[string]interface {}'));
  return patched as KubeObject;
}
