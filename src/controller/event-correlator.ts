// client-go's EventCorrelator (tools/record/events_cache.go), run on each event before it is
// written: it keeps the Event stream bounded when something misbehaves in a loop.
// - Aggregation: more than 10 events within 10 minutes that differ only by message (same source,
//   object, type, reason) are folded into one "(combined from similar events): <message>" Event.
// - De-duplication: an event identical to one already written (same source, object, type, reason,
//   message) becomes a patch of that Event's count and lastTimestamp.
// - Spam filter: a token bucket per source + object (burst 25, refilled at 1 per 5 minutes); an
//   event over budget is not written (it is still counted, as upstream counts it first).
// State lives in LRU caches of 4096 entries each, as upstream's.

import type { Clock } from './clock.js';

export interface CoreEvent {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace: string };
  involvedObject: Record<string, string | undefined>;
  reason: string;
  message: string;
  type: string;
  count: number;
  source: { component: string; host?: string };
  firstTimestamp: string;
  lastTimestamp: string;
  reportingComponent: string;
  reportingInstance: string;
}

/** What to write: a new Event, or (patch set) a count/lastTimestamp patch of an existing one. */
export interface CorrelatedEvent {
  /** The series this write belongs to: writes with the same key must not overtake each other. */
  key: string;
  event: CoreEvent;
  patch?: { count: number; lastTimestamp: string; message: string };
}

export interface CorrelatorOptions {
  clock: Clock;
  /** `<object name>.<hex nanoseconds>` for a new (aggregate) Event. */
  newName(objectName: string): string;
  /** Entries per cache. @default 4096 */
  cacheSize?: number;
  /** @default 25 */
  spamBurst?: number;
  /** Tokens per second. @default 1/300 */
  spamQps?: number;
  /** @default 10 */
  aggregateMaxEvents?: number;
  /** @default 600_000 */
  aggregateIntervalMs?: number;
}

const COMBINED = '(combined from similar events): ';

/** A Map used as an LRU: get() refreshes, set() evicts the least recently used past `max`. */
export class Lru<V> {
  private readonly m = new Map<string, V>();
  constructor(private readonly max: number) {}
  get(k: string): V | undefined {
    const v = this.m.get(k);
    if (v !== undefined) {
      this.m.delete(k);
      this.m.set(k, v);
    }
    return v;
  }
  set(k: string, v: V): void {
    this.m.delete(k);
    this.m.set(k, v);
    while (this.m.size > this.max) this.m.delete(this.m.keys().next().value!);
  }
  get size(): number {
    return this.m.size;
  }
}

const objectParts = (e: CoreEvent): (string | undefined)[] => {
  const o = e.involvedObject;
  return [e.source.component, e.source.host, o.kind, o.namespace, o.name, o.uid, o.apiVersion];
};

/**
 * getEventKey: source, the involved object (with fieldPath, without resourceVersion: the object
 * changes between two occurrences, yet they are the same event), type, reason and message.
 */
export function eventKey(e: CoreEvent): string {
  const o = e.involvedObject;
  return JSON.stringify([...objectParts(e), o.fieldPath, e.type, e.reason, e.message]);
}

/** getSpamKey: source and involved object. */
export function spamKey(e: CoreEvent): string {
  return JSON.stringify(objectParts(e));
}

/** EventAggregatorByReasonFunc's aggregate key: everything but the message. */
function aggregateKey(e: CoreEvent): string {
  return JSON.stringify([...objectParts(e), e.type, e.reason, e.reportingComponent, e.reportingInstance]);
}

interface Aggregate {
  messages: Set<string>;
  lastMs: number;
}
interface Observed {
  name: string;
  count: number;
  firstTimestamp: string;
}
interface Bucket {
  tokens: number;
  atMs: number;
}

export function eventTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export class EventCorrelator {
  private readonly aggregates: Lru<Aggregate>;
  private readonly observed: Lru<Observed>;
  private readonly buckets: Lru<Bucket>;

  constructor(private readonly o: CorrelatorOptions) {
    const size = o.cacheSize ?? 4096;
    this.aggregates = new Lru(size);
    this.observed = new Lru(size);
    this.buckets = new Lru(size);
  }

  /** Aggregates, counts and filters one event; undefined when the spam filter drops it. */
  correlate(ev: CoreEvent): CorrelatedEvent | undefined {
    const { event, key } = this.aggregate(ev);
    const out = this.observe(event, key);
    return this.overBudget(out.event) ? undefined : out;
  }

  private aggregate(ev: CoreEvent): { event: CoreEvent; key: string } {
    const now = this.o.clock.now();
    const akey = aggregateKey(ev);
    let rec = this.aggregates.get(akey);
    if (!rec || now - rec.lastMs > (this.o.aggregateIntervalMs ?? 600_000)) rec = { messages: new Set(), lastMs: now };
    rec.messages.add(ev.message);
    rec.lastMs = now;
    this.aggregates.set(akey, rec);
    if (rec.messages.size < (this.o.aggregateMaxEvents ?? 10)) return { event: ev, key: eventKey(ev) };
    // Keep the set at the threshold (upstream pops an arbitrary one), and write under the aggregate key.
    rec.messages.delete(rec.messages.values().next().value!);
    const ts = eventTimestamp(now);
    const combined: CoreEvent = {
      ...ev,
      metadata: { name: this.o.newName(ev.involvedObject.name ?? ''), namespace: ev.metadata.namespace },
      message: COMBINED + ev.message,
      count: 1,
      firstTimestamp: ts,
      lastTimestamp: ts,
    };
    return { event: combined, key: akey };
  }

  /** eventObserve: a repeat takes the first occurrence's name and firstTimestamp and counts up. */
  private observe(ev: CoreEvent, key: string): CorrelatedEvent {
    const last = this.observed.get(key);
    let event = ev;
    let patch: CorrelatedEvent['patch'];
    if (last) {
      event = { ...ev, metadata: { ...ev.metadata, name: last.name }, firstTimestamp: last.firstTimestamp, count: last.count + 1 };
      patch = { count: event.count, lastTimestamp: event.lastTimestamp, message: event.message };
    }
    this.observed.set(key, { name: event.metadata.name, count: event.count, firstTimestamp: event.firstTimestamp });
    return { key, event, patch };
  }

  /** The spam filter's token bucket (starts full, refills continuously). */
  private overBudget(ev: CoreEvent): boolean {
    const now = this.o.clock.now();
    const burst = this.o.spamBurst ?? 25;
    const qps = this.o.spamQps ?? 1 / 300;
    const k = spamKey(ev);
    const b = this.buckets.get(k) ?? { tokens: burst, atMs: now };
    b.tokens = Math.min(burst, b.tokens + ((now - b.atMs) / 1000) * qps);
    b.atMs = now;
    const ok = b.tokens >= 1;
    if (ok) b.tokens -= 1;
    this.buckets.set(k, b);
    return !ok;
  }
}
