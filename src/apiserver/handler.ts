// The API server's request dispatcher: one function from ApiRequest to ApiResponse. Both the
// HTTPS adapter and the in-process client call it, so kubectl, client libraries and Ordinal's own
// controllers get identical semantics.

import { ApiError, errors } from '../apimachinery/errors.js';
import type { KubeObject, Status } from '../apimachinery/types.js';
import { storageKey, type ResourceType } from '../registry/types.js';
import { assertNestingDepth, decodeObject, mediaType, requestedView, MAX_BODY_BYTES } from './codec.js';
import { isMetadataView, partialList, partialObject, partialTypeMeta, singleObjectView } from './partial-metadata.js';
import { aggregatedDiscovery, AGGREGATED_V2, apiGroup, apiGroupList, apiResourceList, apiVersions, wantsAggregated } from './discovery.js';
import type { ApiRequest, ApiResponse, RequestInfo } from './request.js';
import { parseRequestInfo } from './request.js';
import type { RestContext } from './rest/context.js';
import { createObject } from './rest/create.js';
import { deleteObject, parseDeleteOptions, type DeleteResult } from './rest/delete.js';
import { patchObject } from './rest/patch.js';
import { getObject, getPublished, listJson, listObjects, type ReadParams } from './rest/read.js';
import { servesStoredJson } from './rest/versions.js';
import { bindPod, evictPod, getScale, podLogs, writeScale } from './rest/subresources.js';
import { updateObject, type UpdateParams } from './rest/update.js';
import { watchObjects, type WatchParams } from './rest/watch.js';
import { tableForList, tableRenderer, tableForObject } from './tables.js';
import { versionInfo } from './version.js';

export interface NonResourceHandlers {
  /** e.g. /openapi/v2, /openapi/v3/... ; return undefined when the path is not theirs. */
  handle(req: ApiRequest): ApiResponse | undefined;
}

export interface HandlerOptions {
  ctx: RestContext;
  serverAddress: () => string;
  ready: () => boolean;
  extra?: NonResourceHandlers[];
}

export const json = (status: number, body: unknown, headers?: Record<string, string>): ApiResponse => ({
  status,
  body: typeof body === 'string' ? body : JSON.stringify(body),
  contentType: 'application/json',
  headers,
});

export function statusResponse(s: Status): ApiResponse {
  return json(s.code, s);
}

export function createHandler(opts: HandlerOptions): (req: ApiRequest) => Promise<ApiResponse> {
  return async (req) => {
    try {
      if (req.body && req.body.length > MAX_BODY_BYTES) throw errors.tooLarge();
      // Binary protobuf bodies carry arbitrary bytes, so the bracket scan is for text bodies only.
      if (!mediaType(req.headers['content-type']).includes('protobuf')) assertNestingDepth(req.body);
      const info = parseRequestInfo(req.method, req.path, req.query);
      if (!info.isResourceRequest) return nonResource(opts, req, info);
      return await resource(opts.ctx, req, info);
    } catch (e) {
      if (e instanceof ApiError) return statusResponse(e.status);
      return statusResponse(errors.internal((e as Error)?.message ?? String(e)).status);
    }
  };
}

function nonResource(opts: HandlerOptions, req: ApiRequest, info: RequestInfo): ApiResponse {
  const { ctx } = opts;
  const p = info.parts;
  const method = req.method.toUpperCase();
  if (method !== 'GET' && method !== 'HEAD') return notFoundPath(req);
  if (p[0] === 'healthz' || p[0] === 'livez' || p[0] === 'readyz') {
    const ok = p[0] === 'livez' || opts.ready();
    return { status: ok ? 200 : 500, body: ok ? 'ok' : `[-]${p[0]} failed: not ready`, contentType: 'text/plain; charset=utf-8' };
  }
  if (p[0] === 'version' && p.length === 1) return json(200, versionInfo());
  const aggregated = wantsAggregated(req.headers['accept']);
  if (p[0] === 'api' && p.length === 1) {
    if (aggregated) return aggregatedResponse(aggregatedDiscovery(ctx.registry, true, aggregated as 'v2'), aggregated);
    return json(200, apiVersions(opts.serverAddress()));
  }
  if (p[0] === 'apis' && p.length === 1) {
    if (aggregated) return aggregatedResponse(aggregatedDiscovery(ctx.registry, false, aggregated as 'v2'), aggregated);
    return json(200, apiGroupList(ctx.registry));
  }
  if (p[0] === 'api' && p.length === 2 && p[1] === 'v1') return json(200, apiResourceList(ctx.registry, '', 'v1'));
  if (p[0] === 'apis' && p.length === 2) {
    const versions = ctx.registry.groups().get(p[1]);
    if (versions) return json(200, apiGroup(p[1], versions));
  }
  if (p[0] === 'apis' && p.length === 3 && ctx.registry.groups().get(p[1])?.includes(p[2])) {
    return json(200, apiResourceList(ctx.registry, p[1], p[2]));
  }
  for (const h of opts.extra ?? []) {
    const r = h.handle(req);
    if (r) return r;
  }
  return notFoundPath(req);
}

function aggregatedResponse(body: unknown, version: string): ApiResponse {
  const ct = version === 'v2' ? AGGREGATED_V2 : AGGREGATED_V2.replace('v=v2', 'v=v2beta1');
  return { status: 200, body: JSON.stringify(body), contentType: ct };
}

function notFoundPath(req: ApiRequest): ApiResponse {
  return statusResponse(errors.notFound({ group: '', resource: '' }, req.path).status);
}

function lookupType(ctx: RestContext, info: RequestInfo): ResourceType {
  const t = ctx.registry.lookup(info.group, info.version, info.resource);
  if (!t) {
    const s = errors.notFound({ group: '', resource: '' }, info.path).status;
    s.message = 'the server could not find the requested resource';
    s.details = {};
    throw new ApiError(s);
  }
  return t;
}

async function resource(ctx: RestContext, req: ApiRequest, info: RequestInfo): Promise<ApiResponse> {
  const type = lookupType(ctx, info);
  if (type.namespaced === false && info.namespace) throw errors.notFound({ group: '', resource: '' }, req.path);
  const warnings: string[] = [];
  const base = { type, version: info.version, namespace: info.namespace, query: req.query, warnings };
  const res = await route(ctx, req, info, base);
  if (warnings.length) res.headers = { ...(res.headers ?? {}), warning: warnings.map((w) => `299 - ${JSON.stringify(w)}`).join(', ') };
  return res;
}

/** The body text the duplicate-field check reads; none for an in-process client's JSON.stringify output. */
const rawForChecks = (req: ApiRequest): string | undefined => (req.bodyIsStringified ? undefined : req.body?.toString('utf8'));

/** create/update check types (and then finiteness) themselves, to word overflows as the decoder does. */
const DEFER = { deferFiniteCheck: true };

type Base = { type: ResourceType; version: string; namespace: string; query: URLSearchParams; warnings: string[] };

async function route(ctx: RestContext, req: ApiRequest, info: RequestInfo, base: Base): Promise<ApiResponse> {
  const sub = info.subresource;
  const up: UpdateParams = { ...base, name: info.name, subresource: '' };
  const accept = req.headers['accept'];
  if (sub) return subresource(ctx, req, info, up);
  switch (info.verb) {
    case 'get':
      return getResponse(ctx, req, { ...base, name: info.name });
    case 'list': {
      const page = listObjects(ctx, base);
      const view = requestedView(accept);
      if (view?.as === 'Table') return json(200, tableForList(base.type, base.version, page, req));
      if (isMetadataView(view)) return json(200, partialList(view, page));
      return json(200, listJson(base, page));
    }
    case 'watch':
      return { status: 200, contentType: 'application/json', watch: watchObjects(ctx, { ...base, name: info.name, ...watchView(req, base) }) };
    case 'create': {
      if (info.name) throw errors.methodNotAllowed(`the server does not allow this method on the requested resource`);
      const raw = rawForChecks(req);
      const r = await createObject(ctx, { ...base, raw, contentType: req.headers['content-type'] }, decodeObject(req.body, req.headers['content-type'], DEFER) as KubeObject);
      return objectResponse(ctx, 201, r.object, req, base.type);
    }
    case 'update': {
      const raw = rawForChecks(req);
      const o = await updateObject(ctx, { ...up, raw, contentType: req.headers['content-type'] }, decodeObject(req.body, req.headers['content-type'], DEFER) as KubeObject);
      return objectResponse(ctx, 200, o, req, base.type);
    }
    case 'patch': {
      const o = await patchObject(ctx, up, req.headers['content-type'] ?? '', req.body ?? Buffer.alloc(0), !req.bodyIsStringified);
      return objectResponse(ctx, 200, o, req, base.type);
    }
    case 'delete':
      return deleteResponse(await deleteObject(ctx, { ...base, name: info.name, options: parseDeleteOptions(req.body, req.query) }), req);
    case 'deletecollection':
      return deleteCollection(ctx, req, base);
    default:
      throw errors.methodNotAllowed(`${info.verb} is not supported on resources of kind "${info.resource}"`);
  }
}

async function subresource(ctx: RestContext, req: ApiRequest, info: RequestInfo, up: UpdateParams): Promise<ApiResponse> {
  const { type } = up;
  const sub = info.subresource;
  const method = req.method.toUpperCase();
  const ct = req.headers['content-type'] ?? '';
  if ((sub === 'status' && type.subresources.status) || (sub === 'finalize' && type.subresources.finalize)) {
    const p: UpdateParams = { ...up, subresource: sub as 'status' | 'finalize' };
    if (method === 'GET') return getResponse(ctx, req, p);
    if (method === 'PUT') return objectResponse(ctx, 200, await updateObject(ctx, { ...p, raw: rawForChecks(req), contentType: ct }, decodeObject(req.body, ct) as KubeObject), req, type);
    if (method === 'PATCH' && sub === 'status') return objectResponse(ctx, 200, await patchObject(ctx, p, ct, req.body ?? Buffer.alloc(0), !req.bodyIsStringified), req, type);
  }
  if (sub === 'scale' && type.subresources.scale) {
    if (method === 'GET') return json(200, getScale(ctx, up));
    if (method === 'PUT' || method === 'PATCH') return json(200, await writeScale(ctx, up, { method, contentType: ct, body: req.body }));
  }
  if (sub === 'binding' && type.subresources.binding && method === 'POST') {
    await bindPod(ctx, up, req.body, ct);
    return json(201, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
  }
  if (sub === 'eviction' && type.subresources.eviction && method === 'POST') {
    await evictPod(ctx, up, req.body, ct);
    return json(201, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
  }
  if (sub === 'log' && type.subresources.log && method === 'GET') {
    return { status: 200, body: podLogs(ctx, up), contentType: 'text/plain' };
  }
  // pods/exec and attach speak only over an upgraded (SPDY/WebSocket) connection, which the streaming
  // module takes before this dispatcher; a plain request gets the upgrade-aware proxy's 400.
  if ((sub === 'exec' || sub === 'attach') && type.subresources[sub] && (method === 'GET' || method === 'POST')) {
    getObject(ctx, up); // the pod is looked up first: a missing one is a 404
    throw errors.badRequest('Upgrade request required');
  }
  if (['status', 'scale', 'binding', 'eviction', 'log', 'finalize'].includes(sub) && type.subresources[sub]) {
    throw errors.methodNotAllowed(`the server does not allow this method on the requested resource`);
  }
  throw errors.notFound({ group: type.group, resource: type.plural }, `${info.name}/${sub}`);
}

/**
 * A GET: in the storage version the stored JSON is the body as is, so a read neither re-serializes
 * the object nor makes the store parse it (it keeps objects nobody reads as JSON only).
 */
function getResponse(ctx: RestContext, req: ApiRequest, p: ReadParams & { name: string }): ApiResponse {
  if (!requestedView(req.headers['accept']) && servesStoredJson(p.type, p.version)) return json(200, getPublished(ctx, p).json);
  return objectResponse(ctx, 200, getObject(ctx, p), req, p.type);
}

/** An object in the response shape the client asked for: a Table row, its metadata only, or itself. */
function objectResponse(ctx: RestContext, status: number, obj: KubeObject, req: ApiRequest, type: ResourceType): ApiResponse {
  const view = requestedView(req.headers['accept']);
  if (view?.as === 'Table') return json(status, tableForObject(type, obj, req));
  if (isMetadataView(view)) return json(status, partialObject(view, obj));
  return json(status, storedJson(ctx, type, obj) ?? obj);
}

/** How a watch renders its events for the view the client asked for (each event one object, never a list). */
function watchView(req: ApiRequest, base: Base): Pick<WatchParams, 'render' | 'bookmarkTypeMeta'> {
  const view = requestedView(req.headers['accept']);
  if (view?.as === 'Table') return { render: tableRenderer(base.type, base.version, req) };
  if (!isMetadataView(view)) return {};
  const single = singleObjectView(view); // a list view of single events: 406 before the stream starts
  return { render: (obj) => JSON.stringify(partialObject(single, obj)), bookmarkTypeMeta: partialTypeMeta(single) };
}

/**
 * The store's JSON of `obj` when `obj` is exactly the stored version (a GET, or the result of a
 * create/update in the storage version): the store serialized it already, so the response need not.
 */
function storedJson(ctx: RestContext, type: ResourceType, obj: KubeObject): string | undefined {
  const name = obj.metadata?.name;
  if (!name) return undefined;
  const cur = ctx.store.get(storageKey(type), obj.metadata.namespace ?? '', name);
  return cur && cur.obj === obj ? cur.json : undefined;
}

function deleteResponse(r: DeleteResult, req: ApiRequest): ApiResponse {
  if ('statusObject' in r) return json(200, r.statusObject);
  const view = requestedView(req.headers['accept']);
  return json(r.status, isMetadataView(view) ? partialObject(view, r.object) : r.object);
}

async function deleteCollection(ctx: RestContext, req: ApiRequest, base: Base): Promise<ApiResponse> {
  const page = listObjects(ctx, { ...base, query: withoutPaging(req.query) });
  const options = parseDeleteOptions(req.body, req.query);
  const deleted: unknown[] = [];
  for (const o of page.items) {
    try {
      const r = await deleteObject(ctx, { ...base, name: o.name, namespace: o.namespace, options });
      if ('object' in r) deleted.push(r.object);
      else deleted.push(o.obj);
    } catch (e) {
      if (!(e instanceof ApiError && e.code === 404)) throw e;
    }
  }
  return json(200, { kind: base.type.listKind, apiVersion: base.type.group ? `${base.type.group}/${base.version}` : base.version, metadata: { resourceVersion: String(ctx.store.publishedRv()) }, items: deleted });
}

function withoutPaging(q: URLSearchParams): URLSearchParams {
  const out = new URLSearchParams(q);
  out.delete('limit');
  out.delete('continue');
  return out;
}

export { mediaType };
