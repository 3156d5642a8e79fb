// WATCH: a stream of ADDED/MODIFIED/DELETED events for the selected objects, with kube-apiserver's
// resourceVersion semantics (unset/"0" → synthetic ADDED for current objects first; N → changes after N;
// too old → one ERROR event with a 410 Expired Status), bookmarks, and streaming lists
// (sendInitialEvents=true → ADDED for current objects, then a BOOKMARK annotated
// k8s.io/initial-events-end).

import { errors, ApiError } from '../../apimachinery/errors.js';
import { fieldErr } from '../../apimachinery/field-errors.js';
import type { KubeObject } from '../../apimachinery/types.js';
import { apiVersionOf } from '../../apimachinery/types.js';
import { storageKey } from '../../registry/types.js';
import { StoreExpiredError, type StoreEvent, type StoredObject } from '../../store/store.js';
import type { WatchStream, WatchStreamSink } from '../request.js';
import type { RestContext } from './context.js';
import type { ReadParams } from './read.js';
import { selectionFromQuery, type Selection } from './selection.js';
import { fromStorage, servesStoredJson } from './versions.js';

/** Renders one event's object: JSON of the object, or a one-row Table for kubectl get -w. */
export type EventRenderer = (obj: Readonly<KubeObject>, stored: StoredObject) => string;

export interface WatchParams extends ReadParams {
  /** Set for GET .../pods/NAME?watch=1 (deprecated form) */
  name?: string;
  render?: EventRenderer;
  /** The kind and apiVersion of bookmarks when events are rendered as another kind (PartialObjectMetadata); default the resource's. */
  bookmarkTypeMeta?: { kind: string; apiVersion: string };
}

const BOOKMARK_INTERVAL_MS = 5_000;

interface Plan {
  fromRv: number;
  initial: boolean; // send current objects as ADDED first
  initialEndBookmark: boolean;
  bookmarks: boolean;
  timeoutMs: number;
}

function planWatch(ctx: RestContext, p: WatchParams): Plan {
  const q = p.query;
  const rvParam = q.get('resourceVersion') ?? '';
  const sendInitial = q.get('sendInitialEvents');
  const bookmarks = q.get('allowWatchBookmarks') === 'true' || q.get('allowWatchBookmarks') === '1';
  if (sendInitial !== null && q.get('resourceVersionMatch') !== 'NotOlderThan') {
    throw errors.invalid('ListOptions', 'meta.k8s.io', '', [
      fieldErr.forbidden('sendInitialEvents', "sendInitialEvents is forbidden for watch unless resourceVersionMatch is set to NotOlderThan"),
    ]);
  }
  if (rvParam !== '' && !/^\d+$/.test(rvParam)) throw errors.badRequest(`invalid resource version: ${rvParam}`);
  const timeout = Number(q.get('timeoutSeconds') ?? 0);
  const timeoutMs = timeout > 0 ? timeout * 1000 : (1800 + Math.random() * 1800) * 1000;
  // The published rv, not the latest assigned: the initial list below is the published view, and
  // writes between the two are still on their way to disk (their events come later, live).
  const current = ctx.store.publishedRv();
  if (sendInitial === 'true') {
    return { fromRv: current, initial: true, initialEndBookmark: bookmarks, bookmarks, timeoutMs };
  }
  if (rvParam === '' || rvParam === '0') return { fromRv: current, initial: true, initialEndBookmark: false, bookmarks, timeoutMs };
  return { fromRv: Number(rvParam), initial: false, initialEndBookmark: false, bookmarks, timeoutMs };
}

export function watchObjects(ctx: RestContext, p: WatchParams): WatchStream {
  const plan = planWatch(ctx, p);
  const sel = selectionFromQuery(p.type, p.query);
  const ns = p.type.namespaced ? p.namespace || sel.namespace || '' : '';
  const name = p.name || sel.name;
  const matches = (o: StoredObject | undefined): boolean =>
    !!o && (!ns || o.namespace === ns) && (!name || o.name === name) && sel.predicate(o.obj);
  const render = p.render ?? defaultRenderer(p);
  const direct = !p.render && servesStoredJson(p.type, p.version);
  return {
    start: (sink) => startStream(ctx, p, { plan, matches, render, sink, sel, direct }),
  };
}

interface StreamArgs {
  plan: Plan;
  matches: (o: StoredObject | undefined) => boolean;
  render: EventRenderer;
  sink: WatchStreamSink;
  sel: Selection;
  /** The stored object is what the watcher gets: an in-process sink may take it as is. */
  direct: boolean;
}

/**
 * The encoded line of one event for watchers that get the stored JSON as is. The store hands an
 * event to every watcher of the resource one after the other, so remembering the last line built
 * serves all but the first of them: one string and one UTF-8 encoding per event, not per watcher.
 */
let lastLine: { type: string; o: StoredObject; line: Buffer } | undefined;
function sharedLine(type: string, o: StoredObject): Buffer {
  if (lastLine?.o !== o || lastLine.type !== type) lastLine = { type, o, line: Buffer.from(`{"type":"${type}","object":${o.json}}\n`) };
  return lastLine.line;
}

function startStream(ctx: RestContext, p: WatchParams, a: StreamArgs): () => void {
  const { plan, sink } = a;
  const send = (type: string, body: string): void => sink.send(`{"type":"${type}","object":${body}}`);
  const sendObject = a.direct ? sink.sendObject?.bind(sink) : undefined;
  const sendLine = a.direct && !sendObject ? sink.sendLine?.bind(sink) : undefined;
  const sendStored = (type: 'ADDED' | 'MODIFIED' | 'DELETED', o: StoredObject): void => {
    if (sendObject) sendObject(type, o.obj);
    else if (sendLine) sendLine(sharedLine(type, o));
    else send(type, a.render(o.obj, o));
  };
  let lastRv = plan.fromRv;
  const timers: NodeJS.Timeout[] = [];
  let sub: { close(): void } | undefined;
  let closed = false;
  const stop = (): void => {
    if (closed) return;
    closed = true;
    sub?.close();
    for (const t of timers) clearTimeout(t);
  };
  const finish = (): void => {
    stop();
    sink.end();
  };
  if (plan.initial) {
    for (const o of ctx.store.listPublished(storageKey(p.type))) if (a.matches(o)) sendStored('ADDED', o);
  }
  if (plan.initialEndBookmark) send('BOOKMARK', bookmark(p, plan.fromRv, true));
  try {
    sub = ctx.store.watch(storageKey(p.type), plan.fromRv, (e) => {
      lastRv = e.rv;
      const ev = classify(e, a.matches);
      if (ev) sendStored(ev, e.object);
    });
  } catch (e) {
    if (e instanceof StoreExpiredError) {
      send('ERROR', JSON.stringify(errors.expired(e.message).status));
      finish();
      return stop;
    }
    throw e instanceof ApiError ? e : errors.internal(String(e));
  }
  if (plan.bookmarks) {
    const tick = (): void => {
      // Every event up to publishedRv has been handed to this stream (a bookmark may claim no more:
      // a client resuming from it would never get the events of writes not yet published).
      send('BOOKMARK', bookmark(p, Math.max(lastRv, ctx.store.publishedRv()), false));
      timers[0] = setTimeout(tick, BOOKMARK_INTERVAL_MS).unref();
    };
    timers[0] = setTimeout(tick, BOOKMARK_INTERVAL_MS).unref();
  }
  timers.push(setTimeout(finish, plan.timeoutMs).unref());
  return stop;
}

/** Turns a store event into the event this watcher sees, given its selection (or none). */
function classify(e: StoreEvent, matches: (o: StoredObject | undefined) => boolean): 'ADDED' | 'MODIFIED' | 'DELETED' | undefined {
  if (e.type === 'DELETED') return matches(e.object) || matches(e.prev) ? 'DELETED' : undefined;
  const now = matches(e.object);
  const before = e.type === 'MODIFIED' && matches(e.prev);
  if (now && before) return 'MODIFIED';
  if (now) return 'ADDED';
  if (before) return 'DELETED'; // left the selection
  return undefined;
}

function bookmark(p: WatchParams, rv: number, initialEnd: boolean): string {
  const meta: Record<string, unknown> = { resourceVersion: String(rv) };
  if (initialEnd) meta.annotations = { 'k8s.io/initial-events-end': 'true' };
  return JSON.stringify({ ...(p.bookmarkTypeMeta ?? { kind: p.type.kind, apiVersion: apiVersionOf(p.type.group, p.version) }), metadata: meta });
}

function defaultRenderer(p: WatchParams): EventRenderer {
  const fast = servesStoredJson(p.type, p.version);
  return (obj, stored) => (fast ? stored.json : JSON.stringify(fromStorage(p.type, p.version, obj)));
}
