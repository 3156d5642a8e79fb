// The HTTPS (or, behind an explicit flag, plain HTTP) front of the API server: bearer-token
// authentication, body size limits, and streaming of watch responses. Everything else is the
// transport-neutral handler.

import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { timingSafeEqual } from 'node:crypto';
import { errors } from '../apimachinery/errors.js';
import { MAX_BODY_BYTES } from './codec.js';
import type { ApiRequest, ApiResponse } from './request.js';

export interface HttpServerOptions {
  host: string;
  port: number;
  tls?: { cert: string; key: string };
  token: string;
  handle: (req: ApiRequest) => Promise<ApiResponse>;
  onError?: (err: Error) => void;
  /** HTTP upgrades (pods/exec and pods/attach WebSockets), called once the token is checked. */
  upgrade?: (req: http.IncomingMessage, socket: Duplex, head: Buffer) => void;
}

const UNAUTHENTICATED_PATHS = new Set(['/healthz', '/livez', '/readyz', '/version']);

function authorized(req: http.IncomingMessage, token: string): boolean {
  const h = req.headers['authorization'];
  if (!h || !h.startsWith('Bearer ')) return false;
  const given = Buffer.from(h.slice(7).trim());
  const want = Buffer.from(token);
  return given.length === want.length && timingSafeEqual(given, want);
}

function writeResponse(res: http.ServerResponse, r: ApiResponse, head: boolean): void {
  const headers: Record<string, string> = { 'content-type': r.contentType ?? 'application/json', ...(r.headers ?? {}) };
  if (!r.watch) {
    const body = r.body ?? '';
    headers['content-length'] = String(Buffer.byteLength(body));
    res.writeHead(r.status, headers);
    res.end(head ? undefined : body);
    return;
  }
  headers['transfer-encoding'] = 'chunked';
  headers['cache-control'] = 'no-cache, private';
  res.writeHead(r.status, headers);
  res.flushHeaders();
  let ended = false;
  const write = (chunk: string | Buffer): void => {
    if (ended) return;
    res.write(chunk);
    // A watcher that cannot keep up is closed, as kube-apiserver does; it will re-watch.
    if (res.writableLength > 16 * 1024 * 1024) {
      ended = true;
      res.end();
    }
  };
  const stop = r.watch.start({
    send: (json) => write(json + '\n'),
    sendLine: write,
    end: () => {
      if (!ended) {
        ended = true;
        res.end();
      }
    },
  });
  res.on('close', () => {
    ended = true;
    stop();
  });
}

function readBody(req: http.IncomingMessage): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_BODY_BYTES) {
      req.resume();
      resolve('too-large');
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      if (size > MAX_BODY_BYTES) return; // already answered 413; drain the rest so the client reads it
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        chunks.length = 0;
        resolve('too-large');
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function startHttpServer(opts: HttpServerOptions): Promise<{ server: http.Server; port: number; close(): Promise<void> }> {
  const listener = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://x');
    const head = req.method === 'HEAD';
    try {
      if (!UNAUTHENTICATED_PATHS.has(url.pathname) && !authorized(req, opts.token)) {
        req.resume();
        writeResponse(res, { status: 401, body: JSON.stringify(errors.unauthorized().status), contentType: 'application/json' }, head);
        return;
      }
      const body = await readBody(req);
      if (body === 'too-large') {
        // The connection cannot be reused: the rest of the body is unread.
        writeResponse(res, { status: 413, body: JSON.stringify(errors.tooLarge().status), contentType: 'application/json', headers: { connection: 'close' } }, head);
        return;
      }
      const headers: Record<string, string | undefined> = {};
      for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : v;
      const r = await opts.handle({ method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers, body });
      writeResponse(res, r, head);
    } catch (e) {
      opts.onError?.(e as Error);
      if (!res.headersSent) writeResponse(res, { status: 500, body: JSON.stringify(errors.internal(String(e)).status) }, head);
      else res.destroy();
    }
  };
  const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => void listener(req, res);
  const server = opts.tls ? https.createServer({ cert: opts.tls.cert, key: opts.tls.key }, handler) : http.createServer(handler);
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 70_000;
  server.requestTimeout = 0; // watches are long-lived
  if (opts.upgrade) {
    const upgrade = opts.upgrade;
    server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
      if (authorized(req, opts.token)) return upgrade(req, socket, head);
      const body = JSON.stringify(errors.unauthorized().status);
      socket.end(`HTTP/1.1 401 Unauthorized\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
    });
  }
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
