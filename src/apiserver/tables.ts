// Server-side Tables (meta.k8s.io/v1) for kubectl get, built from each type's printer. Types
// without a printer get kube-apiserver's default columns (NAME, CREATED AT).

import type { KubeObject } from '../apimachinery/types.js';
import type { ResourceType, TableColumnDefinition, TablePrinter } from '../registry/types.js';
import type { StoredObject } from '../store/store.js';
import { tableVersion } from './codec.js';
import type { ApiRequest } from './request.js';
import type { ListPage } from './rest/read.js';
import { fromStorage } from './rest/versions.js';
import type { EventRenderer } from './rest/watch.js';

const defaultPrinter: TablePrinter = {
  columns: [
    { name: 'Name', type: 'string', format: 'name', description: 'Name must be unique within a namespace.', priority: 0 },
    { name: 'Created At', type: 'date', format: '', description: 'CreationTimestamp is a timestamp representing the server time when this object was created.', priority: 0 },
  ] as TableColumnDefinition[],
  row: (o) => [o.metadata.name, o.metadata.creationTimestamp],
};

type IncludeObject = 'None' | 'Metadata' | 'Object';

function includeMode(q: URLSearchParams): IncludeObject {
  const v = q.get('includeObject');
  return v === 'None' || v === 'Object' ? v : 'Metadata';
}

function rowObject(obj: Readonly<KubeObject>, mode: IncludeObject, tv: string): unknown {
  if (mode === 'None') return undefined;
  if (mode === 'Object') return obj;
  return { kind: 'PartialObjectMetadata', apiVersion: `meta.k8s.io/${tv}`, metadata: obj.metadata };
}

function table(type: ResourceType, objs: Readonly<KubeObject>[], mode: IncludeObject, tv: string, rv?: string): unknown {
  const printer = type.printer ?? defaultPrinter;
  const now = new Date();
  return {
    kind: 'Table',
    apiVersion: `meta.k8s.io/${tv}`,
    metadata: rv ? { resourceVersion: rv } : {},
    columnDefinitions: printer.columns,
    rows: objs.map((o) => {
      const row: Record<string, unknown> = { cells: printer.row(o as KubeObject, now) };
      const ob = rowObject(o, mode, tv);
      if (ob !== undefined) row.object = ob;
      return row;
    }),
  };
}

export function tableForList(type: ResourceType, version: string, page: ListPage, req: ApiRequest): unknown {
  const t = table(type, page.items.map((o) => fromStorage(type, version, o.obj)), includeMode(req.query), tableVersion(req.headers['accept']), page.resourceVersion) as Record<string, any>;
  if (page.continue) t.metadata.continue = page.continue;
  if (page.remainingItemCount !== undefined) t.metadata.remainingItemCount = page.remainingItemCount;
  return t;
}

export function tableForObject(type: ResourceType, obj: KubeObject, accept: string | undefined): unknown {
  return table(type, [obj], 'Metadata', tableVersion(accept), obj.metadata.resourceVersion);
}

/** Watch events for kubectl get -w: each object is a one-row Table. */
export function tableRenderer(type: ResourceType, req: ApiRequest): EventRenderer {
  const mode = includeMode(req.query);
  const tv = tableVersion(req.headers['accept']);
  return (obj: Readonly<KubeObject>, stored: StoredObject) => JSON.stringify(table(type, [obj], mode, tv, String(stored.rv)));
}
