// DELETE: graceful deletion (pods), finalizers, and the propagation policy the garbage collector
// acts on (Background: delete now, GC removes dependents; Foreground: `foregroundDeletion`
// finalizer; Orphan: `orphan` finalizer).

import { errors } from '../../apimachinery/errors.js';
import type { KubeObject, Status } from '../../apimachinery/types.js';
import type { ResourceType } from '../../registry/types.js';
import { storageKey } from '../../registry/types.js';
import type { StoredObject } from '../../store/store.js';
import { timestamp, type RestContext } from './context.js';
import { parseJson } from '../codec.js';
import { getStored } from './update.js';
import { fromStorage } from './versions.js';
import { clone, groupResource, rethrowStoreError, retryOnStoreConflict, runAdmission } from './write-common.js';

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: string[];
  orphanDependents?: boolean;
}

export interface DeleteParams {
  type: ResourceType;
  version: string;
  namespace: string;
  name: string;
  options: DeleteOptions;
}

export type DeleteResult = { object: KubeObject; status: 200 | 202 } | { statusObject: Status };

/** DeleteOptions from the body (kubectl) or query parameters (curl, client libraries). */
export function parseDeleteOptions(body: Buffer | undefined, query: URLSearchParams): DeleteOptions {
  let opts: DeleteOptions = {};
  if (body && body.length) {
    const v = parseJson(body.toString('utf8'));
    if (v && typeof v === 'object' && !Array.isArray(v)) opts = v as DeleteOptions;
  }
  const grace = query.get('gracePeriodSeconds');
  if (grace !== null) {
    const n = Number(grace);
    if (!Number.isInteger(n)) throw errors.badRequest(`invalid gracePeriodSeconds: ${grace}`);
    opts.gracePeriodSeconds = n;
  }
  const policy = query.get('propagationPolicy');
  if (policy) opts.propagationPolicy = policy as DeleteOptions['propagationPolicy'];
  if (query.getAll('dryRun').length) opts.dryRun = query.getAll('dryRun');
  if (opts.propagationPolicy && !['Background', 'Foreground', 'Orphan'].includes(opts.propagationPolicy)) {
    throw errors.invalid('DeleteOptions', '', '', [
      { type: 'FieldValueNotSupported', field: 'propagationPolicy', badValue: opts.propagationPolicy, detail: 'supported values: "Foreground", "Background", "Orphan", nil' },
    ]);
  }
  return opts;
}

export function deleteObject(ctx: RestContext, p: DeleteParams): Promise<DeleteResult> {
  return retryOnStoreConflict(p.type, p.name, () => deleteOnce(ctx, p));
}

async function deleteOnce(ctx: RestContext, p: DeleteParams): Promise<DeleteResult> {
  const cur = getStored(ctx, p);
  checkPreconditions(cur, p);
  const dryRun = !!p.options.dryRun?.length;
  await runAdmission({ operation: 'DELETE', type: p.type, subresource: '', object: cur.obj as KubeObject, old: cur.obj, dryRun }, ctx);
  const obj = clone(cur.obj) as KubeObject;
  const grace = gracePeriod(p.type, obj, p.options);
  const finalizersChanged = applyPropagation(obj, p);
  const graceful = grace > 0;
  if (isNamespace(p.type)) obj.status = { ...(obj.status ?? {}), phase: 'Terminating' };
  if (!graceful && !hasFinalizers(p.type, obj)) {
    if (dryRun) return { object: fromStorage(p.type, p.version, obj), status: 200 };
    return removeNow(ctx, p, cur);
  }
  const changed = markDeleting(ctx, obj, grace) || finalizersChanged || isNamespace(p.type);
  if (dryRun || !changed) return { object: fromStorage(p.type, p.version, dryRun ? obj : cur.obj), status: 200 };
  try {
    const stored = await ctx.store.update(storageKey(p.type), obj, cur.rv);
    return { object: fromStorage(p.type, p.version, stored.obj), status: 200 };
  } catch (e) {
    rethrowStoreError(e, p.type, p.name);
  }
}

function isNamespace(t: ResourceType): boolean {
  return t.group === '' && t.plural === 'namespaces';
}

/** Namespaces also wait for spec.finalizers (the namespace controller empties them, then /finalize). */
export function hasFinalizers(t: ResourceType, obj: KubeObject): boolean {
  return !!obj.metadata.finalizers?.length || (isNamespace(t) && !!obj.spec?.finalizers?.length);
}

function checkPreconditions(cur: StoredObject, p: DeleteParams): void {
  const pre = p.options.preconditions;
  if (pre?.uid && pre.uid !== cur.obj.metadata.uid) {
    throw errors.conflict(groupResource(p.type), p.name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${cur.obj.metadata.uid}`);
  }
  if (pre?.resourceVersion && pre.resourceVersion !== String(cur.rv)) {
    throw errors.conflict(
      groupResource(p.type),
      p.name,
      `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${cur.rv}`,
    );
  }
}

/**
 * Pods are deleted gracefully once bound to a node and not yet finished; everything else at once.
 * An explicit gracePeriodSeconds=0 (kubectl delete --force) removes the pod immediately.
 */
function gracePeriod(type: ResourceType, obj: KubeObject, opts: DeleteOptions): number {
  if (type.group !== '' || type.plural !== 'pods') return 0;
  if (!obj.spec?.nodeName) return 0;
  if (obj.status?.phase === 'Succeeded' || obj.status?.phase === 'Failed') return 0;
  const requested = opts.gracePeriodSeconds ?? obj.spec?.terminationGracePeriodSeconds ?? 30;
  const g = Math.max(0, requested);
  const existing = obj.metadata.deletionGracePeriodSeconds;
  // A second delete may only shorten the grace period.
  return existing !== undefined && obj.metadata.deletionTimestamp ? Math.min(existing, g) : g;
}

function applyPropagation(obj: KubeObject, p: DeleteParams): boolean {
  const policy = p.options.propagationPolicy ?? (p.options.orphanDependents ? 'Orphan' : undefined);
  const fin = new Set(obj.metadata.finalizers ?? []);
  const before = fin.size;
  if (policy === 'Orphan') {
    fin.add('orphan');
    fin.delete('foregroundDeletion');
  } else if (policy === 'Foreground') {
    fin.add('foregroundDeletion');
    fin.delete('orphan');
  }
  if (fin.size === before && policy === undefined) return false;
  const changed = fin.size !== before || [...fin].some((f) => !(obj.metadata.finalizers ?? []).includes(f));
  if (fin.size) obj.metadata.finalizers = [...fin];
  else delete obj.metadata.finalizers;
  return changed;
}

/** Sets deletionTimestamp (now + grace) once; a later delete may only bring it forward. */
function markDeleting(ctx: RestContext, obj: KubeObject, grace: number): boolean {
  const m = obj.metadata;
  const when = timestamp(new Date(ctx.now().getTime() + grace * 1000));
  if (m.deletionTimestamp) {
    if (grace < (m.deletionGracePeriodSeconds ?? 0)) {
      m.deletionTimestamp = when;
      m.deletionGracePeriodSeconds = grace;
      return true;
    }
    return false;
  }
  m.deletionTimestamp = when;
  m.deletionGracePeriodSeconds = grace;
  return true;
}

async function removeNow(ctx: RestContext, p: DeleteParams, cur: StoredObject): Promise<DeleteResult> {
  try {
    const gone = await ctx.store.delete(storageKey(p.type), cur.namespace, cur.name, cur.rv);
    if (p.type.group === '' && p.type.plural === 'pods') return { object: fromStorage(p.type, p.version, gone.obj), status: 200 };
    return {
      statusObject: {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Success',
        details: { name: p.name, group: p.type.group || undefined, kind: p.type.plural, uid: gone.obj.metadata.uid },
        code: 200,
      },
    };
  } catch (e) {
    rethrowStoreError(e, p.type, p.name);
  }
}
