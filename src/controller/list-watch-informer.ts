// A list+watch cache of one resource (client-go's reflector + SharedIndexInformer, reduced), built
// only on the ApiClient. It lists (paged with limit/continue), then watches from the list's
// resourceVersion with bookmarks; a 410 Expired relists and emits synthetic deletes for objects
// that vanished meanwhile; a dropped watch reconnects from the last seen resourceVersion with
// capped exponential back-off. Cached objects are deep-frozen so no consumer can corrupt the
// cache for the others. Indexed by namespace and by controller owner uid (plus the orphans of each
// namespace), so a workload controller's claim step costs O(own + orphans), not O(namespace). The
// cache and its indexes are keyed by each object's own namespace and name (NamespacedMap), not by
// a "namespace/name" string: no key string per cached object.

import type { KubeList, KubeObject, LabelSelector, ResourceRef, WatchEvent } from '../apimachinery/types.js';
import { asPartialObjectMetadata, objectKey } from '../apimachinery/types.js';
import { NamespacedMap } from '../util/namespaced-map.js';
import { ApiError } from '../apimachinery/errors.js';
import { labelSelectorAsSelector, parseSelector, type Selector } from '../apimachinery/labels.js';
import type { ApiClient } from '../client/api-client.js';
import type { Handler, Informer, InformerOptions } from './contracts.js';
import { realClock, type Clock, type TimerHandle } from './clock.js';
import { silentLogger, type Logger } from './logger.js';

export interface InformerConfig extends InformerOptions {
  clock?: Clock;
  logger?: Logger;
  /** Page size for the initial and re-lists. @default 500 */
  pageSize?: number;
  /** Reconnect back-off bounds. @default 100ms → 30s */
  backoffInitialMs?: number;
  backoffMaxMs?: number;
}

export interface SharedInformer<T extends KubeObject = KubeObject> extends Informer<T> {
  /** Detaches a handler added with addHandler (it gets no further calls). */
  removeHandler(h: Handler<T>): void;
  listBySelector(namespace: string | undefined, selector: string | LabelSelector): T[];
  /** Cached objects whose controller ownerReference (controller=true) has this uid. */
  listControlledBy(ownerUid: string): T[];
  /** Cached objects of a namespace (all, when undefined) without a controller ownerReference. */
  listOrphans(namespace?: string): T[];
  /** Resolves when the first list has been delivered (same promise start() returns). */
  waitForSync(): Promise<void>;
  lastSyncResourceVersion(): string;
}

export function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o as object)) deepFreeze(v);
  }
  return o;
}

/** The uid of the object's controller ownerReference, if any (inline getControllerOf, hot path). */
function ownerIndexKey(o: KubeObject): string | undefined {
  const refs = o.metadata.ownerReferences;
  if (!refs) return undefined;
  for (const r of refs) if (r.controller === true) return r.uid;
  return undefined;
}

/** Namespace ('' when cluster-scoped) and name of an object: its place in the cache. */
function identity(o: KubeObject): [string, string] {
  return [o.metadata.namespace ?? '', o.metadata.name ?? ''];
}

/** The same from a cache key: "namespace/name", or "name" when cluster-scoped. */
function splitKey(key: string): [string, string] {
  const i = key.indexOf('/');
  return i < 0 ? ['', key] : [key.slice(0, i), key.slice(i + 1)];
}

type WatchOutcome = 'expired' | 'closed' | 'idle';

class Backoff {
  private cur: number;
  constructor(
    private readonly initial: number,
    private readonly max: number,
  ) {
    this.cur = initial;
  }
  next(): number {
    const d = this.cur;
    this.cur = Math.min(this.max, this.cur * 2);
    return d;
  }
  reset(): void {
    this.cur = this.initial;
  }
}

class ListWatchInformer<T extends KubeObject> implements SharedInformer<T> {
  private readonly items = new NamespacedMap<T>();
  /** Controller owner uid → its objects; objects without a controller ref are in `orphans`. */
  private readonly byController = new Map<string, NamespacedMap<T>>();
  private readonly orphans = new NamespacedMap<T>();
  /** Replaced, never mutated, so adding/removing a handler during a dispatch is safe. */
  private handlers: readonly Handler<T>[] = [];
  private readonly selectorCache = new Map<string, Selector>();
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly backoff: Backoff;
  private synced = false;
  private running = false;
  private stopped = false;
  private lastRv = '';
  private kind?: string;
  private apiVersion?: string;
  private watchStop?: () => void;
  private sleeping?: { timer: TimerHandle; wake: () => void };
  private resolveSynced!: () => void;
  private readonly syncedPromise = new Promise<void>((r) => (this.resolveSynced = r));

  constructor(
    private readonly client: ApiClient,
    readonly ref: ResourceRef,
    private readonly cfg: InformerConfig,
  ) {
    this.clock = cfg.clock ?? realClock;
    this.log = (cfg.logger ?? silentLogger).child({ informer: ref.resource, namespace: cfg.namespace });
    this.backoff = new Backoff(cfg.backoffInitialMs ?? 100, cfg.backoffMaxMs ?? 30_000);
  }

  addHandler(h: Handler<T>): void {
    this.handlers = [...this.handlers, h];
    // A late handler sees the current cache as adds, as client-go replays to new listeners.
    if (this.synced) for (const o of this.items.values()) this.call(() => h.add?.(o));
  }

  /** Detaches a handler (a shared informer's consumer that stopped). */
  removeHandler(h: Handler<T>): void {
    this.handlers = this.handlers.filter((x) => x !== h);
  }

  start(): Promise<void> {
    if (!this.running && !this.stopped) {
      this.running = true;
      void this.run();
    }
    return this.syncedPromise;
  }

  waitForSync(): Promise<void> {
    return this.syncedPromise;
  }

  stop(): void {
    this.stopped = true;
    this.watchStop?.();
    if (this.sleeping) {
      this.clock.clearTimeout(this.sleeping.timer);
      this.sleeping.wake();
    }
    this.resolveSynced(); // nobody waits forever on a stopped informer
  }

  hasSynced(): boolean {
    return this.synced;
  }
  lastSyncResourceVersion(): string {
    return this.lastRv;
  }

  get(key: string): T | undefined {
    const [namespace, name] = splitKey(key);
    return this.items.get(namespace, name);
  }

  list(namespace?: string): T[] {
    return [...(namespace === undefined ? this.items.values() : this.items.inNamespace(namespace))];
  }

  listBySelector(namespace: string | undefined, selector: string | LabelSelector): T[] {
    const sel = this.selectorFor(selector);
    return this.list(namespace).filter((o) => sel.matches(o.metadata.labels));
  }

  listControlledBy(ownerUid: string): T[] {
    return [...(this.byController.get(ownerUid)?.values() ?? [])];
  }

  listOrphans(namespace?: string): T[] {
    return [...(namespace === undefined ? this.orphans.values() : this.orphans.inNamespace(namespace))];
  }

  // ---------------------------------------------------------------------------------------------

  private selectorFor(selector: string | LabelSelector): Selector {
    if (typeof selector !== 'string') return labelSelectorAsSelector(selector);
    let sel = this.selectorCache.get(selector);
    if (!sel) {
      sel = parseSelector(selector);
      if (this.selectorCache.size > 256) this.selectorCache.clear();
      this.selectorCache.set(selector, sel);
    }
    return sel;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.listAndWatch();
      } catch (err) {
        if (this.stopped) return;
        const delay = this.backoff.next();
        this.log.warn({ err, delayMs: delay }, 'list/watch failed; retrying');
        await this.sleep(delay);
      }
    }
  }

  private async listAndWatch(): Promise<void> {
    const { items, rv } = await this.listAll();
    if (this.stopped) return;
    this.replace(items, rv);
    this.backoff.reset();
    while (!this.stopped) {
      const outcome = await this.watchOnce();
      if (outcome === 'expired') {
        this.log.info({ resourceVersion: this.lastRv }, 'watch expired (410); relisting');
        return;
      }
      if (outcome === 'idle') await this.sleep(this.backoff.next());
      else this.backoff.reset();
    }
  }

  private async listAll(): Promise<{ items: T[]; rv: string }> {
    const pageSize = this.cfg.pageSize ?? 500;
    const items: T[] = [];
    let cont: string | undefined;
    let rv = '';
    do {
      let page: KubeList<T>;
      try {
        page = await this.client.list<T>(this.scopedRef(), { ...this.selectors(), limit: pageSize, continue: cont });
      } catch (e) {
        // An expired continue token: client-go falls back to one full (unpaged) list.
        if (!(cont && e instanceof ApiError && e.code === 410)) throw e;
        page = await this.client.list<T>(this.scopedRef(), this.selectors());
        items.length = 0;
      }
      this.learnKind(page);
      items.push(...page.items);
      rv = page.metadata.resourceVersion ?? rv;
      cont = page.metadata.continue || undefined;
    } while (cont);
    return { items, rv };
  }

  private learnKind(page: KubeList<T>): void {
    if (page.kind?.endsWith('List')) this.kind ??= page.kind.slice(0, -4);
    this.apiVersion ??= page.apiVersion;
  }

  private watchOnce(): Promise<WatchOutcome> {
    return new Promise<WatchOutcome>((resolve) => {
      let events = 0;
      let expired = false;
      const onEvent = (e: WatchEvent) => {
        events++;
        if (this.handleEvent(e) === 'expired') {
          expired = true;
          handle.stop();
        }
      };
      let handle: { stop(): void; done: Promise<void> };
      try {
        handle = this.client.watch(this.scopedRef(), { ...this.selectors(), resourceVersion: this.lastRv, allowWatchBookmarks: true }, onEvent);
      } catch (e) {
        resolve(e instanceof ApiError && e.code === 410 ? 'expired' : 'idle');
        return;
      }
      this.watchStop = () => handle.stop();
      handle.done.then(
        () => resolve(expired ? 'expired' : events > 0 ? 'closed' : 'idle'),
        (e) => {
          if (!(e instanceof ApiError && e.code === 410)) this.log.warn({ err: e }, 'watch failed');
          resolve(expired || (e instanceof ApiError && e.code === 410) ? 'expired' : 'idle');
        },
      );
    });
  }

  private handleEvent(e: WatchEvent): 'expired' | void {
    if (this.stopped) return;
    switch (e.type) {
      case 'ERROR': {
        const code = (e.object as any)?.code;
        if (code === 410) return 'expired';
        this.log.warn({ status: e.object }, 'watch error event');
        return;
      }
      case 'BOOKMARK':
        this.lastRv = e.object.metadata?.resourceVersion ?? this.lastRv;
        return;
      case 'ADDED':
      case 'MODIFIED':
        this.upsert(e.object as T);
        break;
      case 'DELETED':
        this.remove(e.object as T);
        break;
    }
    this.lastRv = e.object.metadata?.resourceVersion ?? this.lastRv;
  }

  /** Installs a fresh list, emitting add/update for changes and delete for vanished objects. */
  private replace(items: T[], rv: string): void {
    const seen = new Set<string>();
    for (const o of items) {
      seen.add(objectKey(o));
      this.upsert(o);
    }
    for (const old of [...this.items.values()]) if (!seen.has(objectKey(old))) this.remove(old);
    this.lastRv = rv;
    if (!this.synced) {
      this.synced = true;
      this.resolveSynced();
    }
  }

  private upsert(full: T): void {
    const raw = this.trim(full);
    const [ns, name] = identity(raw);
    const old = this.items.get(ns, name);
    if (old && old.metadata.resourceVersion === raw.metadata.resourceVersion) return;
    const obj = this.freeze(raw);
    this.items.set(ns, name, obj);
    // The owner index holds the objects themselves: a new version replaces the old in place, and
    // moves only when its controller changed.
    if (old && ownerIndexKey(old) !== ownerIndexKey(obj)) this.unindexOwner(old);
    this.ownerIndexOf(obj, true)!.set(ns, name, obj);
    for (const h of this.handlers) this.call(() => (old ? h.update?.(old, obj) : h.add?.(obj)));
  }

  private remove(full: T): void {
    const raw = this.trim(full);
    const [ns, name] = identity(raw);
    const old = this.items.get(ns, name);
    if (!old) return;
    this.items.delete(ns, name);
    this.unindexOwner(old);
    // Handlers get the final state the server sent when there is one, else the last known state.
    const last = raw.metadata.uid === old.metadata.uid && raw !== old ? this.freeze(raw) : old;
    for (const h of this.handlers) this.call(() => h.delete?.(last));
  }

  /** The orphans, or the objects of the object's controller (created when `create`). */
  private ownerIndexOf(o: T, create: boolean): NamespacedMap<T> | undefined {
    const owner = ownerIndexKey(o);
    if (owner === undefined) return this.orphans;
    let owned = this.byController.get(owner);
    if (!owned && create) this.byController.set(owner, (owned = new NamespacedMap()));
    return owned;
  }

  private unindexOwner(old: T): void {
    const [ns, name] = identity(old);
    const owned = this.ownerIndexOf(old, false);
    owned?.delete(ns, name);
    const owner = ownerIndexKey(old);
    if (owner !== undefined && owned?.size === 0) this.byController.delete(owner);
  }

  /** With metadataOnly, the object's metadata as a PartialObjectMetadata (sharing the metadata). */
  private trim(o: T): T {
    if (!this.cfg.metadataOnly || o.kind === 'PartialObjectMetadata') return o;
    return asPartialObjectMetadata(o.metadata) as T;
  }

  private freeze(o: T): T {
    if (Object.isFrozen(o)) return o;
    const c = o as KubeObject;
    if (!c.kind && this.kind) c.kind = this.kind;
    if (!c.apiVersion && this.apiVersion) c.apiVersion = this.apiVersion;
    return deepFreeze(o);
  }

  private call(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.log.error({ err }, 'informer handler threw');
    }
  }

  private scopedRef(): ResourceRef {
    return { ...this.ref, namespace: this.cfg.namespace ?? this.ref.namespace, name: undefined, subresource: undefined };
  }

  private selectors(): { labelSelector?: string; fieldSelector?: string } {
    return { labelSelector: this.cfg.labelSelector, fieldSelector: this.cfg.fieldSelector };
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        this.sleeping = undefined;
        resolve();
      };
      this.sleeping = { timer: this.clock.setTimeout(wake, ms), wake };
    });
  }
}

export function createInformer<T extends KubeObject = KubeObject>(client: ApiClient, ref: ResourceRef, opts: InformerConfig = {}): SharedInformer<T> {
  return new ListWatchInformer<T>(client, ref, opts);
}
