// A transport across threads: a component in a worker of its own (src/sandbox/isolated-component.ts)
// sends its requests over a MessagePort, and the sandbox's thread answers them with the API server's
// handler (servePort), as InProcessTransport does in one thread. What crosses is what HTTP would
// carry, JSON text, so the semantics are kubectl's; what it saves against HTTPS to the sandbox's
// own port is TLS and HTTP framing on the API server's thread, which every write pays for.
// Watch lines are handed over in batches: one message for every stream's lines of the last 10 ms.
// A message costs the API server's thread about as much as the lines in it (a profile at 3,000
// writes/s had a message per turn take a tenth of that thread's time); a watcher in another
// isolate waits 10 ms more at most, which a controller does not notice.

import type { MessagePort } from 'node:worker_threads';
import type { ApiRequest, ApiResponse } from '../apiserver/request.js';
import { InProcessTransport } from './in-process-transport.js';
import type { Transport, TransportRequest, TransportResponse } from './transport.js';

/** A request as it crosses: URLSearchParams does not survive the structured clone, its text does. */
type WireRequest = Omit<TransportRequest, 'query'> & { query?: string };
type ToServer = { t: 'request'; id: number; req: WireRequest } | { t: 'watch'; id: number; req: WireRequest } | { t: 'stop'; id: number };
type ToClient =
  | { t: 'response'; id: number; res: TransportResponse }
  | { t: 'failed'; id: number; message: string }
  | { t: 'lines'; batches: [id: number, lines: string[]][] }
  | { t: 'end'; id: number; error?: string };

const toWire = (req: TransportRequest): WireRequest => ({ ...req, query: req.query?.toString() });
const fromWire = (req: WireRequest): TransportRequest => ({ ...req, query: req.query === undefined ? undefined : new URLSearchParams(req.query) });

interface OpenStream {
  onLine: (line: string) => void;
  onEnd: (err?: Error) => void;
}

/** The worker's side: a Transport whose server is at the other end of `port`. */
export class PortTransport implements Transport {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: TransportResponse) => void; reject: (e: Error) => void }>();
  private readonly streams = new Map<number, OpenStream>();

  constructor(private readonly port: MessagePort) {
    port.on('message', (m: ToClient) => this.receive(m));
  }

  request(req: TransportRequest): Promise<TransportResponse> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.send({ t: 'request', id, req: toWire(req) });
    });
  }

  stream(req: TransportRequest, onLine: (line: string) => void, onEnd: (err?: Error) => void): () => void {
    const id = this.nextId++;
    this.streams.set(id, { onLine, onEnd });
    this.send({ t: 'watch', id, req: toWire(req) });
    return () => {
      const s = this.streams.get(id);
      if (!s) return;
      this.streams.delete(id);
      this.send({ t: 'stop', id });
      s.onEnd();
    };
  }

  private send(m: ToServer): void {
    this.port.postMessage(m);
  }

  private receive(m: ToClient): void {
    switch (m.t) {
      case 'response':
      case 'failed': {
        const p = this.pending.get(m.id);
        this.pending.delete(m.id);
        if (m.t === 'response') p?.resolve(m.res);
        else p?.reject(new Error(m.message));
        return;
      }
      case 'lines':
        for (const [id, lines] of m.batches) {
          const s = this.streams.get(id);
          for (const line of lines) if (this.streams.has(id)) s?.onLine(line);
        }
        return;
      case 'end': {
        const s = this.streams.get(m.id);
        this.streams.delete(m.id);
        s?.onEnd(m.error === undefined ? undefined : new Error(m.error));
        return;
      }
    }
  }
}

const FLUSH_EVERY_MS = 10;
/** Sooner, when this many lines are waiting: a relist after a 410 must not pile up. */
const MAX_QUEUED_LINES = 1000;

/** The sandbox's side: answers a PortTransport's requests on `port` with the API server's handler. */
export function servePort(port: MessagePort, handle: (req: ApiRequest) => Promise<ApiResponse>): { close(): void } {
  const local = new InProcessTransport(handle);
  const streams = new Map<number, () => void>();
  /** Lines not yet handed over, by stream, all sent in one message when the timer fires. */
  const queued = new Map<number, string[]>();
  let queuedLines = 0;
  let timer: NodeJS.Timeout | undefined;
  const post = (m: ToClient): void => port.postMessage(m);
  const flush = (): void => {
    clearTimeout(timer);
    timer = undefined;
    if (queued.size) post({ t: 'lines', batches: [...queued] });
    queued.clear();
    queuedLines = 0;
  };
  const enqueue = (id: number, line: string): void => {
    let lines = queued.get(id);
    if (!lines) queued.set(id, (lines = []));
    lines.push(line);
    if (++queuedLines >= MAX_QUEUED_LINES) flush();
    else timer ??= setTimeout(flush, FLUSH_EVERY_MS);
  };

  port.on('message', (m: ToServer) => {
    switch (m.t) {
      case 'request':
        local.request(fromWire(m.req)).then(
          (res) => post({ t: 'response', id: m.id, res }),
          (err: Error) => post({ t: 'failed', id: m.id, message: err.message }),
        );
        return;
      case 'watch': {
        const stop = local.stream(
          fromWire(m.req),
          (line) => enqueue(m.id, line),
          (err) => {
            if (!streams.delete(m.id)) return; // stopped by the client, which ended it already
            // The stream's last lines go before its end.
            flush();
            post({ t: 'end', id: m.id, error: err?.message });
          },
        );
        streams.set(m.id, stop);
        return;
      }
      case 'stop': {
        const stop = streams.get(m.id);
        streams.delete(m.id);
        queuedLines -= queued.get(m.id)?.length ?? 0;
        queued.delete(m.id);
        stop?.();
        return;
      }
    }
  });
  return {
    close: () => {
      clearTimeout(timer);
      for (const stop of streams.values()) stop();
      streams.clear();
      port.close();
    },
  };
}
