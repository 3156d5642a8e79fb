// EventRecorder writing core/v1 Events through the ApiClient, as client-go's record package does:
// names `<involved object name>.<hex nanoseconds>`, `source.component`, a full involvedObject
// reference, and the EventCorrelator (event-correlator.ts: aggregation, counting, spam filter).
//
// Delivery follows client-go's EventBroadcaster: event() never blocks and never throws; events wait
// in a bounded queue (1000) and are dropped when it is full (an event is a hint for humans and must
// not slow down or change what a controller does); a write that fails for lack of a server is
// retried (12 tries, 10 s apart, the first wait randomized), one the server refuses is dropped.
// Unlike client-go's single sink goroutine, a few writes are in flight at once: the sandbox's API
// server runs in this process, where one write at a time costs several times the CPU per event of
// a few together, and one recorder stands for many kubelets. Writes of the same series (an Event
// and the patches counting its repeats) still go one at a time, in order; repeats waiting behind
// their own series' write collapse into the latest, which carries the full count.

import type { KubeObject } from '../apimachinery/types.js';
import { ApiError, isNotFound } from '../apimachinery/errors.js';
import type { ApiClient } from '../client/api-client.js';
import { R, at } from '../client/resources.js';
import type { EventRecorder } from './contracts.js';
import { realClock, type Clock } from './clock.js';
import { EventCorrelator, eventTimestamp, type CoreEvent, type CorrelatedEvent } from './event-correlator.js';
import { silentLogger, type Logger } from './logger.js';

export type { CoreEvent } from './event-correlator.js';

export interface EventRecorderOptions {
  component: string;
  host?: string;
  clock?: Clock;
  logger?: Logger;
  /** Entries in each correlator cache. @default 4096 */
  cacheSize?: number;
  /** Events waiting to be written before new ones are dropped (client-go's maxQueuedEvents). @default 1000 */
  queueSize?: number;
  /** Writes in flight at once (series still go one at a time). @default 16 */
  maxInFlight?: number;
  /** Wait between tries of a write that could not reach the server. @default 10_000 */
  retryDelayMs?: number;
  /** @default 12 */
  maxTries?: number;
  /** Randomizes the first retry wait. @default Math.random */
  random?: () => number;
  /** Spam filter burst and refill (tokens per second). @default 25, 1/300 */
  spamBurst?: number;
  spamQps?: number;
}

let sequence = 0;
/** 0, 1, 2, ... so a lone event's name is the plain millisecond in nanoseconds, as upstream's would be. */
function nextSequence(): number {
  const s = sequence;
  sequence = (sequence + 1) % 1_000_000;
  return s;
}

export class ApiEventRecorder implements EventRecorder {
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly correlator: EventCorrelator;
  private lastNano = 0n;
  /** Recorded, not yet correlated (FIFO; `head` avoids shifting the array). */
  private queue: CoreEvent[] = [];
  private head = 0;
  /** The next write of each series whose previous write is still in flight (latest wins). */
  private readonly parked = new Map<string, CorrelatedEvent>();
  private readonly busy = new Set<string>();
  private inFlight = 0;
  private pumpScheduled = false;
  private dropped = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly client: ApiClient,
    private readonly opts: EventRecorderOptions,
  ) {
    this.clock = opts.clock ?? realClock;
    this.log = (opts.logger ?? silentLogger).child({ component: opts.component, part: 'events' });
    this.correlator = new EventCorrelator({
      clock: this.clock,
      newName: (name) => `${name}.${this.nanoHex()}`,
      cacheSize: opts.cacheSize,
      spamBurst: opts.spamBurst,
      spamQps: opts.spamQps,
    });
  }

  event(obj: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string): void {
    const ev = this.build(obj, type, reason, message);
    if (this.backlog() >= (this.opts.queueSize ?? 1000)) return this.drop(ev);
    this.queue.push(ev);
    this.schedulePump();
  }

  /** Resolves once every event recorded so far has been written, dropped or given up on. */
  flush(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Events waiting to be written: queued, or parked behind their own series. */
  backlog(): number {
    return this.queue.length - this.head + this.parked.size;
  }

  private build(obj: KubeObject, type: string, reason: string, message: string): CoreEvent {
    const now = eventTimestamp(this.clock.now());
    const source: CoreEvent['source'] = { component: this.opts.component };
    if (this.opts.host) source.host = this.opts.host;
    return {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `${obj.metadata.name}.${this.nanoHex()}`, namespace: obj.metadata.namespace || 'default' },
      involvedObject: involvedObjectOf(obj),
      reason,
      message,
      type,
      count: 1,
      source,
      firstTimestamp: now,
      lastTimestamp: now,
      reportingComponent: this.opts.component,
      reportingInstance: this.opts.host ?? '',
    };
  }

  /** Upstream logs every dropped event; once per burst of drops is enough to see it happened. */
  private drop(ev: CoreEvent): void {
    if (this.dropped++ === 0) {
      this.log.warn({ queued: this.backlog(), reason: ev.reason, object: ev.involvedObject.name }, 'too many queued events, dropping new ones until the queue drains');
    }
  }

  private schedulePump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    // Never inside the caller's event(): writes start from a microtask, as the chain used to.
    queueMicrotask(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    const max = this.opts.maxInFlight ?? 16;
    while (this.inFlight < max && this.head < this.queue.length) {
      const ev = this.queue[this.head++];
      const w = this.correlator.correlate(ev);
      if (!w) continue; // spam filter
      if (this.busy.has(w.key)) this.parked.set(w.key, w);
      else this.start(w);
    }
    if (this.head === this.queue.length) {
      this.queue = [];
      this.head = 0;
    }
    this.settle();
  }

  private start(w: CorrelatedEvent): void {
    this.inFlight++;
    this.busy.add(w.key);
    void this.writeWithRetries(w).finally(() => {
      this.inFlight--;
      this.busy.delete(w.key);
      const next = this.parked.get(w.key);
      if (next) {
        this.parked.delete(w.key);
        this.start(next);
      }
      this.pump();
    });
  }

  private settle(): void {
    if (!this.isIdle()) return;
    if (this.dropped > 0) {
      this.log.warn({ dropped: this.dropped }, 'event queue drained; events were dropped while it was full');
      this.dropped = 0;
    }
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  private isIdle(): boolean {
    return this.inFlight === 0 && this.backlog() === 0;
  }

  /** recordToSink: retry what did not reach the server; give up on what the server refused. */
  private async writeWithRetries(w: CorrelatedEvent): Promise<void> {
    const maxTries = this.opts.maxTries ?? 12;
    for (let tries = 1; ; tries++) {
      try {
        await this.write(w);
        return;
      } catch (err) {
        if (err instanceof ApiError) {
          if (err.code !== 409) this.log.warn({ err, event: w.event.metadata.name }, 'server rejected event (will not retry)');
          return;
        }
        if (tries >= maxTries) {
          this.log.warn({ err, event: w.event.metadata.name }, 'could not write event (retry limit exceeded)');
          return;
        }
        this.log.debug({ err, event: w.event.metadata.name }, 'could not write event (will retry)');
        const delay = this.opts.retryDelayMs ?? 10_000;
        await this.sleep(tries === 1 ? delay * (this.opts.random ?? Math.random)() : delay);
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.clock.setTimeout(resolve, ms));
  }

  /** A repeat patches count/lastTimestamp; if its Event is gone (expired), it is created anew. */
  private async write(w: CorrelatedEvent): Promise<void> {
    const ref = at(R.events, w.event.metadata.namespace);
    if (w.patch) {
      try {
        await this.client.patch(at(R.events, w.event.metadata.namespace, w.event.metadata.name), 'merge', w.patch);
        return;
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
    }
    await this.client.create(ref, w.event as unknown as KubeObject);
  }

  /**
   * Upstream names events `<object>.<UnixNano in hex>`. Our clock has millisecond resolution, so the
   * sub-millisecond part comes from one process-wide counter: two recorders (scheduler, kubelet)
   * writing about the same object in the same millisecond must not collide.
   */
  private nanoHex(): string {
    let n = BigInt(this.clock.now()) * 1_000_000n + BigInt(nextSequence() % 1_000_000);
    if (n <= this.lastNano) n = this.lastNano + 1n;
    this.lastNano = n;
    return n.toString(16);
  }
}

export function involvedObjectOf(obj: KubeObject): CoreEvent['involvedObject'] {
  const ref: CoreEvent['involvedObject'] = {
    kind: obj.kind,
    namespace: obj.metadata.namespace,
    name: obj.metadata.name,
    uid: obj.metadata.uid,
    apiVersion: obj.apiVersion,
    resourceVersion: obj.metadata.resourceVersion,
  };
  for (const k of Object.keys(ref)) if (ref[k] === undefined || ref[k] === '') delete ref[k];
  return ref;
}

/** Records events in memory ("Normal SuccessfulCreate create Pod web-0 ..."), for tests. */
export class FakeEventRecorder implements EventRecorder {
  readonly events: string[] = [];
  event(_obj: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string): void {
    this.events.push(`${type} ${reason} ${message}`);
  }
}
