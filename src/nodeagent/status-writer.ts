// Coalescing pod status writes. PodSims only mark themselves dirty; a flush on the next turn
// renders each dirty pod once and patches the status subresource only if the kubelet-owned part
// differs from what the API holds, with at most `concurrency` writes in flight and never two for
// one pod. So a pod that passes several zero-delay stages in one turn costs one write, and 10,000
// pods are bounded by the API, not by the agent.

import { ApiError } from '../apimachinery/errors.js';
import type { KubeObject } from '../apimachinery/types.js';
import type { ApiClient, PatchType } from '../client/api-client.js';
import { R, at } from '../client/resources.js';
import type { Logger } from '../controller/logger.js';
import { KUBELET_CONDITIONS } from './pod-status.js';
import { sameValue, statusPatch } from './status-patch.js';

export interface StatusSource {
  readonly key: string;
  readonly uid: string;
  pod: KubeObject;
  status(): Record<string, any>;
}

export interface StatusWriterOptions {
  client: ApiClient;
  logger: Logger;
  concurrency?: number;
  patchType?: Extract<PatchType, 'strategic' | 'merge'>;
  /** Called with the pod the API returned after a successful write. */
  written?(src: StatusSource, pod: KubeObject): void;
}

const OWNED = new Set<string>(KUBELET_CONDITIONS);

const OWNED_FIELDS = ['phase', 'hostIP', 'hostIPs', 'podIP', 'podIPs', 'startTime', 'containerStatuses', 'initContainerStatuses'] as const;

/**
 * Whether two statuses agree on the kubelet-owned part (phase, IPs, start time, container
 * statuses, the kubelet's conditions), so a write would change nothing. Runs before every status
 * write: a structural comparison, no serialization.
 */
export function sameOwnedStatus(a: any, b: any): boolean {
  for (const f of OWNED_FIELDS) if (!sameValue(a?.[f], b?.[f])) return false;
  const owned = (s: any) => ((s?.conditions ?? []) as any[]).filter((c) => OWNED.has(c.type));
  const ca = owned(a);
  const cb = owned(b);
  if (ca.length !== cb.length) return false;
  // Condition types are unique within a pod: match them up by type, in any order.
  return ca.every((c) => sameValue(c, cb.find((d) => d.type === c.type)));
}

export class StatusWriter {
  private dirty = new Map<string, StatusSource>();
  private inFlight = new Set<string>();
  private again = new Map<string, StatusSource>();
  private scheduled = false;
  private active = 0;
  private queue: StatusSource[] = [];
  private readonly concurrency: number;
  private idleWaiters: Array<() => void> = [];
  private keyWaiters = new Map<string, Array<() => void>>();
  private stopped = false;

  constructor(private readonly opts: StatusWriterOptions) {
    this.concurrency = opts.concurrency ?? 64;
  }

  mark(src: StatusSource): void {
    if (this.stopped) return;
    if (this.inFlight.has(src.key)) {
      this.again.set(src.key, src);
      return;
    }
    this.dirty.set(src.key, src);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** Resolves once nothing is dirty or in flight (tests, shutdown). */
  idle(): Promise<void> {
    if (!this.dirty.size && !this.active && !this.queue.length && !this.again.size) return Promise.resolve();
    return new Promise((r) => this.idleWaiters.push(r));
  }

  /**
   * Resolves once this pod's status has been written (nothing dirty, queued or in flight for it).
   * Unlike idle(), it cannot be starved by other pods that keep changing.
   */
  settled(key: string): Promise<void> {
    if (this.stopped || !this.pending(key)) return Promise.resolve();
    return new Promise((r) => {
      const ws = this.keyWaiters.get(key) ?? [];
      ws.push(r);
      this.keyWaiters.set(key, ws);
    });
  }

  private pending(key: string): boolean {
    return this.dirty.has(key) || this.inFlight.has(key) || this.again.has(key) || this.queue.some((s) => s.key === key);
  }

  private notifySettled(key: string): void {
    const ws = this.keyWaiters.get(key);
    if (!ws || this.pending(key)) return;
    this.keyWaiters.delete(key);
    for (const w of ws) w();
  }

  stop(): void {
    this.stopped = true;
    this.dirty.clear();
    this.queue = [];
    for (const ws of this.keyWaiters.values()) for (const w of ws) w();
    this.keyWaiters.clear();
  }

  private flush(): void {
    this.scheduled = false;
    for (const src of this.dirty.values()) this.queue.push(src);
    this.dirty.clear();
    this.pump();
  }

  private pump(): void {
    while (this.active < this.concurrency && this.queue.length) {
      const src = this.queue.shift()!;
      if (this.inFlight.has(src.key)) {
        this.again.set(src.key, src);
        continue;
      }
      this.active++;
      this.inFlight.add(src.key);
      void this.write(src).finally(() => this.done(src));
    }
    if (!this.active && !this.queue.length && !this.dirty.size) for (const w of this.idleWaiters.splice(0)) w();
  }

  private done(src: StatusSource): void {
    this.active--;
    this.inFlight.delete(src.key);
    const again = this.again.get(src.key);
    if (again) {
      this.again.delete(src.key);
      this.mark(again);
    }
    this.pump();
    this.notifySettled(src.key);
  }

  private async write(src: StatusSource): Promise<void> {
    if (this.stopped) return;
    const desired = src.status();
    if (sameOwnedStatus(desired, src.pod.status)) return;
    const ns = src.pod.metadata.namespace!;
    const name = src.pod.metadata.name!;
    const type = this.opts.patchType ?? 'strategic';
    const status = type === 'strategic' ? statusPatch(desired, src.pod.status) : this.mergeBody(src, desired);
    if (Object.keys(status).length === 0) return; // only fields the agent does not write differ
    // The uid is a precondition, as in kubelet's status patch: a pod deleted and re-created under
    // the same name (a StatefulSet's) must never receive the old pod's status.
    const body = src.uid ? { metadata: { uid: src.uid }, status } : { status };
    try {
      const pod = await this.opts.client.patch(at(R.pods, ns, name, 'status'), type, body);
      if (pod.metadata.uid === src.uid) this.opts.written?.(src, pod);
    } catch (e) {
      if (e instanceof ApiError && e.code === 404) return; // gone meanwhile; the informer will tell
      if (e instanceof ApiError && e.code === 409 && (await this.replaced(src))) return;
      this.opts.logger.warn({ err: e, pod: src.key }, 'failed to update pod status; will retry');
      setTimeout(() => this.mark(src), 200).unref?.();
    }
  }

  /** After a 409: whether the pod is gone or now another pod of the same name (uid precondition failed). */
  private async replaced(src: StatusSource): Promise<boolean> {
    try {
      const cur = await this.opts.client.get(at(R.pods, src.pod.metadata.namespace!, src.pod.metadata.name!));
      return cur.metadata.uid !== src.uid;
    } catch (e) {
      return e instanceof ApiError && e.code === 404;
    }
  }

  /** A JSON merge patch replaces lists: carry the conditions other controllers own. */
  private mergeBody(src: StatusSource, desired: Record<string, any>): Record<string, any> {
    const foreign = (src.pod.status?.conditions ?? []).filter((c: any) => !OWNED.has(c.type));
    return { ...desired, conditions: [...foreign, ...desired.conditions] };
  }
}
