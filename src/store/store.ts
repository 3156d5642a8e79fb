// The narrow storage interface behind the API server. Only src/apiserver uses it: controllers,
// scheduler and node agents talk to the API (docs/adr/0001-api-only.md).
//
// Contract:
// - One global, monotonically increasing resourceVersion (rv) for every write of every resource.
// - A write's promise resolves only after it is durable (committed to SQLite and the log synced);
//   watch events are published in rv order at the same moment, so nobody observes an event that
//   could be lost.
// - Two views. The published view (getPublished, listPublished, publishedRv, watch) holds released
//   = durable writes only: serve clients from it, and never hand out an rv above publishedRv() (a
//   crash could give that rv to a different write, and a watch from it would skip events). The
//   latest view (get, list, currentRv) also holds writes still on their way to disk: it is for
//   the write path, so preconditions and read-modify-write see every earlier write.
// - Optimistic concurrency: `expectedRv` mismatch → ConflictError; create of an existing key →
//   ExistsError; update/delete of a missing key → NotFoundError. The API layer maps these to Status.
// - Objects handed out are frozen; callers clone before mutating.

import type { KubeObject } from '../apimachinery/types.js';

export interface StoredObject {
  readonly resource: string; // "apps/statefulsets", "pods" (group/plural; core has no group)
  readonly namespace: string; // '' for cluster-scoped
  readonly name: string;
  readonly rv: number;
  readonly obj: Readonly<KubeObject>;
  /** obj serialized once, reused by LIST and watch fan-out. */
  readonly json: string;
}

export type StoreEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  readonly type: StoreEventType;
  readonly rv: number;
  readonly object: StoredObject;
  /** The state before this event (MODIFIED, DELETED), so selector-filtered watches can see transitions. */
  readonly prev?: StoredObject;
}

export class StoreConflictError extends Error {}
export class StoreExistsError extends Error {}
export class StoreNotFoundError extends Error {}
/** The requested resourceVersion is older than the watch history window. */
export class StoreExpiredError extends Error {
  constructor(
    readonly requested: number,
    readonly oldest: number,
  ) {
    super(`too old resource version: ${requested} (${oldest})`);
  }
}

export interface WatchSubscription {
  close(): void;
}

export interface Store {
  /** The last rv assigned, durable or not (write path only; see publishedRv). */
  currentRv(): number;
  /**
   * The rv of the last event released to watchers: every write up to it is durable and in the
   * published view, and a watch from it misses nothing. What lists and bookmarks report.
   */
  publishedRv(): number;
  /** The latest version, including writes not yet durable (write path). */
  get(resource: string, namespace: string, name: string): StoredObject | undefined;
  /** Latest objects of a resource, optionally one namespace, sorted by namespace/name (write path). */
  list(resource: string, namespace?: string): StoredObject[];
  /** The version as of publishedRv(): what a GET returns. */
  getPublished(resource: string, namespace: string, name: string): StoredObject | undefined;
  /** Objects as of publishedRv(), sorted by namespace/name: what a LIST or a watch's initial events show. */
  listPublished(resource: string, namespace?: string): StoredObject[];
  count(resource: string): number;
  create(resource: string, obj: KubeObject): Promise<StoredObject>;
  update(resource: string, obj: KubeObject, expectedRv?: number): Promise<StoredObject>;
  delete(resource: string, namespace: string, name: string, expectedRv?: number): Promise<StoredObject>;
  /**
   * Events of `resource` with rv > fromRv, first replayed from the history window, then live.
   * Throws StoreExpiredError when fromRv is older than the window.
   */
  watch(resource: string, fromRv: number, onEvent: (e: StoreEvent) => void): WatchSubscription;
  close(): void;
}
