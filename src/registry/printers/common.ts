// Building blocks shared by the per-kind printers: the Name/Age columns every kind has, AGE
// rendering, and the small formatting helpers printers.go uses (container lists, access modes,
// "a,b,c + N more..." lists). Cells must be exactly what kube-apiserver puts on the wire, because
// kubectl prints them verbatim.

import type { KubeObject } from '../../apimachinery/types.js';
import type { TableColumnDefinition, TablePrinter } from '../types.js';
import { humanDuration } from './human-duration.js';

export type Col = TableColumnDefinition;

export function col(name: string, type: string, description: string, priority = 0, format = ''): Col {
  return { name, type, format, description, priority };
}

export const NAME_COL: Col = col('Name', 'string', 'Name of the object, unique within its namespace.', 0, 'name');
export const AGE_COL: Col = col('Age', 'string', 'Time since the object was created (metadata.creationTimestamp).');

/** A printer that may also flag rows (pods mark Succeeded/Failed rows Completed, as upstream). */
export interface RowCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

export interface KindPrinter extends TablePrinter {
  conditions?(obj: KubeObject): RowCondition[] | undefined;
}

/** translateTimestampSince: "<unknown>" for a missing time, else HumanDuration(now - t). */
export function since(ts: string | undefined | null, now: Date): string {
  if (!ts) return '<unknown>';
  const t = Date.parse(ts);
  if (Number.isNaN(t)) return '<unknown>';
  return humanDuration(now.getTime() - t);
}

export function age(obj: KubeObject, now: Date): string {
  return since(obj.metadata?.creationTimestamp, now);
}

/** Go's zero time check: absent, empty or unparsable timestamps count as zero. */
export function isZeroTime(ts: string | undefined | null): boolean {
  return !ts || Number.isNaN(Date.parse(ts));
}

/** layoutContainerCells: container names and images, comma-joined. */
export function containerCells(containers: unknown): [string, string] {
  const list = Array.isArray(containers) ? (containers as { name?: string; image?: string }[]) : [];
  return [list.map((c) => c.name ?? '').join(','), list.map((c) => c.image ?? '').join(',')];
}

const accessModeShort: [string, string][] = [
  ['ReadWriteOnce', 'RWO'],
  ['ReadOnlyMany', 'ROX'],
  ['ReadWriteMany', 'RWX'],
  ['ReadWriteOncePod', 'RWOP'],
];

/** helper.GetAccessModesAsString: fixed order RWO,ROX,RWX,RWOP, duplicates dropped. */
export function accessModes(modes: unknown): string {
  const set = new Set(Array.isArray(modes) ? (modes as string[]) : []);
  return accessModeShort
    .filter(([m]) => set.has(m))
    .map(([, s]) => s)
    .join(',');
}

/** listWithMoreString: the first `max` entries, then " + N more...", "<unset>" when empty. */
export function listWithMore(all: string[], max = 3, empty = '<unset>'): string {
  const ret = all.slice(0, max).join(',');
  if (all.length > max) return `${ret} + ${all.length - max} more...`;
  return ret === '' ? empty : ret;
}

/** net.JoinHostPort: IPv6 literals get brackets. */
export function joinHostPort(host: string, port: number | string): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

export const STORAGE_CLASS_BETA_ANNOTATION = 'volume.beta.kubernetes.io/storage-class';

/** GetPersistentVolume(Claim)Class: the beta annotation wins over spec.storageClassName. */
export function storageClassOf(obj: KubeObject): string {
  const ann = obj.metadata?.annotations?.[STORAGE_CLASS_BETA_ANNOTATION];
  if (ann !== undefined) return ann;
  return obj.spec?.storageClassName ?? '';
}

export function count(v: unknown): number {
  if (Array.isArray(v)) return v.length;
  if (v && typeof v === 'object') return Object.keys(v).length;
  return 0;
}

/** A printer from columns and a row function. */
export function printer(columns: Col[], row: (obj: KubeObject, now: Date) => unknown[], conditions?: KindPrinter['conditions']): KindPrinter {
  return conditions ? { columns, row, conditions } : { columns, row };
}

type Cells = (obj: KubeObject, now: Date) => unknown[];

/**
 * A built-in kind's table in the layout printers.go gives them: NAME, the kind's own columns, AGE,
 * then what follows AGE (mostly `-o wide` columns). The cell functions return only the cells of
 * their own columns, so a kind cannot get NAME or AGE wrong or out of step with its headers.
 */
export interface KindTable {
  columns: Col[];
  cells: Cells;
  afterAge?: Col[];
  afterAgeCells?: Cells;
  /** The NAME cell when it is more than metadata.name (the default StorageClass's " (default)"). */
  name?: (obj: KubeObject) => string | undefined;
  conditions?: KindPrinter['conditions'];
}

export function kindPrinter(t: KindTable): KindPrinter {
  const columns = [NAME_COL, ...t.columns, AGE_COL, ...(t.afterAge ?? [])];
  const row: Cells = (obj, now) => [t.name ? t.name(obj) : obj.metadata.name, ...t.cells(obj, now), age(obj, now), ...(t.afterAgeCells?.(obj, now) ?? [])];
  return printer(columns, row, t.conditions);
}
