// PATCH: apply a JSON, merge or strategic merge patch to the current object, then run the same
// path as PUT on the result (so admission and validation see the patched object, as upstream).

import { errors } from '../../apimachinery/errors.js';
import { fieldErr } from '../../apimachinery/field-errors.js';
import type { KubeObject } from '../../apimachinery/types.js';
import { applyPatchForWrite } from '../patch/index.js';
import { patchFieldValidator } from './patch-checks.js';
import type { RestContext } from './context.js';
import { getStored, updateOnce, type UpdateParams } from './update.js';
import { fromStorage } from './versions.js';
import { groupResource, retryOnStoreConflict, typeProblem } from './write-common.js';

/**
 * A patched object that no longer decodes into the kind's Go type is refused as upstream's patcher
 * does: 422 with a `patch` cause carrying the patched JSON and the decoder's error.
 */
function rejectUndecodable(ctx: RestContext, p: UpdateParams, patched: object): void {
  const problem = typeProblem(patched, p, ctx);
  if (problem) throw errors.invalid('', '', '', [fieldErr.invalid('patch', JSON.stringify(patched), problem)]);
}

/** A patch that lost a race with another writer is re-applied to the fresh object (GuaranteedUpdate). */
export function patchObject(ctx: RestContext, p: UpdateParams, contentType: string, body: Buffer, scanDuplicates = true): Promise<KubeObject> {
  return retryOnStoreConflict(p.type, p.name, () => patchOnce(ctx, p, contentType, body, scanDuplicates));
}

async function patchOnce(ctx: RestContext, p: UpdateParams, contentType: string, body: Buffer, scanDuplicates: boolean): Promise<KubeObject> {
  const cur = getStored(ctx, p);
  // No copy of the stored object here: every patch flavour works on a copy of its own.
  const current = fromStorage(p.type, p.version, cur.obj);
  const { patched, written } = applyPatchForWrite(contentType, current, body, { kind: p.type.kind, isCustomResource: !!p.type.crd });
  if (!patched || typeof patched !== 'object' || Array.isArray(patched)) throw errors.badRequest('the patch produced a value that is not an object');
  patched.metadata ??= {};
  const rv = patched.metadata.resourceVersion;
  if (rv !== undefined && rv !== null && rv !== '' && String(rv) !== String(cur.rv)) {
    throw errors.conflict(groupResource(p.type), p.name);
  }
  patched.metadata.resourceVersion = String(cur.rv);
  const checks: RestContext = ctx.fieldValidator ? { ...ctx, fieldValidator: patchFieldValidator(ctx.fieldValidator, patched, written) } : ctx;
  rejectUndecodable(checks, p, patched);
  // Duplicate-field checks read the patch body, not the stored fields.
  return updateOnce(checks, { ...p, raw: scanDuplicates ? body.toString('utf8') : undefined, contentType: 'application/json' }, patched as KubeObject);
}
