// The one interface every Ordinal component (controllers, scheduler, node agents, DNS, IPAM, CLI)
// uses to talk to Kubernetes. It is the Kubernetes REST API and nothing more: the same calls work
// against the sandbox (in-process or over HTTPS) and against a real cluster. No component may reach
// into the store; see docs/adr/0001-api-only.md.

import type { KubeList, KubeObject, ResourceRef, Status, WatchEvent } from '../apimachinery/types.js';

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
  resourceVersion?: string;
  resourceVersionMatch?: 'NotOlderThan' | 'Exact';
}

export interface WatchOptions extends ListOptions {
  allowWatchBookmarks?: boolean;
  sendInitialEvents?: boolean;
  timeoutSeconds?: number;
}

export interface WriteOptions {
  dryRun?: boolean;
  fieldValidation?: 'Strict' | 'Warn' | 'Ignore';
  fieldManager?: string;
}

export type PatchType = 'json' | 'merge' | 'strategic';

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: boolean;
}

/** A running watch. `done` settles when the server ends the stream or `stop()` is called. */
export interface WatchHandle {
  stop(): void;
  readonly done: Promise<void>;
}

/**
 * Kubernetes REST verbs over a ResourceRef. Every failure is thrown as an ApiError carrying the
 * server's Status (404 NotFound, 409 Conflict, 422 Invalid, ...). Nothing retries implicitly:
 * callers decide (e.g. the status updater retries on conflict).
 */
export interface ApiClient {
  get<T extends KubeObject = KubeObject>(ref: ResourceRef): Promise<T>;
  list<T extends KubeObject = KubeObject>(ref: ResourceRef, opts?: ListOptions): Promise<KubeList<T>>;
  create<T extends KubeObject = KubeObject>(ref: ResourceRef, obj: T, opts?: WriteOptions): Promise<T>;
  /** PUT. `ref.name` defaults to obj.metadata.name. */
  update<T extends KubeObject = KubeObject>(ref: ResourceRef, obj: T, opts?: WriteOptions): Promise<T>;
  patch<T extends KubeObject = KubeObject>(ref: ResourceRef, type: PatchType, patch: unknown, opts?: WriteOptions): Promise<T>;
  delete(ref: ResourceRef, opts?: DeleteOptions): Promise<KubeObject | Status>;
  /** Streams events (including BOOKMARK and ERROR) to `onEvent` until the stream ends. */
  watch(ref: ResourceRef, opts: WatchOptions, onEvent: (e: WatchEvent) => void): WatchHandle;
}
