// FakeClient: an honest in-memory ApiClient for unit tests of controllers, informers, the
// scheduler and node agents. It behaves like the API server where components can tell:
// global monotonically increasing resourceVersions, uid/creationTimestamp/generation assignment,
// generateName, AlreadyExists/NotFound/Conflict (resourceVersion and uid preconditions), status
// subresource isolation, finalizers (delete sets deletionTimestamp), label/field selectors,
// limit/continue paging, watch from a resourceVersion with replay, 410 Expired after compaction,
// bookmarks on demand, and watches that follow objects moving in/out of a label selector.
// Every call is recorded in `actions`; reactors can fail any call (fault injection).

import { randomUUID } from 'node:crypto';
import { errors, ApiError } from '../apimachinery/errors.js';
import { parseSelector, type Selector } from '../apimachinery/labels.js';
import type { KubeList, KubeObject, ResourceRef, Status, WatchEvent, WatchEventType } from '../apimachinery/types.js';
import { apiVersionOf } from '../apimachinery/types.js';
import type { ApiClient, DeleteOptions, ListOptions, PatchType, WatchHandle, WatchOptions, WriteOptions } from './api-client.js';
import { applyPatch } from './fake-patch.js';

export type FakeVerb = 'get' | 'list' | 'create' | 'update' | 'patch' | 'delete' | 'watch';

export interface FakeAction {
  verb: FakeVerb;
  ref: ResourceRef;
  object?: KubeObject;
  patchType?: PatchType;
  patch?: unknown;
}

/** Called before every request; throw (e.g. an ApiError) to make the request fail. */
export type Reactor = (a: FakeAction) => void;

export interface FakeClientOptions {
  /** How many events the watch cache keeps; older resourceVersions answer 410. */
  historySize?: number;
  now?: () => number;
}

const clusterScoped = new Set(['namespaces', 'nodes', 'persistentvolumes', 'storageclasses', 'customresourcedefinitions', 'clusterroles', 'clusterrolebindings']);
const withoutStatus = new Set(['events', 'configmaps', 'secrets', 'controllerrevisions', 'endpoints', 'endpointslices', 'leases', 'serviceaccounts']);
const knownKinds: Record<string, string> = {
  pods: 'Pod', statefulsets: 'StatefulSet', persistentvolumeclaims: 'PersistentVolumeClaim', persistentvolumes: 'PersistentVolume',
  controllerrevisions: 'ControllerRevision', events: 'Event', namespaces: 'Namespace', nodes: 'Node', services: 'Service',
  endpoints: 'Endpoints', endpointslices: 'EndpointSlice', configmaps: 'ConfigMap', secrets: 'Secret', leases: 'Lease',
  serviceaccounts: 'ServiceAccount', storageclasses: 'StorageClass', customresourcedefinitions: 'CustomResourceDefinition',
  ipclaims: 'IPClaim',
};

function kindOf(resource: string): string {
  if (knownKinds[resource]) return knownKinds[resource];
  const singular = resource.endsWith('s') ? resource.slice(0, -1) : resource;
  return singular.charAt(0).toUpperCase() + singular.slice(1);
}

interface LogEntry {
  rv: number;
  resource: string;
  type: Exclude<WatchEventType, 'BOOKMARK' | 'ERROR'>;
  object: KubeObject;
  prev?: KubeObject;
}

interface Watcher {
  ref: ResourceRef;
  label: Selector;
  field: FieldFilter;
  bookmarks: boolean;
  onEvent: (e: WatchEvent) => void;
  stopped: boolean;
  finish: () => void;
}

type FieldFilter = (o: KubeObject) => boolean;

function resKey(ref: ResourceRef): string {
  return `${ref.group}/${ref.resource}`;
}
function objKey(ns: string | undefined, name: string): string {
  return ns ? `${ns}/${name}` : name;
}

function getPath(o: any, path: string): unknown {
  return path.split('.').reduce((v, p) => (v == null ? undefined : v[p]), o);
}

/** Field selectors: comma-separated `path=value`, `path==value`, `path!=value` over dotted paths. */
export function parseFieldSelector(s: string | undefined): FieldFilter {
  if (!s) return () => true;
  const terms = s.split(',').map((t) => {
    const m = /^([^!=]+)(!=|==|=)(.*)$/.exec(t.trim());
    if (!m) throw errors.badRequest(`invalid selector: '${s}'; can't understand '${t}'`);
    return { path: m[1], neg: m[2] === '!=', value: m[3] };
  });
  return (o) => terms.every((t) => (String(getPath(o, t.path) ?? '') === t.value) !== t.neg);
}

function sameSpec(a: KubeObject, b: KubeObject): boolean {
  return JSON.stringify(a.spec ?? null) === JSON.stringify(b.spec ?? null);
}

export class FakeClient implements ApiClient {
  readonly actions: FakeAction[] = [];
  private readonly reactors: Reactor[] = [];
  private readonly data = new Map<string, Map<string, KubeObject>>();
  private log: LogEntry[] = [];
  private rv = 0;
  private compactedTo = 0;
  private readonly watchers = new Set<Watcher>();
  private readonly historySize: number;
  private readonly now: () => number;

  constructor(opts: FakeClientOptions = {}) {
    this.historySize = opts.historySize ?? 10_000;
    this.now = opts.now ?? Date.now;
  }

  /** Adds a reactor that runs before every request (first added runs first). */
  addReactor(r: Reactor): () => void {
    this.reactors.push(r);
    return () => this.reactors.splice(this.reactors.indexOf(r), 1);
  }

  /** Fails the next `times` calls of verb on resource with err. */
  failNext(verb: FakeVerb, resource: string, err: Error, times = 1): void {
    let left = times;
    const remove = this.addReactor((a) => {
      if (a.verb !== verb || a.ref.resource !== resource || left <= 0) return;
      if (--left === 0) remove();
      throw err;
    });
  }

  clearActions(): void {
    this.actions.length = 0;
  }

  currentResourceVersion(): string {
    return String(this.rv);
  }

  /** Direct read of stored objects (no action recorded), for test assertions. */
  objects<T extends KubeObject = KubeObject>(ref: ResourceRef, namespace?: string): T[] {
    const ns = namespace ?? ref.namespace;
    return [...(this.data.get(resKey(ref))?.values() ?? [])]
      .filter((o) => !ns || o.metadata.namespace === ns)
      .map((o) => structuredClone(o) as T);
  }

  // ---------------------------------------------------------------------------------------------
  // ApiClient

  async get<T extends KubeObject = KubeObject>(ref: ResourceRef): Promise<T> {
    this.react({ verb: 'get', ref });
    return structuredClone(this.mustGet(ref)) as T;
  }

  async list<T extends KubeObject = KubeObject>(ref: ResourceRef, opts: ListOptions = {}): Promise<KubeList<T>> {
    this.react({ verb: 'list', ref });
    const label = this.selector(opts.labelSelector);
    const field = parseFieldSelector(opts.fieldSelector);
    const all = [...(this.data.get(resKey(ref))?.entries() ?? [])]
      .filter(([, o]) => this.inScope(ref, o) && label.matches(o.metadata.labels) && field(o))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    let start = 0;
    let listRv = this.rv;
    if (opts.continue) ({ start, listRv } = this.decodeContinue(opts.continue, all.map(([k]) => k)));
    const limit = opts.limit && opts.limit > 0 ? opts.limit : Infinity;
    const page = all.slice(start, start + limit);
    const metadata: KubeList['metadata'] = { resourceVersion: String(listRv) };
    if (start + page.length < all.length) {
      metadata.continue = Buffer.from(JSON.stringify({ rv: listRv, after: page[page.length - 1][0] })).toString('base64');
      metadata.remainingItemCount = all.length - start - page.length;
    }
    return {
      apiVersion: apiVersionOf(ref.group, ref.version),
      kind: `${kindOf(ref.resource)}List`,
      metadata,
      items: page.map(([, o]) => structuredClone(o) as T),
    };
  }

  async create<T extends KubeObject = KubeObject>(ref: ResourceRef, obj: T, opts: WriteOptions = {}): Promise<T> {
    this.react({ verb: 'create', ref, object: obj });
    const o = structuredClone(obj) as KubeObject;
    const ns = clusterScoped.has(ref.resource) ? undefined : (ref.namespace ?? o.metadata.namespace);
    if (!o.metadata.name && o.metadata.generateName) o.metadata.name = o.metadata.generateName + Math.random().toString(36).slice(2, 7);
    if (!o.metadata.name) throw errors.invalid(kindOf(ref.resource), ref.group, '', [{ type: 'FieldValueRequired', field: 'metadata.name', detail: 'name or generateName is required' } as any]);
    const store = this.store(ref);
    const key = objKey(ns, o.metadata.name);
    if (store.has(key)) throw errors.alreadyExists(ref, o.metadata.name);
    o.apiVersion ??= apiVersionOf(ref.group, ref.version);
    o.kind ??= kindOf(ref.resource);
    o.metadata = { ...o.metadata, namespace: ns, uid: randomUUID(), creationTimestamp: this.timestamp() };
    delete o.metadata.deletionTimestamp;
    if (o.spec !== undefined && !withoutStatus.has(ref.resource)) o.metadata.generation = 1;
    // The API server defaults a new pod's phase (the pod strategy's PrepareForCreate).
    if (ref.resource === 'pods') o.status = { phase: 'Pending', ...(o.status ?? {}) };
    if (opts.dryRun) return structuredClone(o) as T;
    return this.commit(ref, key, o, undefined) as T;
  }

  async update<T extends KubeObject = KubeObject>(ref: ResourceRef, obj: T, opts: WriteOptions = {}): Promise<T> {
    const name = ref.name ?? obj.metadata.name;
    const r = { ...ref, name };
    this.react({ verb: 'update', ref: r, object: obj });
    const old = this.mustGet(r);
    const rv = obj.metadata.resourceVersion;
    if (rv && rv !== old.metadata.resourceVersion) throw errors.conflict(ref, name!);
    const next = this.merged(r, old, structuredClone(obj));
    if (opts.dryRun) return next as T;
    return this.write(r, old, next) as T;
  }

  async patch<T extends KubeObject = KubeObject>(ref: ResourceRef, type: PatchType, patch: unknown, opts: WriteOptions = {}): Promise<T> {
    this.react({ verb: 'patch', ref, patchType: type, patch });
    const old = this.mustGet(ref);
    const patched = applyPatch(structuredClone(old), type, patch) as KubeObject;
    if (patched.metadata?.uid !== old.metadata.uid) {
      throw errors.conflict(ref, ref.name!, `Precondition failed: UID in precondition: ${patched.metadata?.uid}, UID in object meta: ${old.metadata.uid}`);
    }
    const next = this.merged(ref, old, patched);
    if (opts.dryRun) return next as T;
    return this.write(ref, old, next) as T;
  }

  async delete(ref: ResourceRef, opts: DeleteOptions = {}): Promise<KubeObject | Status> {
    this.react({ verb: 'delete', ref });
    const old = this.mustGet(ref);
    const pre = opts.preconditions;
    if (pre?.uid && pre.uid !== old.metadata.uid) {
      throw errors.conflict(ref, ref.name!, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${old.metadata.uid}`);
    }
    if (pre?.resourceVersion && pre.resourceVersion !== old.metadata.resourceVersion) {
      throw errors.conflict(ref, ref.name!, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${old.metadata.resourceVersion}`);
    }
    if (opts.dryRun) return structuredClone(old);
    if (old.metadata.finalizers?.length) {
      if (old.metadata.deletionTimestamp) return structuredClone(old);
      const next = structuredClone(old);
      next.metadata.deletionTimestamp = this.timestamp();
      next.metadata.deletionGracePeriodSeconds = opts.gracePeriodSeconds ?? 0;
      return this.write(ref, old, next);
    }
    return this.remove(ref, old);
  }

  watch(ref: ResourceRef, opts: WatchOptions, onEvent: (e: WatchEvent) => void): WatchHandle {
    this.react({ verb: 'watch', ref });
    let finish!: () => void;
    const done = new Promise<void>((resolve) => (finish = resolve));
    const w: Watcher = {
      ref,
      label: this.selector(opts.labelSelector),
      field: parseFieldSelector(opts.fieldSelector),
      bookmarks: !!opts.allowWatchBookmarks,
      onEvent,
      stopped: false,
      finish,
    };
    const from = opts.resourceVersion;
    if (from && from !== '0' && Number(from) < this.compactedTo) {
      this.deliver(w, { type: 'ERROR', object: errors.expired(`too old resource version: ${from} (${this.compactedTo})`).status as any });
      this.end(w);
      return { stop: () => this.end(w, false), done };
    }
    this.watchers.add(w);
    if (!from || from === '0') {
      for (const o of this.data.get(resKey(ref))?.values() ?? []) if (this.visible(w, o)) this.deliver(w, { type: 'ADDED', object: structuredClone(o) });
    } else {
      for (const e of this.log) if (e.rv > Number(from)) this.dispatch(w, e);
    }
    return { stop: () => this.end(w, false), done };
  }

  // ---------------------------------------------------------------------------------------------
  // Test controls

  /** Sends a BOOKMARK at the current resourceVersion to every watch that asked for bookmarks. */
  sendBookmarks(): void {
    for (const w of this.watchers) {
      if (w.bookmarks) this.deliver(w, { type: 'BOOKMARK', object: { kind: kindOf(w.ref.resource), apiVersion: apiVersionOf(w.ref.group, w.ref.version), metadata: { resourceVersion: String(this.rv) } } });
    }
  }

  /** Drops the watch history: watches from older resourceVersions now get 410 Expired. */
  compact(): void {
    this.compactedTo = this.rv;
    this.log = [];
  }

  /** Ends every open watch as a server restart or timeout would. */
  closeWatches(): void {
    for (const w of [...this.watchers]) this.end(w);
  }

  /** Sends 410 Expired to every open watch and ends it (a compacted watch cache). */
  expireWatches(): void {
    this.compact();
    for (const w of [...this.watchers]) {
      this.deliver(w, { type: 'ERROR', object: errors.expired('too old resource version').status as any });
      this.end(w);
    }
  }

  openWatches(): number {
    return this.watchers.size;
  }

  // ---------------------------------------------------------------------------------------------
  // internals

  private react(a: FakeAction): void {
    this.actions.push(structuredClone(a));
    for (const r of [...this.reactors]) r(a);
  }

  private selector(s: string | undefined): Selector {
    try {
      return parseSelector(s ?? '');
    } catch (e) {
      throw errors.badRequest(`unable to parse requirement: ${(e as Error).message}`);
    }
  }

  private store(ref: ResourceRef): Map<string, KubeObject> {
    let m = this.data.get(resKey(ref));
    if (!m) this.data.set(resKey(ref), (m = new Map()));
    return m;
  }

  private mustGet(ref: ResourceRef): KubeObject {
    const ns = clusterScoped.has(ref.resource) ? undefined : ref.namespace;
    const o = this.data.get(resKey(ref))?.get(objKey(ns, ref.name ?? ''));
    if (!o) throw errors.notFound(ref, ref.name ?? '');
    return o;
  }

  private inScope(ref: ResourceRef, o: KubeObject): boolean {
    return clusterScoped.has(ref.resource) || !ref.namespace || o.metadata.namespace === ref.namespace;
  }

  private visible(w: Watcher, o: KubeObject): boolean {
    return this.inScope(w.ref, o) && w.label.matches(o.metadata.labels) && w.field(o);
  }

  /** Applies subresource and immutable-metadata rules to an update/patch result. */
  private merged(ref: ResourceRef, old: KubeObject, incoming: KubeObject): KubeObject {
    if (ref.subresource === 'status') {
      const next = structuredClone(old);
      next.status = incoming.status;
      return next;
    }
    const next = incoming;
    next.apiVersion = old.apiVersion;
    next.kind = old.kind;
    next.metadata = {
      ...next.metadata,
      name: old.metadata.name,
      namespace: old.metadata.namespace,
      uid: old.metadata.uid,
      creationTimestamp: old.metadata.creationTimestamp,
      deletionTimestamp: old.metadata.deletionTimestamp,
      generation: old.metadata.generation,
    };
    if (next.metadata.deletionTimestamp === undefined) delete next.metadata.deletionTimestamp;
    if (next.metadata.generation === undefined) delete next.metadata.generation;
    if (!withoutStatus.has(ref.resource) && old.status !== undefined) next.status = old.status;
    if (old.metadata.generation !== undefined && !sameSpec(old, next)) next.metadata.generation = old.metadata.generation + 1;
    return next;
  }

  private write(ref: ResourceRef, old: KubeObject, next: KubeObject): KubeObject {
    const key = objKey(old.metadata.namespace, old.metadata.name!);
    // An object being deleted whose last finalizer was removed goes away (as the real server does).
    if (next.metadata.deletionTimestamp && !next.metadata.finalizers?.length) return this.remove(ref, { ...next, metadata: { ...next.metadata, resourceVersion: old.metadata.resourceVersion } });
    return this.commit(ref, key, next, old);
  }

  private commit(ref: ResourceRef, key: string, o: KubeObject, prev: KubeObject | undefined): KubeObject {
    o.metadata.resourceVersion = String(++this.rv);
    this.store(ref).set(key, o);
    this.record({ rv: this.rv, resource: resKey(ref), type: prev ? 'MODIFIED' : 'ADDED', object: o, prev });
    return structuredClone(o);
  }

  private remove(ref: ResourceRef, old: KubeObject): KubeObject {
    const key = objKey(old.metadata.namespace, old.metadata.name!);
    this.store(ref).delete(key);
    const gone = structuredClone(old);
    gone.metadata.resourceVersion = String(++this.rv);
    this.record({ rv: this.rv, resource: resKey(ref), type: 'DELETED', object: gone });
    return structuredClone(gone);
  }

  private record(e: LogEntry): void {
    this.log.push(e);
    if (this.log.length > this.historySize) {
      const dropped = this.log.shift()!;
      this.compactedTo = dropped.rv;
    }
    for (const w of this.watchers) this.dispatch(w, e);
  }

  /** Sends a logged change to one watcher, translating selector moves into ADDED/DELETED. */
  private dispatch(w: Watcher, e: LogEntry): void {
    if (e.resource !== resKey(w.ref)) return;
    const now = this.visible(w, e.object);
    const before = e.prev ? this.visible(w, e.prev) : false;
    let type: WatchEventType | undefined = e.type;
    if (e.type === 'MODIFIED') type = now && before ? 'MODIFIED' : now ? 'ADDED' : before ? 'DELETED' : undefined;
    else if (!now) type = undefined;
    if (type) this.deliver(w, { type, object: structuredClone(e.object) });
  }

  /** Delivery is asynchronous (as over a socket) but keeps order per watch. */
  private deliver(w: Watcher, e: WatchEvent): void {
    queueMicrotask(() => {
      if (!w.stopped) w.onEvent(e);
    });
  }

  /** Ends a watch. A server-side close flushes queued events first; a client stop() drops them. */
  private end(w: Watcher, flush = true): void {
    this.watchers.delete(w);
    if (!flush) w.stopped = true;
    queueMicrotask(() => {
      w.stopped = true;
      w.finish();
    });
  }

  private decodeContinue(token: string, keys: string[]): { start: number; listRv: number } {
    let parsed: { rv: number; after: string };
    try {
      parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
    } catch {
      throw errors.badRequest('invalid continue token');
    }
    if (parsed.rv < this.compactedTo) {
      throw new ApiError({ ...errors.expired('The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.').status });
    }
    const start = keys.findIndex((k) => k > parsed.after);
    return { start: start < 0 ? keys.length : start, listRv: parsed.rv };
  }

  private timestamp(): string {
    return new Date(this.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }
}
