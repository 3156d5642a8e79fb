// Watches the pods of a namespace and records, per pod name, when it was first seen scheduled
// (spec.nodeName set), when it first became Ready, its node and UID. Benchmarks derive their
// scheduling and readiness figures from these timestamps (performance.now() of this process).

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
}

export const isReady = (p: KubeObject): boolean =>
  !!p.status?.conditions?.some((c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True');

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
    rec.image = p.spec?.containers?.[0]?.image;
    if (type === 'DELETED' || p.metadata.deletionTimestamp) rec.deletedAt ??= now;
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
