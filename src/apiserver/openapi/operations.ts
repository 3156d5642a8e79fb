// Describes the REST operations of every served kind in a neutral form (method, action, GVK,
// parameters by name, body and response definitions) following upstream's route installer:
// collection list/create/deletecollection, item get/replace/patch/delete, the cluster-wide list of
// namespaced kinds, and the status and scale subresources. The v2 and v3 renderers turn these into
// swagger 2.0 and OpenAPI 3.0 path items.

import type { KindEntry } from './catalog.js';
import type { Gvk } from './types.js';

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';
export const STATUS_DEF = `${META}.Status`;
export const PATCH_DEF = `${META}.Patch`;
export const DELETE_OPTIONS_DEF = `${META}.DeleteOptions`;
export const SCALE_DEF = 'io.k8s.api.autoscaling.v1.Scale';
const SCALE_GVK: Gvk = { group: 'autoscaling', version: 'v1', kind: 'Scale' };

export type Method = 'get' | 'put' | 'post' | 'patch' | 'delete';

export interface OperationSpec {
  method: Method;
  action: string; // x-kubernetes-action
  operationId: string;
  description: string;
  gvk: Gvk;
  /** Query parameter names, in upstream's (alphabetical) order. */
  query: string[];
  body?: { def: string; contentTypes: string[] };
  /** HTTP code → definition name returned. */
  responses: Record<string, string>;
  /** Lists also stream watch events. */
  watchable?: boolean;
}

export interface PathSpec {
  path: string;
  /** Path-level parameters: path params (with the name's kind for its description) and `pretty`. */
  pathParams: { name: string; description?: string }[];
  operations: OperationSpec[];
}

const LIST_QUERY = [
  'allowWatchBookmarks', 'continue', 'fieldSelector', 'labelSelector', 'limit',
  'resourceVersion', 'resourceVersionMatch', 'sendInitialEvents', 'timeoutSeconds', 'watch',
];
const WRITE_QUERY = ['dryRun', 'fieldManager', 'fieldValidation'];
const PATCH_QUERY = ['dryRun', 'fieldManager', 'fieldValidation', 'force'];
const DELETE_QUERY = ['dryRun', 'gracePeriodSeconds', 'orphanDependents', 'propagationPolicy'];
const DELETE_COLLECTION_QUERY = [
  'continue', 'dryRun', 'fieldSelector', 'gracePeriodSeconds', 'labelSelector', 'limit', 'orphanDependents',
  'propagationPolicy', 'resourceVersion', 'resourceVersionMatch', 'sendInitialEvents', 'timeoutSeconds',
];

const PATCH_TYPES = ['application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json', 'application/apply-patch+yaml'];
const CUSTOM_PATCH_TYPES = PATCH_TYPES.filter((t) => !t.includes('strategic'));

function capitalize(s: string): string {
  return s ? s[0].toUpperCase() + s.slice(1) : s;
}

/** Upstream operation-id infix: "" → Core, apps → Apps, rbac.authorization.k8s.io → RbacAuthorization. */
export function groupVersionId(gvk: Gvk): string {
  const group = gvk.group ? gvk.group.replace(/\.k8s\.io$/, '') : 'core';
  return group.split(/[.-]/).map(capitalize).join('') + capitalize(gvk.version);
}

/** Upstream tag: core_v1, apps_v1, rbacAuthorization_v1. */
export function tagFor(gvk: Gvk): string {
  const id = groupVersionId({ ...gvk, version: '' });
  return `${id[0].toLowerCase()}${id.slice(1)}_${gvk.version}`;
}

interface Ctx {
  e: KindEntry;
  gv: string; // GroupV1 infix
  ns: string; // "Namespaced" or ""
  kind: string;
}

function collectionOps(c: Ctx, verbs: Set<string>): OperationSpec[] {
  const { e, gv, ns, kind } = c;
  const ops: OperationSpec[] = [];
  if (verbs.has('list')) {
    ops.push({
      method: 'get', action: 'list', operationId: `list${gv}${ns}${kind}`, description: `list or watch objects of kind ${kind}`,
      gvk: e.gvk, query: LIST_QUERY, responses: { '200': e.listDef }, watchable: true,
    });
  }
  if (verbs.has('create')) {
    ops.push({
      method: 'post', action: 'post', operationId: `create${gv}${ns}${kind}`, description: `create ${article(kind)} ${kind}`,
      gvk: e.gvk, query: WRITE_QUERY, body: { def: e.def, contentTypes: ['*/*'] },
      responses: { '200': e.def, '201': e.def, '202': e.def },
    });
  }
  if (verbs.has('deletecollection')) {
    ops.push({
      method: 'delete', action: 'deletecollection', operationId: `delete${gv}Collection${ns}${kind}`,
      description: `delete collection of ${kind}`, gvk: e.gvk, query: DELETE_COLLECTION_QUERY,
      body: { def: DELETE_OPTIONS_DEF, contentTypes: ['*/*'] }, responses: { '200': STATUS_DEF },
    });
  }
  return ops;
}

function article(kind: string): string {
  return /^[AEIOU]/.test(kind) ? 'an' : 'a';
}

interface ItemTarget {
  def: string;
  gvk: Gvk;
  sub: string; // "" | "Status" | "Scale"
  what: string; // "" | "status of " | "scale of "
}

function itemOps(c: Ctx, verbs: Set<string>, t: ItemTarget): OperationSpec[] {
  const { gv, ns, kind, e } = c;
  const id = `${gv}${ns}${kind}${t.sub}`;
  const ops: OperationSpec[] = [];
  if (verbs.has('get')) {
    ops.push({ method: 'get', action: 'get', operationId: `read${id}`, description: `read ${t.what}the specified ${kind}`, gvk: t.gvk, query: [], responses: { '200': t.def } });
  }
  if (verbs.has('update')) {
    ops.push({
      method: 'put', action: 'put', operationId: `replace${id}`, description: `replace ${t.what}the specified ${kind}`, gvk: t.gvk,
      query: WRITE_QUERY, body: { def: t.def, contentTypes: ['*/*'] }, responses: { '200': t.def, '201': t.def },
    });
  }
  if (verbs.has('patch')) {
    ops.push({
      method: 'patch', action: 'patch', operationId: `patch${id}`, description: `partially update ${t.what}the specified ${kind}`,
      gvk: t.gvk, query: PATCH_QUERY, body: { def: PATCH_DEF, contentTypes: e.custom ? CUSTOM_PATCH_TYPES : PATCH_TYPES },
      responses: { '200': t.def, '201': t.def },
    });
  }
  if (verbs.has('delete') && !t.sub) {
    ops.push({
      method: 'delete', action: 'delete', operationId: `delete${id}`, description: `delete ${article(kind)} ${kind}`, gvk: t.gvk,
      query: DELETE_QUERY, body: { def: DELETE_OPTIONS_DEF, contentTypes: ['*/*'] }, responses: { '200': STATUS_DEF, '202': STATUS_DEF },
    });
  }
  return ops;
}

const SUB_VERBS = new Set(['get', 'update', 'patch']);

/** POST-only subresources whose body is another kind (pods/binding, pods/eviction). */
const CREATE_SUBRESOURCES: Record<string, { def: string; gvk: Gvk; sub: string }> = {
  binding: { def: 'io.k8s.api.core.v1.Binding', gvk: { group: '', version: 'v1', kind: 'Binding' }, sub: 'Binding' },
  eviction: { def: 'io.k8s.api.policy.v1.Eviction', gvk: { group: 'policy', version: 'v1', kind: 'Eviction' }, sub: 'Eviction' },
};

function createSubresourcePaths(c: Ctx, item: string, pathParams: PathSpec['pathParams']): PathSpec[] {
  const out: PathSpec[] = [];
  for (const [name, t] of Object.entries(CREATE_SUBRESOURCES)) {
    if (!c.e.resource.subresources[name]) continue;
    const op: OperationSpec = {
      method: 'post', action: 'post', operationId: `create${c.gv}${c.ns}${c.kind}${t.sub}`, description: `create ${name} of ${article(c.kind)} ${c.kind}`,
      gvk: t.gvk, query: WRITE_QUERY, body: { def: t.def, contentTypes: ['*/*'] }, responses: { '200': t.def, '201': t.def, '202': t.def },
    };
    const params = pathParams.map((p) => (p.name === 'name' ? { name: 'name', description: `name of the ${t.gvk.kind}` } : p));
    out.push({ path: `${item}/${name}`, pathParams: params, operations: [op] });
  }
  return out;
}

/** Every path of one served kind/version. */
export function pathsForKind(e: KindEntry): PathSpec[] {
  const r = e.resource;
  const verbs = new Set(r.verbs);
  const prefix = r.group ? `/apis/${r.group}/${e.gvk.version}` : `/api/${e.gvk.version}`;
  const nsPath = r.namespaced ? '/namespaces/{namespace}' : '';
  const nsParam = r.namespaced ? [{ name: 'namespace' }] : [];
  const ctx: Ctx = { e, gv: groupVersionId(e.gvk), ns: r.namespaced ? 'Namespaced' : '', kind: r.kind };
  const collection = `${prefix}${nsPath}/${r.plural}`;
  const item = `${collection}/{name}`;
  const nameParam = (k: string) => ({ name: 'name', description: `name of the ${k}` });
  const out: PathSpec[] = [
    { path: collection, pathParams: [...nsParam, { name: 'pretty' }], operations: collectionOps(ctx, verbs) },
    { path: item, pathParams: [nameParam(r.kind), ...nsParam, { name: 'pretty' }], operations: itemOps(ctx, verbs, { def: e.def, gvk: e.gvk, sub: '', what: '' }) },
  ];
  if (r.namespaced && verbs.has('list')) {
    const all = collectionOps({ ...ctx, ns: '' }, new Set(['list']))[0];
    all.operationId += 'ForAllNamespaces';
    out.push({ path: `${prefix}/${r.plural}`, pathParams: [{ name: 'pretty' }], operations: [all] });
  }
  if (r.subresources.status) {
    const t = { def: e.def, gvk: e.gvk, sub: 'Status', what: 'status of ' };
    out.push({ path: `${item}/status`, pathParams: [nameParam(r.kind), ...nsParam, { name: 'pretty' }], operations: itemOps(ctx, SUB_VERBS, t) });
  }
  if (r.subresources.scale) {
    const t = { def: SCALE_DEF, gvk: SCALE_GVK, sub: 'Scale', what: 'scale of ' };
    out.push({ path: `${item}/scale`, pathParams: [nameParam('Scale'), ...nsParam, { name: 'pretty' }], operations: itemOps(ctx, SUB_VERBS, t) });
  }
  out.push(...createSubresourcePaths(ctx, item, [nameParam(r.kind), ...nsParam, { name: 'pretty' }]));
  return out.filter((p) => p.operations.length > 0);
}
