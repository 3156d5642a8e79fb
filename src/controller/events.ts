// EventRecorder writing core/v1 Events through the ApiClient, as client-go's record package does:
// names `<involved object name>.<hex nanoseconds>`, `source.component`, a full involvedObject
// reference, and aggregation of identical events (same object, type, reason, message, source)
// into one Event whose `count` grows and `lastTimestamp` moves (tracked in a small LRU).
// event() never blocks and never throws: writes are queued and failures are logged, because an
// event is a hint for humans and must not change what a controller does.

import type { KubeObject } from '../apimachinery/types.js';
import { isNotFound } from '../apimachinery/errors.js';
import type { ApiClient } from '../client/api-client.js';
import { R, at } from '../client/resources.js';
import type { EventRecorder } from './contracts.js';
import { realClock, type Clock } from './clock.js';
import { silentLogger, type Logger } from './logger.js';

export interface EventRecorderOptions {
  component: string;
  host?: string;
  clock?: Clock;
  logger?: Logger;
  /** How many distinct events are remembered for aggregation. @default 4096 */
  cacheSize?: number;
}

interface Seen {
  name: string;
  namespace: string;
  count: number;
  firstTimestamp: string;
}

export interface CoreEvent extends KubeObject {
  involvedObject: Record<string, string | undefined>;
  reason: string;
  message: string;
  type: string;
  count: number;
  source: { component: string; host?: string };
  firstTimestamp: string;
  lastTimestamp: string;
}

let sequence = 0;
/** 0, 1, 2, ... so a lone event's name is the plain millisecond in nanoseconds, as upstream's would be. */
function nextSequence(): number {
  const s = sequence;
  sequence = (sequence + 1) % 1_000_000;
  return s;
}

export class ApiEventRecorder implements EventRecorder {
  private readonly seen = new Map<string, Seen>(); // insertion order = LRU order
  private chain: Promise<void> = Promise.resolve();
  private readonly clock: Clock;
  private readonly log: Logger;
  private lastNano = 0n;

  constructor(
    private readonly client: ApiClient,
    private readonly opts: EventRecorderOptions,
  ) {
    this.clock = opts.clock ?? realClock;
    this.log = (opts.logger ?? silentLogger).child({ component: opts.component, part: 'events' });
  }

  event(obj: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string): void {
    const involved = involvedObjectOf(obj);
    const namespace = obj.metadata.namespace || 'default';
    const key = aggregationKey(involved, [type, reason, message, this.opts.component, this.opts.host ?? '']);
    const now = this.timestamp();
    const prior = this.seen.get(key);
    if (prior) {
      this.seen.delete(key);
      prior.count++;
      this.seen.set(key, prior);
      const patch = { count: prior.count, lastTimestamp: now, message };
      const full = this.build({ name: prior.name, namespace, involved, type, reason, message, now }, prior);
      this.enqueue(() => this.patchOrCreate(prior, patch, full));
      return;
    }
    const s: Seen = { name: `${obj.metadata.name}.${this.nanoHex()}`, namespace, count: 1, firstTimestamp: now };
    this.remember(key, s);
    const ev = this.build({ name: s.name, namespace, involved, type, reason, message, now }, s);
    this.enqueue(() => this.create(ev));
  }

  /** Resolves once every event recorded so far has been written (or failed). For tests and shutdown. */
  flush(): Promise<void> {
    return this.chain;
  }

  private build(p: { name: string; namespace: string; involved: CoreEvent['involvedObject']; type: string; reason: string; message: string; now: string }, s: Seen): CoreEvent {
    const source: CoreEvent['source'] = { component: this.opts.component };
    if (this.opts.host) source.host = this.opts.host;
    return {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: p.name, namespace: p.namespace },
      involvedObject: p.involved,
      reason: p.reason,
      message: p.message,
      type: p.type,
      count: s.count,
      source,
      firstTimestamp: s.firstTimestamp,
      lastTimestamp: p.now,
      reportingComponent: this.opts.component,
      reportingInstance: this.opts.host ?? '',
    };
  }

  private remember(key: string, s: Seen): void {
    this.seen.set(key, s);
    const max = this.opts.cacheSize ?? 4096;
    while (this.seen.size > max) this.seen.delete(this.seen.keys().next().value!);
  }

  private enqueue(write: () => Promise<void>): void {
    this.chain = this.chain.then(write).catch((err) => this.log.warn({ err }, 'could not write event'));
  }

  private async create(ev: CoreEvent): Promise<void> {
    await this.client.create(at(R.events, ev.metadata.namespace), ev);
  }

  /** client-go: patch count/lastTimestamp; if the Event is gone (expired), create it anew. */
  private async patchOrCreate(s: Seen, patch: object, full: CoreEvent): Promise<void> {
    try {
      await this.client.patch(at(R.events, s.namespace, s.name), 'merge', patch);
    } catch (e) {
      if (!isNotFound(e)) throw e;
      await this.create(full);
    }
  }

  private timestamp(): string {
    return new Date(this.clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }

  /** Unix nanoseconds in hex, strictly increasing so two events never share a name. */
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

/**
 * client-go's getEventKey: source, the involved object's kind/namespace/name/fieldPath/uid/apiVersion,
 * type, reason and message. Not its resourceVersion: the object changes between two occurrences
 * (a pod's status is written after each failed sandbox attempt), yet they are the same event.
 */
function aggregationKey(involved: CoreEvent['involvedObject'], rest: string[]): string {
  const { kind, namespace, name, fieldPath, uid, apiVersion } = involved;
  return JSON.stringify([kind, namespace, name, fieldPath, uid, apiVersion, ...rest]);
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
