// Server-side Tables (meta.k8s.io/v1) for kubectl get: the registry's printers (src/registry/printers)
// applied to a list, an object, or each watch event (one-row Tables for kubectl get -w).

import type { KubeObject } from '../apimachinery/types.js';
import { buildTable, defaultPrinter, type IncludeObject } from '../registry/printers/index.js';
import type { ResourceType } from '../registry/types.js';
import type { StoredObject } from '../store/store.js';
import type { ApiRequest } from './request.js';
import type { ListPage } from './rest/read.js';
import { fromStorage } from './rest/versions.js';
import type { EventRenderer } from './rest/watch.js';

function includeMode(q: URLSearchParams): IncludeObject {
  const v = q.get('includeObject');
  return v === 'None' || v === 'Object' ? v : 'Metadata';
}

export function tableForList(type: ResourceType, version: string, page: ListPage, req: ApiRequest): unknown {
  return buildTable(
    type.printer ?? defaultPrinter,
    page.items.map((o) => fromStorage(type, version, o.obj)),
    { includeObject: includeMode(req.query), resourceVersion: page.resourceVersion, continue: page.continue, remainingItemCount: page.remainingItemCount },
  );
}

export function tableForObject(type: ResourceType, obj: KubeObject, req: ApiRequest): unknown {
  return buildTable(type.printer ?? defaultPrinter, [obj], { includeObject: includeMode(req.query), resourceVersion: obj.metadata.resourceVersion });
}

/** Watch events for kubectl get -w: each object is a one-row Table. */
export function tableRenderer(type: ResourceType, version: string, req: ApiRequest): EventRenderer {
  const mode = includeMode(req.query);
  return (obj: Readonly<KubeObject>, stored: StoredObject) =>
    JSON.stringify(buildTable(type.printer ?? defaultPrinter, [fromStorage(type, version, obj)], { includeObject: mode, resourceVersion: String(stored.rv) }));
}
