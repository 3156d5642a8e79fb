// Calls the API server's handler directly: the sandbox's own controllers skip TLS and sockets but
// go through exactly the same request handling as kubectl does. Watch events are handed over as the
// store's deep-frozen objects when the caller takes them (onObject): no JSON per event and watcher,
// and the informers' caches share the objects with the store instead of holding parsed copies.

import type { ApiRequest, ApiResponse } from '../apiserver/request.js';
import type { ObjectEventSink, Transport, TransportRequest, TransportResponse } from './transport.js';

export class InProcessTransport implements Transport {
  constructor(private readonly handle: (req: ApiRequest) => Promise<ApiResponse>) {}

  private toApiRequest(req: TransportRequest): ApiRequest {
    const headers: Record<string, string> = { accept: 'application/json' };
    for (const [k, v] of Object.entries(req.headers ?? {})) headers[k.toLowerCase()] = v;
    return {
      method: req.method,
      path: req.path,
      query: req.query ?? new URLSearchParams(),
      headers,
      body: req.body === undefined ? undefined : Buffer.from(req.body),
      bodyIsStringified: req.bodyIsStringified,
    };
  }

  async request(req: TransportRequest): Promise<TransportResponse> {
    const res = await this.handle(this.toApiRequest(req));
    if (res.watch) throw new Error('unexpected watch response to a plain request');
    return { status: res.status, body: res.body ?? '' };
  }

  stream(req: TransportRequest, onLine: (line: string) => void, onEnd: (err?: Error) => void, onObject?: ObjectEventSink): () => void {
    let ended = false;
    let stopStream: (() => void) | undefined;
    const end = (err?: Error): void => {
      if (ended) return;
      ended = true;
      stopStream?.();
      onEnd(err);
    };
    this.handle(this.toApiRequest(req)).then(
      (res) => {
        if (ended) return;
        if (!res.watch) {
          onLine(res.body ?? '{}');
          end();
          return;
        }
        stopStream = res.watch.start({
          // Deliver asynchronously, as a socket would: the store must never run client code inline.
          send: (json) => queueMicrotask(() => !ended && onLine(json)),
          sendObject: onObject && ((type, obj) => queueMicrotask(() => !ended && onObject(type, obj))),
          end: () => queueMicrotask(() => end()),
        });
      },
      (err: Error) => end(err),
    );
    return () => end();
  }
}
