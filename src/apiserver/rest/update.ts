// PUT and the second half of PATCH: replace an object, honouring optimistic concurrency,
// the status subresource split, generation bumping, no-op detection and finalizer completion.

import { errors } from '../../apimachinery/errors.js';
import type { KubeObject } from '../../apimachinery/types.js';
import { storageKey } from '../../registry/types.js';
import type { StoredObject } from '../../store/store.js';
import type { RestContext } from './context.js';
import { hasFinalizers } from './delete.js';
import { fromStorage, toStorage } from './versions.js';
import {
  checkFields,
  checkTypes,
  checkTypeMeta,
  clone,
  groupResource,
  isDryRun,
  rethrowStoreError,
  retryOnStoreConflict,
  runAdmission,
  sameIgnoringRv,
  specChanged,
  throwIfInvalid,
  type WriteParams,
} from './write-common.js';

export interface UpdateParams extends WriteParams {
  name: string;
  subresource: '' | 'status' | 'finalize';
}

export function getStored(ctx: RestContext, p: { type: UpdateParams['type']; namespace: string; name: string }): StoredObject {
  const cur = ctx.store.get(storageKey(p.type), p.type.namespaced ? p.namespace : '', p.name);
  if (!cur) throw errors.notFound(groupResource(p.type), p.name);
  return cur;
}

export function updateObject(ctx: RestContext, p: UpdateParams, input: KubeObject): Promise<KubeObject> {
  // Each attempt works on its own copy of the input: a retry starts from what the client sent.
  return retryOnStoreConflict(p.type, p.name, () => updateOnce(ctx, p, structuredClone(input)));
}

/** One read-modify-write; a lost race surfaces as StoreConflictError for the caller to retry. */
export async function updateOnce(ctx: RestContext, p: UpdateParams, input: KubeObject): Promise<KubeObject> {
  const { type } = p;
  checkTypes(input, p, ctx);
  checkFields(input, p, ctx);
  checkTypeMeta(input, p);
  const cur = getStored(ctx, p);
  const obj = toStorage(type, input);
  checkIdentity(obj, cur, p);
  const old = cur.obj as KubeObject;
  carryServerFields(obj, old);
  if (p.subresource === 'status') prepareStatusUpdate(ctx, p, obj, old);
  else if (p.subresource === 'finalize') prepareFinalize(obj, old);
  else prepareMainUpdate(p, obj, old);
  type.strategy.defaults?.(obj);
  const dryRun = isDryRun(p.query);
  await runAdmission({ operation: 'UPDATE', type, subresource: p.subresource, object: obj, old, dryRun }, ctx);
  const errs = p.subresource === 'status' ? type.strategy.validateStatusUpdate?.(obj, old) : type.strategy.validateUpdate?.(obj, old);
  throwIfInvalid(type, p.name, errs);
  p.warnings.push(...(p.subresource === '' ? (type.strategy.warnings?.(obj, old) ?? []) : []));
  if (type.hasGeneration && specChanged(obj, old)) obj.metadata.generation = (old.metadata.generation ?? 0) + 1;
  if (sameIgnoringRv(obj, old) || dryRun) return fromStorage(type, p.version, dryRun ? obj : old);
  return fromStorage(type, p.version, await commitUpdate(ctx, p, obj, cur));
}

/**
 * Writes the update; an object that is being deleted and just lost its last finalizer goes away
 * instead, in one write, as kube-apiserver's update turns into a delete (ShouldDeleteDuringUpdate):
 * nobody may see it terminating with no finalizer left. The DELETED event carries the last stored
 * version, as upstream's.
 */
export async function commitUpdate(ctx: RestContext, p: UpdateParams, obj: KubeObject, cur: StoredObject): Promise<KubeObject> {
  const key = storageKey(p.type);
  try {
    if (obj.metadata.deletionTimestamp && !hasFinalizers(p.type, obj) && !awaitsGracefulDeletion(obj)) {
      const gone = await ctx.store.delete(key, cur.namespace, cur.name, cur.rv);
      return gone.obj as KubeObject;
    }
    return (await ctx.store.update(key, obj, cur.rv)).obj as KubeObject;
  } catch (e) {
    rethrowStoreError(e, p.type, p.name);
  }
}

/** Pods in graceful termination are removed by their node agent, not by losing finalizers. */
function awaitsGracefulDeletion(obj: KubeObject): boolean {
  return (obj.metadata.deletionGracePeriodSeconds ?? 0) > 0;
}

function checkIdentity(obj: KubeObject, cur: StoredObject, p: UpdateParams): void {
  const m = obj.metadata;
  if (m.name && m.name !== p.name) {
    throw errors.badRequest(`the name of the object (${m.name}) does not match the name on the URL (${p.name})`);
  }
  m.name = p.name;
  if (p.type.namespaced) {
    if (m.namespace && m.namespace !== p.namespace) {
      throw errors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    m.namespace = p.namespace;
  }
  if (m.resourceVersion && m.resourceVersion !== String(cur.rv)) throw errors.conflict(groupResource(p.type), p.name);
  if (m.uid && m.uid !== cur.obj.metadata.uid) {
    throw errors.conflict(
      groupResource(p.type),
      p.name,
      `Precondition failed: UID in precondition: ${m.uid}, UID in object meta: ${cur.obj.metadata.uid}`,
    );
  }
}

/** Fields only the server sets (FillObjectMetaSystemFields / BeforeUpdate). */
function carryServerFields(obj: KubeObject, old: KubeObject): void {
  const m = obj.metadata;
  m.uid = old.metadata.uid;
  m.creationTimestamp = old.metadata.creationTimestamp;
  m.resourceVersion = old.metadata.resourceVersion;
  if (old.metadata.generation !== undefined) m.generation = old.metadata.generation;
  else delete m.generation;
  if (old.metadata.deletionTimestamp) {
    m.deletionTimestamp = old.metadata.deletionTimestamp;
    if (old.metadata.deletionGracePeriodSeconds !== undefined) m.deletionGracePeriodSeconds = old.metadata.deletionGracePeriodSeconds;
  } else {
    delete m.deletionTimestamp;
    delete m.deletionGracePeriodSeconds;
  }
  delete m.selfLink;
}

function prepareMainUpdate(p: UpdateParams, obj: KubeObject, old: KubeObject): void {
  if (p.type.subresources.status) {
    if (old.status === undefined) delete obj.status;
    else obj.status = clone(old.status);
  }
  p.type.strategy.prepareForUpdate?.(obj, old);
}

/** A status write changes status only: spec and metadata stay as stored (ResetObjectMetaForStatus). */
function prepareStatusUpdate(_ctx: RestContext, p: UpdateParams, obj: KubeObject, old: KubeObject): void {
  const status = obj.status;
  for (const k of Object.keys(obj)) if (k !== 'status') delete obj[k];
  Object.assign(obj, clone(old));
  if (status === undefined) delete obj.status;
  else obj.status = status;
  p.type.strategy.prepareForStatusUpdate?.(obj, old);
}

/** namespaces/{name}/finalize changes spec.finalizers only. */
function prepareFinalize(obj: KubeObject, old: KubeObject): void {
  const finalizers = obj.spec?.finalizers ?? [];
  for (const k of Object.keys(obj)) delete obj[k];
  Object.assign(obj, clone(old));
  obj.spec = { ...(obj.spec ?? {}), finalizers };
}
