// Watches the pods of a namespace and records, per pod name, when it was first seen scheduled
// (spec.nodeName set), when it first became Ready, its node and UID, and for in-place updates when
// the spec's image changed, when the container ran that image and when InPlaceUpdateReady turned
// True. Benchmarks derive their scheduling, readiness and per-hop figures from these timestamps
// (performance.now() of this process).

import { performance } from 'node:perf_hooks';
import type { KubeObject, WatchEvent } from '../../src/apimachinery/types.js';
import type { ApiClient, WatchHandle } from '../../src/client/api-client.js';
import { R, at } from '../../src/client/resources.js';

export interface PodTimes {
  name: string;
  uid: string;
  node?: string;
  image?: string;
  /** First event seen for this pod (its creation, give or take the watch delivery). */
  seenAt: number;
  scheduledAt?: number;
  readyAt?: number;
  deletedAt?: number;
  /** The pod object is gone (DELETED event). */
  goneAt?: number;
  /** The spec's image changed on this pod (an in-place update started). */
  imageAt?: number;
  /** The container first reported running the spec's image (since the last image change). */
  runningAt?: number;
  /** InPlaceUpdateReady first seen True (since the last image change). */
  gateAt?: number;
}

const conditionTrue = (p: KubeObject, type: string): boolean =>
  !!p.status?.conditions?.some((c: { type: string; status: string }) => c.type === type && c.status === 'True');

/** docker.io/library/x:1 → x:1 (the runtime reports the normalized name). */
const shortImage = (ref: string | undefined) => (ref ?? '').replace(/^docker\.io\/(library\/)?/, '');

export const isReady = (p: KubeObject): boolean => conditionTrue(p, 'Ready');

export class PodTracker {
  /** Latest record per pod name (a re-created pod replaces the old record; old ones go to `history`). */
  readonly pods = new Map<string, PodTimes>();
  readonly history: PodTimes[] = [];
  private handle: WatchHandle | undefined;

  constructor(
    private readonly client: ApiClient,
    private readonly namespace: string,
  ) {}

  async start(): Promise<void> {
    const ref = at(R.pods, this.namespace);
    const list = await this.client.list(ref);
    for (const p of list.items) this.observe(p, 'ADDED');
    this.handle = this.client.watch(ref, { resourceVersion: list.metadata.resourceVersion, allowWatchBookmarks: true }, (e: WatchEvent) => {
      if (e.type === 'ERROR' || e.type === 'BOOKMARK') return;
      this.observe(e.object, e.type);
    });
  }

  stop(): void {
    this.handle?.stop();
  }

  private observe(p: KubeObject, type: string): void {
    const name = p.metadata.name!;
    const now = performance.now();
    let rec = this.pods.get(name);
    if (!rec || rec.uid !== p.metadata.uid) {
      if (rec) this.history.push(rec);
      rec = { name, uid: p.metadata.uid!, seenAt: now };
      this.pods.set(name, rec);
    }
    if (p.spec?.nodeName && rec.scheduledAt === undefined) {
      rec.scheduledAt = now;
      rec.node = p.spec.nodeName;
    }
    if (isReady(p) && rec.readyAt === undefined) rec.readyAt = now;
    if (!isReady(p)) rec.readyAt = undefined;
    this.observeImage(rec, p, now);
    if (type === 'DELETED' || p.metadata.deletionTimestamp) rec.deletedAt ??= now;
    if (type === 'DELETED') rec.goneAt ??= now;
  }

  /** The in-place hops: spec image changed, container running it, InPlaceUpdateReady True. */
  private observeImage(rec: PodTimes, p: KubeObject, now: number): void {
    const image: string | undefined = p.spec?.containers?.[0]?.image;
    if (rec.image !== undefined && image !== rec.image) {
      rec.imageAt = now;
      rec.runningAt = rec.gateAt = undefined;
    }
    rec.image = image;
    const cs = p.status?.containerStatuses?.[0];
    if (rec.runningAt === undefined && cs?.state?.running && shortImage(cs.image) === shortImage(image)) rec.runningAt = now;
    if (rec.imageAt !== undefined && rec.gateAt === undefined && conditionTrue(p, 'InPlaceUpdateReady')) rec.gateAt = now;
  }

  /** Resolves once `cond` holds over the records (checked every 50 ms: cheap with 100,000 pods), or rejects after `ms`. */
  async waitFor(cond: (pods: Map<string, PodTimes>) => boolean, ms: number, what: string): Promise<void> {
    const end = performance.now() + ms;
    while (!cond(this.pods)) {
      if (performance.now() >= end) throw new Error(`timed out after ${ms / 1000} s waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** "last created +X ms, last scheduled +Y ms, last Ready +Z ms" relative to t0, for diagnosis. */
  timeline(pods: PodTimes[], t0: number): string {
    const last = (xs: Array<number | undefined>) => Math.max(...xs.filter((x): x is number => x !== undefined)) - t0;
    return `last pod created +${last(pods.map((p) => p.seenAt)).toFixed(0)} ms, last scheduled +${last(pods.map((p) => p.scheduledAt)).toFixed(0)} ms, last Ready +${last(pods.map((p) => p.readyAt)).toFixed(0)} ms`;
  }

  ready(filter: (p: PodTimes) => boolean = () => true): PodTimes[] {
    return [...this.pods.values()].filter((p) => p.readyAt !== undefined && p.deletedAt === undefined && filter(p));
  }
}
