// GET and LIST, served from the store's in-memory copy. Lists reuse each object's cached JSON, so
// listing 10,000 pods is string concatenation, not 10,000 JSON.stringify calls. Both read the
// store's published view: durable writes only, consistent with the resourceVersion a list reports
// (a watch from it delivers exactly the changes the list does not show).

import { errors } from '../../apimachinery/errors.js';
import type { KubeObject } from '../../apimachinery/types.js';
import { apiVersionOf } from '../../apimachinery/types.js';
import type { ResourceType } from '../../registry/types.js';
import { storageKey } from '../../registry/types.js';
import type { StoredObject } from '../../store/store.js';
import type { RestContext } from './context.js';
import { selectionFromQuery } from './selection.js';
import { groupResource } from './write-common.js';
import { fromStorage, servesStoredJson } from './versions.js';

export interface ReadParams {
  type: ResourceType;
  version: string;
  namespace: string;
  query: URLSearchParams;
}

export function getObject(ctx: RestContext, p: ReadParams & { name: string }): KubeObject {
  return fromStorage(p.type, p.version, getPublished(ctx, p).obj);
}

/** The object as clients may see it (durable writes only), or 404. The write path reads getStored. */
export function getPublished(ctx: RestContext, p: { type: ReadParams['type']; namespace: string; name: string }): StoredObject {
  const o = ctx.store.getPublished(storageKey(p.type), p.type.namespaced ? p.namespace : '', p.name);
  if (!o) throw errors.notFound(groupResource(p.type), p.name);
  return o;
}

export interface ListPage {
  items: StoredObject[];
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

interface ContinueToken {
  rv: number;
  start: string; // namespace/name of the last item returned
}

export function listObjects(ctx: RestContext, p: ReadParams): ListPage {
  const sel = selectionFromQuery(p.type, p.query);
  const ns = p.type.namespaced ? p.namespace || sel.namespace || undefined : undefined;
  const rv = ctx.store.publishedRv();
  let all = sel.name !== undefined && ns !== undefined ? single(ctx, p.type, ns, sel.name) : ctx.store.listPublished(storageKey(p.type), ns);
  all = all.filter((o) => sel.predicate(o.obj));
  const token = decodeContinue(p.query.get('continue'));
  if (token) all = all.filter((o) => `${o.namespace}/${o.name}` > token.start);
  const limit = Number(p.query.get('limit') ?? 0);
  if (!(limit > 0) || all.length <= limit) return { items: all, resourceVersion: String(token?.rv ?? rv) };
  const items = all.slice(0, limit);
  const last = items[items.length - 1];
  return {
    items,
    resourceVersion: String(token?.rv ?? rv),
    continue: encodeContinue({ rv: token?.rv ?? rv, start: `${last.namespace}/${last.name}` }),
    remainingItemCount: all.length - limit,
  };
}

function single(ctx: RestContext, type: ResourceType, ns: string, name: string): StoredObject[] {
  const o = ctx.store.getPublished(storageKey(type), ns, name);
  return o ? [o] : [];
}

function encodeContinue(t: ContinueToken): string {
  return Buffer.from(JSON.stringify({ v: 'ordinal/1', ...t })).toString('base64url');
}

function decodeContinue(s: string | null): ContinueToken | undefined {
  if (!s) return undefined;
  try {
    const t = JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
    if (t.v !== 'ordinal/1' || typeof t.rv !== 'number' || typeof t.start !== 'string') throw new Error('bad token');
    return t;
  } catch {
    throw errors.badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  }
}

/** The list response body, built from cached JSON when the stored form can be served as is. */
/** A list's metadata for this page: its resourceVersion, and when more follow, how to go on. */
export function listMeta(page: ListPage): Record<string, unknown> {
  const meta: Record<string, unknown> = { resourceVersion: page.resourceVersion };
  if (page.continue) meta.continue = page.continue;
  if (page.remainingItemCount !== undefined) meta.remainingItemCount = page.remainingItemCount;
  return meta;
}

export function listJson(p: ReadParams, page: ListPage): string {
  const fast = servesStoredJson(p.type, p.version);
  const items = page.items.map((o) => (fast ? o.json : JSON.stringify(fromStorage(p.type, p.version, o.obj))));
  const meta = listMeta(page);
  return `{"kind":${JSON.stringify(p.type.listKind)},"apiVersion":${JSON.stringify(apiVersionOf(p.type.group, p.version))},"metadata":${JSON.stringify(meta)},"items":[${items.join(',')}]}`;
}
