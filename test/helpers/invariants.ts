// StatefulSet invariant checker for black-box tests. It watches every Pod and StatefulSet event in
// the cluster (two raw watches through @kubernetes/client-node) and records them. Because the
// sandbox has one global, monotonically increasing resourceVersion, sorting both streams by it
// gives the exact order in which the API server applied the writes, so the checker can replay the
// history and judge each pod creation/deletion against the state of the cluster at that instant:
//
//  - identity: two live pods (a Terminating pod is still live) with the same StatefulSet identity
//    (namespace, set, ordinal) at once;
//  - OrderedReady creation: a pod of an OrderedReady set created while a lower in-range ordinal of
//    that set is missing, not Running+Ready, or terminating. One race is not a violation: a lower
//    pod deleted by someone else (a test's `kubectl delete`) moments before the controller's create
//    landed. The controller decided from its informer cache, which had not yet seen the deletion;
//    upstream's controller has the same window (a create carries no precondition on other pods).
//    So a lower ordinal that went terminating or missing less than RACE_WINDOW_MS (by the checker's
//    own arrival clock, one watch stream in resourceVersion order) before the create is tolerated;
//  - OrderedReady scale-down: a condemned pod (ordinal outside [start, start+replicas)) deleted
//    while a higher ordinal of the set still exists.
//
// Tests call `await checker.assertClean()` (which first waits until the watches caught up with the
// API server) and can read the replayed per-namespace pod history for ordering assertions.

import assert from 'node:assert/strict';
import * as k8s from '@kubernetes/client-node';

type Obj = {
  metadata: {
    name: string;
    namespace: string;
    uid: string;
    resourceVersion: string;
    deletionTimestamp?: string;
    labels?: Record<string, string>;
    ownerReferences?: { kind: string; name: string; uid: string; controller?: boolean }[];
  };
  spec?: { podManagementPolicy?: string; replicas?: number; ordinals?: { start?: number } | null };
  status?: { phase?: string; conditions?: { type: string; status: string }[] };
};

interface Recorded {
  kind: 'pod' | 'set';
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  rv: number;
  obj: Obj;
  /** When the checker received the event (ms); the race tolerance above is measured on it. */
  at: number;
}

/** How long after an external deletion a create by a controller that had not seen it yet is a race. */
const RACE_WINDOW_MS = 1000;

/** One pod event as the replay saw it. */
export interface PodEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  name: string;
  uid: string;
  rv: number;
  phase?: string;
  ready: boolean;
  terminating: boolean;
}

const ORDINAL = /^(.*)-([0-9]+)$/;

function parse(name: string): { parent: string; ordinal: number } | undefined {
  const m = ORDINAL.exec(name);
  return m ? { parent: m[1], ordinal: Number(m[2]) } : undefined;
}

const controllerOf = (o: Obj) => o.metadata.ownerReferences?.find((r) => r.controller);
const isReady = (p: Obj) => p.status?.phase === 'Running' && !!p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');

/** The StatefulSet identity of a pod the set controls: "ns/set/ordinal". */
function identity(p: Obj): { set: string; ordinal: number; key: string } | undefined {
  const ref = controllerOf(p);
  const parsed = parse(p.metadata.name);
  if (!ref || ref.kind !== 'StatefulSet' || !parsed || parsed.parent !== ref.name) return undefined;
  return { set: `${p.metadata.namespace}/${ref.name}`, ordinal: parsed.ordinal, key: `${p.metadata.namespace}/${ref.name}/${parsed.ordinal}` };
}

/** Replays recorded events in resourceVersion order and collects violations. */
class Replay {
  readonly violations: string[] = [];
  readonly history = new Map<string, PodEvent[]>();
  private readonly pods = new Map<string, Obj>(); // uid → latest live state
  private readonly sets = new Map<string, Obj>(); // ns/name → latest
  private readonly deletingSeen = new Set<string>(); // uids whose deletion was already judged
  private readonly deletionStartedAt = new Map<string, number>(); // identity key → arrival time of its last deletion

  run(events: Recorded[]): this {
    for (const e of [...events].sort((a, b) => a.rv - b.rv)) {
      if (e.kind === 'set') this.onSet(e);
      else this.onPod(e);
    }
    return this;
  }

  private onSet(e: Recorded): void {
    const key = `${e.obj.metadata.namespace}/${e.obj.metadata.name}`;
    if (e.type === 'DELETED') this.sets.delete(key);
    else this.sets.set(key, e.obj);
  }

  private onPod(e: Recorded): void {
    const p = e.obj;
    const uid = p.metadata.uid;
    const known = this.pods.has(uid);
    const list = this.history.get(p.metadata.namespace) ?? [];
    this.history.set(p.metadata.namespace, list);
    list.push({ type: e.type, name: p.metadata.name, uid, rv: e.rv, phase: p.status?.phase, ready: isReady(p), terminating: !!p.metadata.deletionTimestamp });
    if (!known && e.type !== 'DELETED') this.onCreate(p, e);
    const startsDeleting = !this.deletingSeen.has(uid) && (!!p.metadata.deletionTimestamp || e.type === 'DELETED');
    if (startsDeleting) {
      this.deletingSeen.add(uid);
      const id = identity(p);
      if (id) this.deletionStartedAt.set(id.key, e.at);
      this.onDeleteStart(p, e.rv);
    }
    if (e.type === 'DELETED') this.pods.delete(uid);
    else this.pods.set(uid, p);
  }

  /** Live pods controlled by the set, by ordinal. */
  private members(set: string): Map<number, Obj[]> {
    const out = new Map<number, Obj[]>();
    for (const p of this.pods.values()) {
      const id = identity(p);
      if (id?.set === set) out.set(id.ordinal, [...(out.get(id.ordinal) ?? []), p]);
    }
    return out;
  }

  private liveSet(set: string): Obj | undefined {
    const s = this.sets.get(set);
    return s && !s.metadata.deletionTimestamp ? s : undefined;
  }

  /** True when ordinal `key` went terminating/missing so shortly before `at` that a controller could not have seen it. */
  private racedWithDeletion(key: string, at: number): boolean {
    const since = this.deletionStartedAt.get(key);
    return since !== undefined && at - since < RACE_WINDOW_MS;
  }

  private onCreate(p: Obj, e: Recorded): void {
    const rv = e.rv;
    const id = identity(p);
    if (!id) return;
    const members = this.members(id.set);
    const twins = members.get(id.ordinal) ?? [];
    if (twins.length) this.violations.push(`rv ${rv}: duplicate identity ${id.key}: ${p.metadata.name} (uid ${p.metadata.uid}) created while uid ${twins[0].metadata.uid} is still live${twins[0].metadata.deletionTimestamp ? ' (Terminating)' : ''}`);
    const set = this.liveSet(id.set);
    if (!set || set.spec?.podManagementPolicy === 'Parallel') return;
    const start = set.spec?.ordinals?.start ?? 0;
    for (let o = start; o < id.ordinal; o++) {
      const lower = members.get(o)?.[0];
      const why = !lower ? 'missing' : lower.metadata.deletionTimestamp ? 'terminating' : !isReady(lower) ? `not Running+Ready (phase ${lower.status?.phase ?? ''})` : '';
      if ((why === 'missing' || why === 'terminating') && this.racedWithDeletion(`${id.set}/${o}`, e.at)) continue;
      if (why) this.violations.push(`rv ${rv}: OrderedReady violation: ${p.metadata.name} created while ordinal ${o} is ${why}`);
    }
  }

  private onDeleteStart(p: Obj, rv: number): void {
    const id = identity(p);
    if (!id) return;
    const set = this.liveSet(id.set);
    if (!set || set.spec?.podManagementPolicy === 'Parallel') return;
    const start = set.spec?.ordinals?.start ?? 0;
    const replicas = set.spec?.replicas ?? 1;
    if (id.ordinal >= start && id.ordinal < start + replicas) return; // not a scale-down
    const higher = [...this.members(id.set).keys()].filter((o) => o > id.ordinal && (o < start || o >= start + replicas));
    if (higher.length) this.violations.push(`rv ${rv}: OrderedReady scale-down violation: ${p.metadata.name} deleted while ${higher.map((o) => `ordinal ${o}`).join(', ')} still exists`);
  }
}

export class InvariantChecker {
  private readonly events: Recorded[] = [];
  private readonly aborts: AbortController[] = [];
  private readonly lastRv = { pod: 0, set: 0 };
  private stopped = false;
  private readonly problems: string[] = [];

  private constructor(private readonly kc: k8s.KubeConfig) {}

  /** Lists pods and StatefulSets in every namespace, then watches from there. */
  static async start(kc: k8s.KubeConfig): Promise<InvariantChecker> {
    const c = new InvariantChecker(kc);
    await Promise.all([c.follow('pod', '/api/v1/pods'), c.follow('set', '/apis/apps/v1/statefulsets')]);
    return c;
  }

  private async list(path: string): Promise<{ items: Obj[]; rv: string }> {
    const core = this.kc.makeApiClient(k8s.CoreV1Api);
    const apps = this.kc.makeApiClient(k8s.AppsV1Api);
    const r = path.startsWith('/api/v1') ? await core.listPodForAllNamespaces() : await apps.listStatefulSetForAllNamespaces();
    return { items: r.items as unknown as Obj[], rv: r.metadata!.resourceVersion! };
  }

  private async follow(kind: 'pod' | 'set', path: string): Promise<void> {
    const { items, rv } = await this.list(path);
    for (const o of items) this.record(kind, 'ADDED', o, true);
    this.lastRv[kind] = Math.max(this.lastRv[kind], Number(rv));
    await this.watch(kind, path);
  }

  private record(kind: 'pod' | 'set', type: Recorded['type'], obj: Obj, initial = false): void {
    const rv = Number(obj.metadata.resourceVersion);
    if (!initial && rv <= this.lastRv[kind]) return; // replayed after a reconnect
    this.events.push({ kind, type, rv, obj, at: Date.now() });
    this.lastRv[kind] = Math.max(this.lastRv[kind], rv);
  }

  private async watch(kind: 'pod' | 'set', path: string): Promise<void> {
    const w = new k8s.Watch(this.kc);
    const onEvent = (type: string, obj: Obj) => {
      if (type === 'ADDED' || type === 'MODIFIED' || type === 'DELETED') this.record(kind, type, obj);
      else if (type === 'ERROR') this.problems.push(`${kind} watch error: ${JSON.stringify(obj)}`);
    };
    const onDone = (err: unknown) => {
      if (this.stopped) return;
      if (err && !/aborted/i.test(String(err))) this.problems.push(`${kind} watch ended: ${String(err)}`);
      void this.watch(kind, path).catch((e) => this.problems.push(`${kind} re-watch failed: ${String(e)}`));
    };
    const ac = await w.watch(path, { resourceVersion: String(this.lastRv[kind]), allowWatchBookmarks: false }, onEvent, onDone);
    this.aborts.push(ac);
  }

  /** Waits until both watches have seen every pod and StatefulSet that a fresh list shows (and no deleted one lingers). */
  async settle(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const [pods, sets] = await Promise.all([this.list('/api/v1/pods'), this.list('/apis/apps/v1/statefulsets')]);
      if (this.caughtUp('pod', pods.items) && this.caughtUp('set', sets.items)) return;
      if (Date.now() > deadline) throw new Error('invariant checker: the watches did not catch up with the API server');
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Whether the recorded stream of `kind` holds each listed object at its listed resourceVersion or later. */
  private caughtUp(kind: 'pod' | 'set', items: Obj[]): boolean {
    const live = new Map<string, number>();
    for (const e of this.events.filter((x) => x.kind === kind).sort((a, b) => a.rv - b.rv)) {
      if (e.type === 'DELETED') live.delete(e.obj.metadata.uid);
      else live.set(e.obj.metadata.uid, e.rv);
    }
    return items.length === live.size && items.every((o) => (live.get(o.metadata.uid) ?? -1) >= Number(o.metadata.resourceVersion));
  }

  /** Violations found so far (a pure replay of what was recorded). */
  violations(): string[] {
    return [...this.problems, ...new Replay().run(this.events).violations];
  }

  /** The pod events of one namespace in API order. */
  podHistory(namespace: string): PodEvent[] {
    return new Replay().run(this.events).history.get(namespace) ?? [];
  }

  /** Names of pods in `namespace` in the order they were ADDED (or DELETED). */
  order(namespace: string, type: 'ADDED' | 'DELETED'): string[] {
    return this.podHistory(namespace)
      .filter((e) => e.type === type)
      .map((e) => e.name);
  }

  async assertClean(): Promise<void> {
    await this.settle();
    assert.deepEqual(this.violations(), [], 'StatefulSet invariants were violated');
  }

  stop(): void {
    this.stopped = true;
    for (const a of this.aborts) a.abort();
  }

  /** Test hook: feed synthetic events (for the checker's own unit test); `at` defaults to 10 s per resourceVersion. */
  static replay(events: { kind: 'pod' | 'set'; type: Recorded['type']; obj: Obj; at?: number }[]): string[] {
    return new Replay().run(events.map((e) => ({ ...e, rv: Number(e.obj.metadata.resourceVersion), at: e.at ?? Number(e.obj.metadata.resourceVersion) * 10_000 }))).violations;
  }
}
