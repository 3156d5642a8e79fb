// ApiClient over a Transport: builds Kubernetes REST paths from ResourceRefs, encodes bodies,
// and turns Status responses into ApiErrors.

import { ApiError, errors } from '../apimachinery/errors.js';
import type { KubeList, KubeObject, ResourceRef, Status, WatchEvent } from '../apimachinery/types.js';
import type { ApiClient, DeleteOptions, ListOptions, PatchType, WatchHandle, WatchOptions, WriteOptions } from './api-client.js';
import type { Transport, TransportRequest } from './transport.js';

const PATCH_TYPES: Record<PatchType, string> = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
};

/** /api/v1/namespaces/ns/pods/name/status */
export function refPath(ref: ResourceRef): string {
  let path = ref.group ? `/apis/${ref.group}/${ref.version}` : `/api/${ref.version}`;
  if (ref.namespace) path += `/namespaces/${encodeURIComponent(ref.namespace)}`;
  path += `/${ref.resource}`;
  if (ref.name) path += `/${encodeURIComponent(ref.name)}`;
  if (ref.subresource) path += `/${ref.subresource}`;
  return path;
}

function query(opts: Record<string, unknown> | undefined): URLSearchParams {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(opts ?? {})) {
    if (v === undefined || v === null || v === '') continue;
    if (k === 'dryRun') {
      if (v) q.set('dryRun', 'All');
      continue;
    }
    q.set(k, String(v));
  }
  return q;
}

function parseStatusBody(status: number, body: string): ApiError {
  try {
    const s = JSON.parse(body) as Status;
    if (s && s.kind === 'Status') return new ApiError(s);
  } catch {
    // not JSON: fall through
  }
  const e = errors.internal(body.slice(0, 300));
  e.status.code = status;
  return e;
}

export class RestClient implements ApiClient {
  constructor(private readonly transport: Transport) {}

  private async call<T>(req: TransportRequest): Promise<T> {
    const res = await this.transport.request(req);
    if (res.status >= 300) throw parseStatusBody(res.status, res.body);
    return JSON.parse(res.body) as T;
  }

  /** GET of a non-resource path (discovery documents, /version). */
  getPath<T = unknown>(path: string): Promise<T> {
    return this.call<T>({ method: 'GET', path });
  }

  get<T extends KubeObject>(ref: ResourceRef): Promise<T> {
    return this.call<T>({ method: 'GET', path: refPath(ref) });
  }

  list<T extends KubeObject>(ref: ResourceRef, opts?: ListOptions): Promise<KubeList<T>> {
    return this.call<KubeList<T>>({ method: 'GET', path: refPath({ ...ref, name: undefined }), query: query(opts as Record<string, unknown>) });
  }

  create<T extends KubeObject>(ref: ResourceRef, obj: T, opts?: WriteOptions): Promise<T> {
    const ns = ref.namespace ?? obj.metadata?.namespace;
    return this.call<T>({
      method: 'POST',
      path: refPath({ ...ref, namespace: ns, name: ref.subresource ? ref.name : undefined }),
      query: query(opts as Record<string, unknown>),
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(obj),
      bodyIsStringified: true,
    });
  }

  update<T extends KubeObject>(ref: ResourceRef, obj: T, opts?: WriteOptions): Promise<T> {
    const r = { ...ref, namespace: ref.namespace ?? obj.metadata?.namespace, name: ref.name ?? obj.metadata?.name };
    return this.call<T>({
      method: 'PUT',
      path: refPath(r),
      query: query(opts as Record<string, unknown>),
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(obj),
      bodyIsStringified: true,
    });
  }

  patch<T extends KubeObject>(ref: ResourceRef, type: PatchType, patch: unknown, opts?: WriteOptions): Promise<T> {
    return this.call<T>({
      method: 'PATCH',
      path: refPath(ref),
      query: query(opts as Record<string, unknown>),
      headers: { 'content-type': PATCH_TYPES[type] },
      body: typeof patch === 'string' ? patch : JSON.stringify(patch),
      bodyIsStringified: typeof patch !== 'string',
    });
  }

  delete(ref: ResourceRef, opts?: DeleteOptions): Promise<KubeObject | Status> {
    const body: Record<string, unknown> = { kind: 'DeleteOptions', apiVersion: 'v1', ...(opts ?? {}) };
    if (opts?.dryRun) body.dryRun = ['All'];
    return this.call<KubeObject | Status>({
      method: 'DELETE',
      path: refPath(ref),
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  watch(ref: ResourceRef, opts: WatchOptions, onEvent: (e: WatchEvent) => void): WatchHandle {
    const q = query({ ...(opts as Record<string, unknown>), watch: 'true' });
    let resolveDone!: () => void;
    const done = new Promise<void>((r) => (resolveDone = r));
    const stop = this.transport.stream(
      { method: 'GET', path: refPath({ ...ref, name: undefined }), query: q },
      (line) => {
        const e = JSON.parse(line) as WatchEvent | Status;
        if ((e as Status).kind === 'Status') onEvent({ type: 'ERROR', object: e as unknown as KubeObject });
        else onEvent(e as WatchEvent);
      },
      () => resolveDone(),
      // In-process: the server's frozen object as is (informers freeze what they cache anyway).
      (type, object) => onEvent({ type, object: object as KubeObject }),
    );
    return { stop, done };
  }
}
