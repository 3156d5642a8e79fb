// Event table printers for core/v1 and events.k8s.io/v1: LAST SEEN TYPE REASON OBJECT MESSAGE,
// wide SUBOBJECT SOURCE FIRST SEEN COUNT NAME. Both versions are printed through the core shape,
// as kube-apiserver converts events.k8s.io events to its internal core Event before printing.
// New-style events carry eventTime/series instead of first/lastTimestamp/count; the fallbacks
// below are what make both kinds print the same.

import type { KubeObject } from '../../apimachinery/types.js';
import { NAME_COL, col, isZeroTime, printer, since } from './common.js';

interface CoreEventView {
  name: string;
  type: string;
  reason: string;
  message: string;
  involvedObject: { kind?: string; name?: string; fieldPath?: string };
  source: { component?: string; host?: string };
  reportingController: string;
  reportingInstance: string;
  firstTimestamp?: string;
  lastTimestamp?: string;
  eventTime?: string;
  count: number;
  series?: { count?: number; lastObservedTime?: string };
}

/** Where each field of the core view is found in one event API version. */
interface EventFieldNames {
  message: string;
  involvedObject: string;
  source: string;
  reportingController: string;
  firstTimestamp: string;
  lastTimestamp: string;
  count: string;
}

const CORE_FIELDS: EventFieldNames = {
  message: 'message',
  involvedObject: 'involvedObject',
  source: 'source',
  reportingController: 'reportingComponent',
  firstTimestamp: 'firstTimestamp',
  lastTimestamp: 'lastTimestamp',
  count: 'count',
};

/** events.k8s.io/v1: regarding→involvedObject, note→message, deprecated* for the old fields. */
const EVENTS_V1_FIELDS: EventFieldNames = {
  message: 'note',
  involvedObject: 'regarding',
  source: 'deprecatedSource',
  reportingController: 'reportingController',
  firstTimestamp: 'deprecatedFirstTimestamp',
  lastTimestamp: 'deprecatedLastTimestamp',
  count: 'deprecatedCount',
};

function toView(e: KubeObject, f: EventFieldNames): CoreEventView {
  return {
    name: e.metadata.name ?? '',
    type: e.type ?? '',
    reason: e.reason ?? '',
    message: e[f.message] ?? '',
    involvedObject: e[f.involvedObject] ?? {},
    source: e[f.source] ?? {},
    reportingController: e[f.reportingController] ?? '',
    reportingInstance: e.reportingInstance ?? '',
    firstTimestamp: e[f.firstTimestamp],
    lastTimestamp: e[f.lastTimestamp],
    eventTime: e.eventTime,
    count: e[f.count] ?? 0,
    series: e.series,
  };
}

function source(e: CoreEventView): string {
  const component = e.source.component || e.reportingController;
  const instance = e.source.host || e.reportingInstance;
  return instance ? `${component}, ${instance}` : component;
}

function cells(e: CoreEventView, now: Date): unknown[] {
  const first = isZeroTime(e.firstTimestamp) ? since(e.eventTime, now) : since(e.firstTimestamp, now);
  let last = isZeroTime(e.lastTimestamp) ? first : since(e.lastTimestamp, now);
  let n = e.count;
  if (e.series) {
    last = since(e.series.lastObservedTime, now);
    n = e.series.count ?? 0;
  } else if (n === 0) {
    n = 1; // singleton events carry no count in the new API
  }
  const kind = (e.involvedObject.kind ?? '').toLowerCase();
  const target = e.involvedObject.name ? `${kind}/${e.involvedObject.name}` : kind;
  return [last, e.type, e.reason, target, e.involvedObject.fieldPath ?? '', source(e), e.message.trim(), first, n, e.name];
}

const eventColumns = [
  col('Last Seen', 'string', 'Time since the event was last observed.'),
  col('Type', 'string', 'Normal or Warning.'),
  col('Reason', 'string', 'Machine-readable reason for the event.'),
  col('Object', 'string', 'Object the event is about.'),
  col('Subobject', 'string', 'Field path within the object.', 1),
  col('Source', 'string', 'Component (and host) that reported the event.', 1),
  col('Message', 'string', 'Human-readable description.'),
  col('First Seen', 'string', 'Time since the event was first observed.', 1),
  col('Count', 'string', 'Number of occurrences.', 1),
  { ...NAME_COL, priority: 1 },
];

/** events.k8s.io objects are recognised by apiVersion or their v1-only fields, so either printer
 * copes with the other shape (the registry may hand over stored core events or converted ones). */
function view(e: KubeObject): CoreEventView {
  const v1 = e.apiVersion?.startsWith('events.k8s.io/') || (e.apiVersion === undefined && ('regarding' in e || 'note' in e));
  return toView(e, v1 ? EVENTS_V1_FIELDS : CORE_FIELDS);
}

export const eventPrinter = printer(eventColumns, (e, now) => cells(view(e), now));
/** The same printer: view() tells the two shapes apart per object. */
export const eventsV1Printer = eventPrinter;
