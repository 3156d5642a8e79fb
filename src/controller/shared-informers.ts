// Process-wide informer sharing (client-go's SharedInformerFactory). The sandbox runs a dozen
// components in one process on one ApiClient; if each kept its own pod informer, every pod would be
// listed, watched, JSON-parsed, frozen and cached once per component. Here there is one underlying
// list+watch per (client, resource, namespace, label selector, field selector, clock), and each
// consumer gets a lease on it:
// - its handlers are attached when the consumer starts (so a consumer never sees events before its
//   own start(), as with a private informer), and a handler attached after the cache synced first
//   gets a synthetic add for every cached object, as client-go does for late handlers;
// - start() resolves once the shared cache has synced (or the consumer stopped);
// - stop() detaches only this consumer's handlers; the watch stops with the last consumer, and a
//   later consumer of the same key gets a fresh informer.
// Cached objects are deep-frozen, so sharing them between consumers is safe.

import type { KubeObject, LabelSelector, ResourceRef } from '../apimachinery/types.js';
import type { ApiClient } from '../client/api-client.js';
import { realClock, type Clock } from './clock.js';
import type { Handler, InformerOptions } from './contracts.js';
import { createInformer, type InformerConfig, type SharedInformer } from './list-watch-informer.js';

interface Entry {
  readonly key: string;
  readonly informer: SharedInformer<any>;
  leases: number;
}

const clockIds = new WeakMap<Clock, number>();
let nextClockId = 1;

/** Consumers with different clocks (fake clocks in tests) must not share timers, so they don't share. */
function clockId(clock: Clock | undefined): number {
  if (!clock || clock === realClock) return 0;
  let id = clockIds.get(clock);
  if (id === undefined) clockIds.set(clock, (id = nextClockId++));
  return id;
}

/** The sharing key. The logger is deliberately not part of it: the first consumer's is used. */
export function informerKey(ref: ResourceRef, opts: InformerConfig = {}): string {
  return [
    ref.group ?? '',
    ref.version,
    ref.resource,
    opts.namespace ?? ref.namespace ?? '',
    opts.labelSelector ?? '',
    opts.fieldSelector ?? '',
    opts.metadataOnly ? 'metadata' : '',
    clockId(opts.clock),
    opts.pageSize ?? '',
    opts.backoffInitialMs ?? '',
    opts.backoffMaxMs ?? '',
  ].join('|');
}

/** One consumer's view of a shared informer. */
class InformerLease<T extends KubeObject> implements SharedInformer<T> {
  private readonly handlers: Handler<T>[] = [];
  private started = false;
  private stopped = false;
  private resolveStopped!: () => void;
  private readonly stoppedPromise = new Promise<void>((r) => (this.resolveStopped = r));

  constructor(
    private readonly entry: Entry,
    private readonly release: (e: Entry) => void,
  ) {}

  private get inner(): SharedInformer<T> {
    return this.entry.informer as SharedInformer<T>;
  }

  get ref(): ResourceRef {
    return this.inner.ref;
  }

  addHandler(h: Handler<T>): void {
    if (this.stopped) return;
    this.handlers.push(h);
    if (this.started) this.inner.addHandler(h);
  }

  removeHandler(h: Handler<T>): void {
    const i = this.handlers.indexOf(h);
    if (i < 0) return;
    this.handlers.splice(i, 1);
    this.inner.removeHandler(h);
  }

  start(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (!this.started) {
      this.started = true;
      for (const h of this.handlers) this.inner.addHandler(h);
    }
    return Promise.race([this.inner.start(), this.stoppedPromise]);
  }

  waitForSync(): Promise<void> {
    return Promise.race([this.inner.waitForSync(), this.stoppedPromise]);
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    for (const h of this.handlers) this.inner.removeHandler(h);
    this.handlers.length = 0;
    this.release(this.entry);
    this.resolveStopped();
  }

  hasSynced(): boolean {
    return this.started && this.inner.hasSynced();
  }
  lastSyncResourceVersion(): string {
    return this.inner.lastSyncResourceVersion();
  }
  get(key: string): T | undefined {
    return this.inner.get(key);
  }
  list(namespace?: string): T[] {
    return this.inner.list(namespace);
  }
  listBySelector(namespace: string | undefined, selector: string | LabelSelector): T[] {
    return this.inner.listBySelector(namespace, selector);
  }
  listControlledBy(ownerUid: string): T[] {
    return this.inner.listControlledBy(ownerUid);
  }
  listOrphans(namespace?: string): T[] {
    return this.inner.listOrphans(namespace);
  }
}

/** The informers of one ApiClient, shared by every consumer that asks for the same key. */
export class SharedInformerPool {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly client: ApiClient) {}

  /** A new lease on the shared informer for this key; stop() it when done. */
  informerFor<T extends KubeObject = KubeObject>(ref: ResourceRef, opts: InformerConfig = {}): SharedInformer<T> {
    const key = informerKey(ref, opts);
    let entry = this.entries.get(key);
    if (!entry) {
      const plain: ResourceRef = { group: ref.group, version: ref.version, resource: ref.resource };
      const informer = createInformer<T>(this.client, plain, { ...opts, namespace: opts.namespace ?? ref.namespace });
      entry = { key, informer, leases: 0 };
      this.entries.set(key, entry);
    }
    entry.leases++;
    return new InformerLease<T>(entry, this.release);
  }

  /** Underlying informers currently running or leased (for tests and diagnostics). */
  size(): number {
    return this.entries.size;
  }

  private readonly release = (e: Entry): void => {
    if (--e.leases > 0) return;
    e.informer.stop();
    if (this.entries.get(e.key) === e) this.entries.delete(e.key);
  };
}

const pools = new WeakMap<ApiClient, SharedInformerPool>();

/** The shared informers of this client (one pool per client, so per process in the sandbox). */
export function sharedInformers(client: ApiClient): SharedInformerPool {
  let pool = pools.get(client);
  if (!pool) pools.set(client, (pool = new SharedInformerPool(client)));
  return pool;
}

/** createInformer's drop-in: a lease on the client's shared informer for (ref, selectors, clock). */
export function sharedInformer<T extends KubeObject = KubeObject>(client: ApiClient, ref: ResourceRef, opts: InformerConfig = {}): SharedInformer<T> {
  return sharedInformers(client).informerFor<T>(ref, opts);
}

/**
 * A controller's set of informers: the same lease for the same key within the factory, leased from
 * the client's shared pool, so controllers of one process share watches and caches. stop() releases
 * only this factory's leases.
 */
export class InformerFactory {
  private readonly informers = new Map<string, SharedInformer<any>>();
  private started = false;

  constructor(
    private readonly client: ApiClient,
    private readonly defaults: Omit<InformerConfig, keyof InformerOptions> = {},
  ) {}

  informerFor<T extends KubeObject = KubeObject>(ref: ResourceRef, opts: InformerOptions = {}): SharedInformer<T> {
    const cfg: InformerConfig = { ...this.defaults, ...opts };
    const key = informerKey(ref, cfg);
    let inf = this.informers.get(key);
    if (!inf) {
      inf = sharedInformers(this.client).informerFor<T>(ref, cfg);
      this.informers.set(key, inf);
      if (this.started) void inf.start();
    }
    return inf as SharedInformer<T>;
  }

  /** Starts every informer (and any created later) and resolves once all have synced. */
  async start(): Promise<void> {
    this.started = true;
    await Promise.all([...this.informers.values()].map((i) => i.start()));
  }

  async waitForCacheSync(): Promise<void> {
    await Promise.all([...this.informers.values()].map((i) => i.waitForSync()));
  }

  stop(): void {
    for (const i of this.informers.values()) i.stop();
    this.informers.clear();
    this.started = false;
  }
}
