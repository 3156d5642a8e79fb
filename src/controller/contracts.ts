// Contracts of the shared controller machinery (informers, work queue, reconcile loop, events).
// Every controller, the scheduler and the node agents are built from these pieces; implementations
// live beside this file (informer.ts, workqueue.ts, controller.ts, events.ts).

import type { KubeObject, LabelSelector, ResourceRef } from '../apimachinery/types.js';
import type { ListOptions } from '../client/api-client.js';

export type Handler<T> = {
  add?(obj: T): void;
  update?(oldObj: T, newObj: T): void;
  /** Receives the last known state of the deleted object. */
  delete?(obj: T): void;
};

/**
 * A list+watch cache of one resource (client-go's SharedIndexInformer, reduced).
 * Cached objects are frozen: never mutate them, structuredClone first.
 * Relists on 410 Expired, emits deletes for objects that vanished across a relist, skips updates
 * whose resourceVersion did not change, and reconnects with capped back-off.
 */
export interface Informer<T extends KubeObject = KubeObject> {
  readonly ref: ResourceRef;
  addHandler(h: Handler<T>): void;
  start(): Promise<void>; // resolves once the first list has been delivered (hasSynced)
  stop(): void;
  hasSynced(): boolean;
  /** By "ns/name" (or "name" for cluster-scoped). */
  get(key: string): T | undefined;
  /** All cached objects, or those of one namespace. */
  list(namespace?: string): T[];
  /** Cached objects of a namespace whose labels match the selector (a metav1.LabelSelector or a selector string). */
  listBySelector?(namespace: string | undefined, selector: string | LabelSelector): T[];
}

export interface InformerOptions extends Pick<ListOptions, 'labelSelector' | 'fieldSelector'> {
  namespace?: string;
  /**
   * Cache and hand out only each object's metadata (kind PartialObjectMetadata), as client-go's
   * metadata informers do: for consumers that read nothing else, like the garbage collector, so
   * that their cache of every object in the cluster does not keep every object whole.
   */
  metadataOnly?: boolean;
}

/** client-go's rate limiter strategy. */
export interface RateLimiter {
  when(key: string): number; // ms to wait before the next retry of key
  forget(key: string): void;
  numRequeues(key: string): number;
}

/**
 * Keyed work queue with client-go semantics: fair (FIFO), stingy (a key queued twice is processed
 * once; never two workers on one key: a key re-added while processing is re-queued after done()).
 */
export interface WorkQueue {
  add(key: string): void;
  addAfter(key: string, ms: number): void;
  addRateLimited(key: string): void;
  forget(key: string): void;
  numRequeues(key: string): number;
  /** Resolves with the next key, or undefined once shut down. */
  get(): Promise<string | undefined>;
  done(key: string): void;
  len(): number;
  shutDown(): void;
}

/** What a reconcile asks for. Throwing = rate-limited retry; TerminalError = drop without retry. */
export interface Result {
  requeueAfterMs?: number;
}

export class TerminalError extends Error {}

export interface Reconciler {
  reconcile(key: string): Promise<Result | void>;
}

/** Records Events (core/v1) against an object, aggregating repeats as kube's recorder does (count, lastTimestamp). */
export interface EventRecorder {
  event(obj: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string): void;
}
