// Assembles meta.k8s.io/v1 Table responses (what `kubectl get` asks for with
// `Accept: application/json;as=Table;v=v1;g=meta.k8s.io`) from a printer and objects, and
// provides the default NAME / CREATED AT table kube-apiserver serves for kinds without a printer.
// Printers always produce every column (the server generates tables "wide"); kubectl hides
// priority>0 columns unless `-o wide`.

import { asPartialObjectMetadata, type KubeObject } from '../../apimachinery/types.js';
import type { TablePrinter } from '../types.js';
import { NAME_COL, col, printer, type Col, type KindPrinter, type RowCondition } from './common.js';

export type IncludeObject = 'None' | 'Metadata' | 'Object';

export interface TableOptions {
  /** kubectl's default is Metadata (PartialObjectMetadata rows); Object with --sort-by. */
  includeObject?: IncludeObject;
  now?: Date;
  /** TableOptions.noHeaders: omit columnDefinitions. */
  noHeaders?: boolean;
  resourceVersion?: string;
  continue?: string;
  remainingItemCount?: number;
}

export interface TableRowJson {
  cells: unknown[];
  conditions?: RowCondition[];
  object?: unknown;
}

export interface TableJson {
  kind: 'Table';
  apiVersion: 'meta.k8s.io/v1';
  metadata: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  columnDefinitions: Col[];
  rows: TableRowJson[];
}

function rowObject(obj: KubeObject, include: IncludeObject): unknown {
  if (include === 'Object') return obj;
  if (include === 'Metadata') return asPartialObjectMetadata(obj.metadata);
  return undefined;
}

/** Builds the Table for a list (or a single object passed as a one-element list). */
export function buildTable(p: TablePrinter, objects: readonly KubeObject[], opts: TableOptions = {}): TableJson {
  const now = opts.now ?? new Date();
  const include = opts.includeObject ?? 'Metadata';
  const conditions = (p as KindPrinter).conditions;
  const rows = objects.map((obj): TableRowJson => {
    const row: TableRowJson = { cells: p.row(obj, now) };
    const conds = conditions?.(obj);
    if (conds) row.conditions = conds;
    const o = rowObject(obj, include);
    if (o !== undefined) row.object = o;
    return row;
  });
  const metadata: TableJson['metadata'] = {};
  if (opts.resourceVersion !== undefined) metadata.resourceVersion = opts.resourceVersion;
  if (opts.continue) metadata.continue = opts.continue;
  if (opts.remainingItemCount !== undefined) metadata.remainingItemCount = opts.remainingItemCount;
  return { kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata, columnDefinitions: opts.noHeaders ? [] : p.columns, rows };
}

/** creationTimestamp as time.RFC3339 in UTC, second precision (Go's zero time when unset). */
export function rfc3339(ts: string | undefined): string {
  const t = ts ? Date.parse(ts) : NaN;
  if (Number.isNaN(t)) return '0001-01-01T00:00:00Z';
  return new Date(Math.floor(t / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** rest.DefaultTableConvertor: NAME and CREATED AT (an RFC3339 date the client renders). */
export const defaultPrinter: KindPrinter = printer(
  [NAME_COL, col('Created At', 'date', 'Time the object was created (metadata.creationTimestamp).')],
  (obj) => [obj.metadata.name, rfc3339(obj.metadata.creationTimestamp)],
);
