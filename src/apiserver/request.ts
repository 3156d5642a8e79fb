// The transport-neutral request and response the API server handles. The HTTPS adapter and the
// in-process client both produce ApiRequests and consume ApiResponses, so both see identical
// semantics (one code path for validation, admission, storage and watch).

import { errors } from '../apimachinery/errors.js';
import type { KubeObject } from '../apimachinery/types.js';

export interface ApiRequest {
  method: string;
  /** Path without query, e.g. /apis/apps/v1/namespaces/default/statefulsets/web */
  path: string;
  query: URLSearchParams;
  /** Lower-cased header names. */
  headers: Record<string, string | undefined>;
  body?: Buffer;
  /**
   * The body is JSON.stringify's output, made in this process (an in-process client): it cannot
   * repeat a key, so the duplicate-field scan, a pass over the raw text, is skipped. Never set from
   * the network.
   */
  bodyIsStringified?: boolean;
}

/** A stream of watch events already serialized as JSON (one per event, no newline). */
export interface WatchStreamSink {
  send(json: string): void;
  /**
   * In-process sinks only: takes the store's deep-frozen object instead of its JSON, so a watch
   * event costs no serialize/parse per watcher. Used only when the stored form is exactly what the
   * watcher would be sent (no version conversion, no table rendering).
   */
  sendObject?(type: 'ADDED' | 'MODIFIED' | 'DELETED', obj: Readonly<KubeObject>): void;
  /**
   * Socket sinks only: the event's line (JSON and newline) already encoded, shared by every
   * watcher the event goes to (see watch.ts, sharedLine).
   */
  sendLine?(line: Buffer): void;
  end(): void;
}

export interface WatchStream {
  /** Starts delivering to `sink`; returns a function that stops the stream. */
  start(sink: WatchStreamSink): () => void;
}

export interface ApiResponse {
  status: number;
  headers?: Record<string, string>;
  /** JSON text (or plain text for logs). Absent for watches. */
  body?: string;
  contentType?: string;
  watch?: WatchStream;
}

export type Verb =
  | 'get'
  | 'list'
  | 'watch'
  | 'create'
  | 'update'
  | 'patch'
  | 'delete'
  | 'deletecollection';

export interface RequestInfo {
  isResourceRequest: boolean;
  path: string;
  verb: Verb | string;
  apiPrefix?: 'api' | 'apis';
  group: string;
  version: string;
  namespace: string; // '' when none
  resource: string;
  name: string;
  subresource: string;
  parts: string[];
}

// Namespace subresources that look like resources in /api/v1/namespaces/{name}/{sub}.
const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

/** A percent-decoded path segment; a malformed escape is the client's error (400), as Go's URL parser says. */
function decodeSegment(segment: string): string {
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    throw errors.badRequest(`invalid URL escape in path segment ${JSON.stringify(segment)}`);
  }
}

/** Parses a request path the way k8s.io/apiserver's RequestInfoFactory does. */
export function parseRequestInfo(method: string, path: string, query: URLSearchParams): RequestInfo {
  const parts = path.split('/').filter(Boolean).map(decodeSegment);
  const info: RequestInfo = {
    isResourceRequest: false,
    path,
    verb: method.toLowerCase(),
    group: '',
    version: '',
    namespace: '',
    resource: '',
    name: '',
    subresource: '',
    parts,
  };
  if (parts[0] !== 'api' && parts[0] !== 'apis') return info;
  info.apiPrefix = parts[0];
  let rest: string[];
  if (parts[0] === 'api') {
    if (parts.length < 2) return info;
    info.version = parts[1];
    rest = parts.slice(2);
  } else {
    if (parts.length < 3) return info;
    info.group = parts[1];
    info.version = parts[2];
    rest = parts.slice(3);
  }
  if (rest.length === 0) return info;
  info.isResourceRequest = true;
  if (rest[0] === 'namespaces' && rest.length > 1) {
    info.namespace = rest[1];
    if (rest.length > 2 && !NAMESPACE_SUBRESOURCES.has(rest[2])) rest = rest.slice(2);
  }
  info.resource = rest[0] ?? '';
  info.name = rest[1] ?? '';
  info.subresource = rest[2] ?? '';
  if (rest[0] === 'namespaces' && info.namespace && rest.length <= 3 && rest[1] === info.namespace) {
    // /api/v1/namespaces/{name}[/{sub}] addresses the Namespace itself.
    info.namespace = '';
  }
  info.verb = verbOf(method, info, query);
  return info;
}

function verbOf(method: string, info: RequestInfo, query: URLSearchParams): string {
  const watch = query.get('watch');
  const isWatch = watch === 'true' || watch === '1';
  switch (method.toUpperCase()) {
    case 'GET':
    case 'HEAD':
      if (isWatch) return 'watch';
      return info.name ? 'get' : 'list';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return info.name ? 'delete' : 'deletecollection';
    default:
      return method.toLowerCase();
  }
}
