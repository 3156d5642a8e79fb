// POST: create an object (kube-apiserver's generic registry Create + BeforeCreate).

import { randomUUID } from 'node:crypto';
import { errors } from '../../apimachinery/errors.js';
import { fieldErr } from '../../apimachinery/field-errors.js';
import type { KubeObject } from '../../apimachinery/types.js';
import type { ResourceType } from '../../registry/types.js';
import { storageKey } from '../../registry/types.js';
import { StoreExistsError, type StoredObject } from '../../store/store.js';
import { timestamp, type RestContext } from './context.js';
import { fromStorage, toStorage } from './versions.js';
import {
  checkFields,
  checkTypes,
  checkTypeMeta,
  isDryRun,
  mapStoreError,
  randomSuffix,
  runAdmission,
  throwIfInvalid,
  type WriteParams,
} from './write-common.js';

export interface CreateResult {
  object: KubeObject;
  stored?: StoredObject;
}

export async function createObject(ctx: RestContext, p: WriteParams, input: KubeObject): Promise<CreateResult> {
  const { type } = p;
  checkTypes(input, p, ctx);
  checkFields(input, p, ctx);
  checkTypeMeta(input, p);
  const dryRun = isDryRun(p.query);
  const obj = toStorage(type, input);
  const nameGenerated = prepareMeta(obj, p, ctx);
  type.strategy.prepareForCreate?.(obj);
  type.strategy.defaults?.(obj);
  if (type.namespaced) checkNamespaceAcceptsContent(ctx, obj.metadata.namespace!);
  const undo: (() => void)[] = [];
  try {
    await runAdmission({ operation: 'CREATE', type, subresource: '', object: obj, dryRun, onFailure: (f) => undo.push(f) }, ctx);
    return await validateAndStore(ctx, p, obj, dryRun, nameGenerated);
  } catch (e) {
    for (const f of undo.reverse()) f();
    throw e;
  }
}

async function validateAndStore(ctx: RestContext, p: WriteParams, obj: KubeObject, dryRun: boolean, nameGenerated: boolean): Promise<CreateResult> {
  const { type } = p;
  throwIfInvalid(type, obj.metadata.name ?? '', type.strategy.validateCreate?.(obj));
  p.warnings.push(...(type.strategy.warnings?.(obj) ?? []));
  if (dryRun) {
    for (let attempt = 1; ctx.store.get(storageKey(type), obj.metadata.namespace ?? '', obj.metadata.name!); attempt++) {
      if (!nameGenerated || attempt >= GENERATE_NAME_ATTEMPTS) throw errors.alreadyExists({ group: type.group, resource: type.plural }, obj.metadata.name!);
      obj.metadata.name = generateName(obj.metadata.generateName!);
    }
    return { object: fromStorage(type, p.version, obj) };
  }
  for (let attempt = 1; ; attempt++) {
    try {
      const stored = await ctx.store.create(storageKey(type), obj);
      return { object: fromStorage(type, p.version, stored.obj), stored };
    } catch (e) {
      // A generated name that is taken is retried with a new suffix, as kube-apiserver does since
      // 1.31 (RetryGenerateName): 8 attempts in all, then the AlreadyExists goes to the client.
      if (!(nameGenerated && e instanceof StoreExistsError && attempt < GENERATE_NAME_ATTEMPTS)) mapStoreError(e, type, obj.metadata.name!);
      obj.metadata.name = generateName(obj.metadata.generateName!);
    }
  }
}

/** kube-apiserver's maxNameGenerationCreateAttempts. */
const GENERATE_NAME_ATTEMPTS = 8;

/** generateName plus 5 random characters; the prefix is cut to 58 so the name fits in 63 (SimpleNameGenerator). */
export function generateName(prefix: string): string {
  return `${prefix.slice(0, 58)}${randomSuffix()}`;
}

/**
 * Fills the server-owned metadata of a new object (BeforeCreate + FillObjectMetaSystemFields);
 * whether the name was generated from generateName (only such a name is retried on a clash).
 */
function prepareMeta(obj: KubeObject, p: WriteParams, ctx: RestContext): boolean {
  const m = obj.metadata;
  if (p.type.namespaced) {
    if (m.namespace && p.namespace && m.namespace !== p.namespace) {
      throw errors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    m.namespace = m.namespace || p.namespace || 'default';
  } else {
    delete m.namespace;
  }
  const generated = !m.name && !!m.generateName;
  if (generated) m.name = generateName(m.generateName!);
  if (!m.name) throw errors.invalid(p.type.kind, p.type.group, '', [fieldErr.required('metadata.name', 'name or generateName is required')]);
  m.uid = randomUUID();
  m.creationTimestamp = timestamp(ctx.now());
  delete m.resourceVersion;
  delete m.deletionTimestamp;
  delete m.deletionGracePeriodSeconds;
  delete m.selfLink;
  delete m.managedFields;
  if (p.type.hasGeneration) m.generation = 1;
  else delete m.generation;
  return generated;
}

/** NamespaceLifecycle admission: the namespace must exist and not be terminating. */
export function checkNamespaceAcceptsContent(ctx: RestContext, namespace: string): void {
  const ns = ctx.store.get('namespaces', '', namespace);
  if (!ns) throw errors.notFound({ group: '', resource: 'namespaces' }, namespace);
  if (ns.obj.metadata.deletionTimestamp || ns.obj.status?.phase === 'Terminating') {
    throw errors.forbidden(`unable to create new content in namespace ${namespace} because it is being terminated`);
  }
}

export function isNamespaced(t: ResourceType): boolean {
  return t.namespaced;
}
