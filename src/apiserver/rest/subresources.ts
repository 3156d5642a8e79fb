// Subresources with their own shapes: scale (autoscaling/v1 Scale), pods/binding, pods/eviction,
// pods/log. status and finalize go through update.ts.

import { errors } from '../../apimachinery/errors.js';
import type { KubeObject } from '../../apimachinery/types.js';
import { labelSelectorAsSelector } from '../../apimachinery/labels.js';
import type { ScaleSubresource } from '../../registry/types.js';
import { applyPatch } from '../patch/index.js';
import { decodeObject } from '../codec.js';
import type { RestContext } from './context.js';
import { deleteObject, parseDeleteOptions, type DeleteResult } from './delete.js';
import { getStored, updateObject, type UpdateParams } from './update.js';
import { getPublished } from './read.js';
import { fromStorage } from './versions.js';
import { clone, groupResource, retryOnStoreConflict } from './write-common.js';

function getPath(obj: unknown, path: string): unknown {
  return path
    .split('.')
    .filter(Boolean)
    .reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), obj);
}

function setPath(obj: Record<string, any>, path: string, value: unknown): void {
  const keys = path.split('.').filter(Boolean);
  let o = obj;
  for (const k of keys.slice(0, -1)) o = o[k] ??= {};
  o[keys[keys.length - 1]] = value;
}

/** The Scale view of an object (registry/apps/statefulset/storage scaleFromStatefulSet). */
export function scaleOf(obj: Readonly<KubeObject>, s: ScaleSubresource): KubeObject {
  let selector = '';
  if (s.labelSelectorPath) selector = String(getPath(obj, s.labelSelectorPath) ?? '');
  if (!selector && obj.spec?.selector) selector = labelSelectorAsSelector(obj.spec.selector).toString();
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: obj.metadata.name,
      namespace: obj.metadata.namespace,
      uid: obj.metadata.uid,
      resourceVersion: obj.metadata.resourceVersion,
      creationTimestamp: obj.metadata.creationTimestamp,
    },
    spec: { replicas: Number(getPath(obj, s.specReplicasPath) ?? 0) },
    status: { replicas: Number(getPath(obj, s.statusReplicasPath) ?? 0), selector },
  };
}

function scaleSpec(p: UpdateParams): ScaleSubresource {
  const s = p.type.subresources.scale;
  if (!s) throw errors.notFound(groupResource(p.type), `${p.name}/scale`);
  return s as ScaleSubresource;
}

export function getScale(ctx: RestContext, p: UpdateParams): KubeObject {
  return scaleOf(getPublished(ctx, p).obj, scaleSpec(p));
}

/** PUT or PATCH on /scale: compute the new Scale, then write spec.replicas to the object. */
export async function writeScale(ctx: RestContext, p: UpdateParams, req: { method: string; contentType: string; body?: Buffer }): Promise<KubeObject> {
  const s = scaleSpec(p);
  const cur = getStored(ctx, p);
  const current = scaleOf(cur.obj, s);
  const next =
    req.method === 'PATCH'
      ? applyPatch(req.contentType, clone(current), req.body ?? Buffer.alloc(0), { kind: 'Scale', isCustomResource: false })
      : (decodeObject(req.body, req.contentType) as KubeObject);
  const replicas = next?.spec?.replicas;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
    throw errors.invalid('Scale', 'autoscaling', p.name, [
      { type: 'FieldValueInvalid', field: 'spec.replicas', badValue: replicas ?? null, detail: 'must be greater than or equal to 0' },
    ]);
  }
  const rv = next.metadata?.resourceVersion;
  if (rv && rv !== String(cur.rv)) throw errors.conflict(groupResource(p.type), p.name);
  const obj = clone(fromStorage(p.type, p.version, cur.obj));
  setPath(obj, s.specReplicasPath, replicas);
  const updated = await updateObject(ctx, { ...p, subresource: '', query: new URLSearchParams(), raw: undefined }, obj);
  return scaleOf(updated, s);
}

/** POST pods/NAME/binding: assigns the node once (kube-scheduler's bind). */
export async function bindPod(ctx: RestContext, p: UpdateParams, body: Buffer | undefined, contentType: string): Promise<void> {
  const binding = decodeObject(body, contentType);
  await retryOnStoreConflict(p.type, p.name, () => bindOnce(ctx, p, binding));
}

async function bindOnce(ctx: RestContext, p: UpdateParams, binding: Record<string, any>): Promise<void> {
  const node = binding?.target?.name;
  if (!node) throw errors.invalid('Binding', '', p.name, [{ type: 'FieldValueRequired', field: 'target.name', detail: '' }]);
  const cur = getStored(ctx, p);
  const pod = clone(cur.obj) as KubeObject;
  if (pod.metadata.deletionTimestamp) throw errors.conflict(groupResource(p.type), p.name, 'pod is being deleted, cannot be assigned to a host');
  if (pod.spec?.nodeName) {
    throw errors.conflict(groupResource(p.type), p.name, `pod ${p.name} is already assigned to node "${pod.spec.nodeName}"`);
  }
  if (binding.metadata?.uid && binding.metadata.uid !== pod.metadata.uid) {
    throw errors.conflict(groupResource(p.type), p.name, 'Precondition failed: UID in precondition does not match');
  }
  pod.spec.nodeName = node;
  const now = new Date(ctx.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const conds: any[] = (pod.status?.conditions ?? []).filter((c: any) => c.type !== 'PodScheduled');
  conds.push({ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: now });
  pod.status = { ...(pod.status ?? {}), conditions: conds };
  await ctx.store.update('pods', pod, cur.rv);
}

/** POST pods/NAME/eviction (policy/v1 Eviction): a graceful delete (no PodDisruptionBudgets in the sandbox). */
export async function evictPod(ctx: RestContext, p: UpdateParams, body: Buffer | undefined, contentType: string): Promise<DeleteResult> {
  const eviction = decodeObject(body, contentType);
  const opts = eviction.deleteOptions ?? {};
  return deleteObject(ctx, { type: p.type, version: p.version, namespace: p.namespace, name: p.name, options: { ...opts, ...parseDeleteOptions(undefined, p.query) } });
}

export function podLogs(ctx: RestContext, p: UpdateParams): string {
  const pod = getStored(ctx, p).obj;
  const containers: string[] = (pod.spec?.containers ?? []).map((c: { name: string }) => c.name);
  const requested = p.query.get('container') ?? undefined;
  if (!requested && containers.length > 1) {
    throw errors.badRequest(`a container name must be specified for pod ${p.name}, choose one of: [${containers.join(' ')}]`);
  }
  const container = requested ?? containers[0];
  if (!containers.includes(container) && !(pod.spec?.initContainers ?? []).some((c: { name: string }) => c.name === container)) {
    throw errors.badRequest(`container ${container} is not valid for pod ${p.name}`);
  }
  const previous = p.query.get('previous') === 'true';
  const text = ctx.podLogs?.getLogs(p.namespace, p.name, container, previous);
  if (text === undefined) {
    if (previous) throw errors.badRequest(`previous terminated container "${container}" in pod "${p.name}" not found`);
    throw errors.badRequest(`container "${container}" in pod "${p.name}" is waiting to start: ContainerCreating`);
  }
  const tail = Number(p.query.get('tailLines') ?? -1);
  if (tail >= 0) {
    const lines = text.split('\n').filter((l, i, a) => l !== '' || i < a.length - 1);
    return lines.slice(Math.max(0, lines.length - tail)).join('\n') + (lines.length ? '\n' : '');
  }
  return text;
}
