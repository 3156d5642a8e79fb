// How a RestClient reaches an API server: over HTTP(S) (kubectl's path, and a real cluster's) or
// in-process (the sandbox's controllers, same handler, no socket). Bodies are JSON text either way,
// so both paths have identical semantics, including deep copies of every object — except watch
// events in-process, which carry the store's deep-frozen object (see ObjectEventSink).

import type { KubeObject } from '../apimachinery/types.js';

export interface TransportRequest {
  method: string;
  path: string;
  query?: URLSearchParams;
  headers?: Record<string, string>;
  body?: string;
  /** `body` is JSON.stringify's output (see ApiRequest.bodyIsStringified); only in-process transports use it. */
  bodyIsStringified?: boolean;
}

export interface TransportResponse {
  status: number;
  body: string;
}

/** A watch event whose object is the server's own deep-frozen copy (never mutate it). */
export type ObjectEventSink = (type: 'ADDED' | 'MODIFIED' | 'DELETED', obj: Readonly<KubeObject>) => void;

export interface Transport {
  request(req: TransportRequest): Promise<TransportResponse>;
  /**
   * Opens a streaming request (watch). `onLine` gets each JSON line; `onEnd` fires exactly once
   * when the stream ends (with an error if it failed) — also after stop().
   * A non-200 answer is delivered as a single line holding the Status, then onEnd.
   * A transport that can hand over the server's frozen objects (in-process) calls `onObject`
   * instead of `onLine` for those events; others ignore it.
   */
  stream(req: TransportRequest, onLine: (line: string) => void, onEnd: (err?: Error) => void, onObject?: ObjectEventSink): () => void;
}
