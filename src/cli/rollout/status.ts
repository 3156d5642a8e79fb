// `ordinal rollout status sts/NAME|asts/NAME`: follow a rollout until kubectl's completion rule
// says done (or --timeout passes). Three list+watch caches feed it: the set itself (field-selected
// by name), its pods (by the set's selector, for per-revision counts) and the Events of the set and
// its pods (field-selected on involvedObject), printed as they arrive.

import { ApiError } from '../../apimachinery/errors.js';
import type { KubeObject } from '../../apimachinery/types.js';
import type { ApiClient } from '../../client/api-client.js';
import { R, at } from '../../client/resources.js';
import { createInformer, type SharedInformer } from '../../controller/informer.js';
import { CliError } from '../kube.js';
import { formatDuration, painter, type Painter } from './format.js';
import { revisionCounts, selectorString, verdict } from './progress.js';
import type { Renderer } from './render.js';
import type { RolloutTarget } from './target.js';

/** Events this much older than the command are always shown: the rollout usually began just before. */
const EVENT_LOOKBACK_MS = 5000;
/** Never further back than this, even for a rollout that began long ago (or reuses an old revision). */
const MAX_LOOKBACK_MS = 60_000;

/**
 * From when to show events: a rollout in progress began when its update revision was created, so
 * its first deletes and in-place updates are shown even when the command started seconds later.
 */
export async function eventsSince(client: ApiClient, set: KubeObject, now: number): Promise<number> {
  const st = set.status ?? {};
  const floor = now - EVENT_LOOKBACK_MS;
  if (!st.updateRevision || st.updateRevision === st.currentRevision) return floor;
  const rev = await client.get(at(R.controllerrevisions, set.metadata.namespace, st.updateRevision)).catch(() => undefined);
  const created = Date.parse(rev?.metadata.creationTimestamp ?? '');
  if (Number.isNaN(created)) return floor;
  // Timestamps have one-second resolution: start at the beginning of that second.
  return Math.min(floor, Math.max(now - MAX_LOOKBACK_MS, created - 1000));
}

export interface FollowOptions {
  namespace: string;
  /** 0 waits forever (kubectl's default). */
  timeoutMs: number;
  renderer: Renderer;
  paint?: Painter;
  now?: () => number;
}

export interface FollowResult {
  ok: boolean;
  message: string;
  elapsedMs: number;
}

/** Fetches the set, explaining a missing Kruise API rather than only saying 404. */
export async function getSet(client: ApiClient, t: RolloutTarget, ns: string): Promise<KubeObject> {
  try {
    return await client.get(at(t.ref, ns, t.name));
  } catch (e) {
    if (!(e instanceof ApiError) || e.code !== 404 || t.kind !== 'asts') throw e;
    const served = await client.list(at(t.ref, ns), { limit: 1 }).then(() => true, () => false);
    if (served) throw e;
    throw new CliError('the server does not serve apps.kruise.io/v1beta1 statefulsets: install the Advanced StatefulSet CRD (deploy/crds/apps.kruise.io_statefulsets.yaml) or use sts/NAME for an apps/v1 StatefulSet');
  }
}

function eventTime(ev: KubeObject): number {
  return Date.parse(ev.lastTimestamp ?? ev.eventTime ?? ev.firstTimestamp ?? ev.metadata.creationTimestamp ?? '') || 0;
}

/** "12:00:03  Normal   SuccessfulCreate  pod/web-1  create Pod web-1 in StatefulSet web successful" */
export function eventLine(ev: KubeObject, p: Painter = painter(false)): string {
  const t = eventTime(ev);
  const clock = t ? new Date(t).toTimeString().slice(0, 8) : '--:--:--';
  const type = ev.type === 'Warning' ? p.yellow('Warning') : 'Normal ';
  const obj = `${String(ev.involvedObject?.kind ?? '').toLowerCase()}/${ev.involvedObject?.name ?? ''}`;
  const count = (ev.count ?? 1) > 1 ? ` (x${ev.count})` : '';
  return `${p.dim(clock)}  ${type}  ${(ev.reason ?? '').padEnd(20)}  ${obj.padEnd(16)}  ${ev.message ?? ''}${count}`;
}

class Follower {
  private set?: KubeObject;
  private readonly informers: SharedInformer[] = [];
  private pods?: SharedInformer;
  private backlog?: KubeObject[] = [];
  private readonly printed = new Map<string, number>();
  private readonly started: number;
  private eventsFrom: number;
  private finish!: (r: FollowResult) => void;
  private fail!: (e: Error) => void;
  readonly result: Promise<FollowResult>;

  constructor(
    private readonly client: ApiClient,
    private readonly t: RolloutTarget,
    private readonly o: FollowOptions,
    initial: KubeObject,
  ) {
    this.started = this.now();
    this.eventsFrom = this.started - EVENT_LOOKBACK_MS;
    this.set = initial;
    this.result = new Promise<FollowResult>((res, rej) => {
      this.finish = res;
      this.fail = rej;
    });
  }

  private now(): number {
    return (this.o.now ?? Date.now)();
  }

  async run(): Promise<FollowResult> {
    const ns = this.o.namespace;
    this.eventsFrom = await eventsSince(this.client, this.set!, this.started);
    const podPattern = new RegExp(`^${this.t.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-\\d+$`);
    const sets = createInformer(this.client, this.t.ref, { namespace: ns, fieldSelector: `metadata.name=${this.t.name}` });
    const pods = (this.pods = createInformer(this.client, R.pods, { namespace: ns, labelSelector: selectorString(this.set!) }));
    const setEvents = createInformer(this.client, R.events, { namespace: ns, fieldSelector: `involvedObject.kind=${this.set!.kind ?? 'StatefulSet'},involvedObject.name=${this.t.name}` });
    const podEvents = createInformer(this.client, R.events, { namespace: ns, fieldSelector: 'involvedObject.kind=Pod' });
    this.informers.push(sets, pods, setEvents, podEvents);
    sets.addHandler({ add: (s) => this.setChanged(s), update: (_o, s) => this.setChanged(s), delete: () => this.fail(new CliError(`${this.t.display} was deleted while following its rollout`)) });
    const refresh = () => this.refresh(pods);
    pods.addHandler({ add: refresh, update: refresh, delete: refresh });
    const onEvent = (ev: KubeObject) => this.event(ev, podPattern);
    for (const inf of [setEvents, podEvents]) inf.addHandler({ add: onEvent, update: (_o, ev) => onEvent(ev) });
    const timer = this.o.timeoutMs > 0 ? setTimeout(() => this.fail(new CliError('timed out waiting for the condition')), this.o.timeoutMs) : undefined;
    try {
      await Promise.all(this.informers.map((i) => i.start()));
      this.flushBacklog();
      this.refresh(pods);
      return await this.result;
    } finally {
      if (timer) clearTimeout(timer);
      for (const i of this.informers) i.stop();
      this.o.renderer.stop();
    }
  }

  private setChanged(s: KubeObject): void {
    this.set = s;
    if (this.pods) this.refresh(this.pods);
  }

  private refresh(pods: SharedInformer): void {
    const set = this.set;
    if (!set || !pods.hasSynced()) return;
    const v = verdict(this.t.kind, set);
    if (v.error) return this.fail(new CliError(v.error));
    this.o.renderer.update({ desired: set.spec?.replicas ?? 1, revisions: revisionCounts(set, pods.list(this.o.namespace), this.now()), message: v.done ? '' : v.message, elapsedMs: this.now() - this.started });
    if (v.done) this.finish({ ok: true, message: v.message, elapsedMs: this.now() - this.started });
  }

  private event(ev: KubeObject, podPattern: RegExp): void {
    const inv = ev.involvedObject ?? {};
    if (inv.kind === 'Pod' && !podPattern.test(inv.name ?? '')) return;
    if (eventTime(ev) < this.eventsFrom) return;
    // A repeated event is the same object with a higher count: print each count once.
    const key = ev.metadata.uid ?? `${ev.metadata.namespace}/${ev.metadata.name}`;
    const count = ev.count ?? 1;
    if ((this.printed.get(key) ?? 0) >= count) return;
    this.printed.set(key, count);
    if (this.backlog) this.backlog.push(ev);
    else this.o.renderer.log(eventLine(ev, this.o.paint));
  }

  /** Events from the initial lists arrive grouped by object; show them in time order. */
  private flushBacklog(): void {
    const list = this.backlog ?? [];
    this.backlog = undefined;
    list.sort((a, b) => eventTime(a) - eventTime(b));
    for (const ev of list) this.o.renderer.log(eventLine(ev, this.o.paint));
  }
}

/** Follows the rollout; resolves when done, rejects with a CliError on timeout, deletion or OnDelete. */
export async function followRollout(client: ApiClient, t: RolloutTarget, o: FollowOptions): Promise<FollowResult> {
  const set = await getSet(client, t, o.namespace);
  const first = verdict(t.kind, set);
  if (first.error) throw new CliError(first.error);
  return new Follower(client, t, o, set).run();
}

export function doneLine(r: FollowResult): string {
  return `${r.message.replace(/\.\.\.$/, '')} (took ${formatDuration(r.elapsedMs)})`;
}
