// The API server's streaming endpoint: takes HTTP upgrade requests for
// /api/v1/namespaces/{ns}/pods/{name}/exec and .../attach, validates them through the ExecHandler
// (errors are answered as plain HTTP Status responses, as kube-apiserver does before it proxies
// to a kubelet), then completes the WebSocket handshake with a channel.k8s.io subprotocol.
//
// SPDY (the pre-1.31 kubectl transport) is not spoken: such requests get 400, but kubectl 1.29+
// tries WebSockets first and only falls back to SPDY when the WebSocket upgrade itself fails.

import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocketServer } from 'ws';
import { lazyModule } from '../lazy-module.js';
import { ApiError, errors } from '../../apimachinery/errors.js';
import { silentLogger, type Logger } from '../../controller/logger.js';
import { negotiateProtocol, SUPPORTED_PROTOCOLS } from './protocol.js';
import type { ExecHandler, StreamRequest } from './types.js';
import { serveStream } from './ws-session.js';

const wsModule = lazyModule<typeof import('ws')>('ws');

const PATH = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/(exec|attach)$/;

export interface StreamingEndpoint {
  /** For http.Server's 'upgrade' event; the caller has already authenticated the request. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Who runs the commands (the sandbox sets it once the node agents are up). */
  setExecHandler(h: ExecHandler | undefined): void;
  /** Ends every open stream (on shutdown: upgraded sockets are no longer the HTTP server's). */
  close(): void;
}

const truthy = (v: string | null): boolean => v === 'true' || v === '1';

/** Parses the path and PodExecOptions/PodAttachOptions query; undefined when the path is not ours. */
export function parseStreamRequest(rawUrl: string): StreamRequest | undefined {
  const url = new URL(rawUrl, 'http://x');
  const m = PATH.exec(url.pathname);
  if (!m) return undefined;
  const q = url.searchParams;
  return {
    kind: m[3] as 'exec' | 'attach',
    namespace: decodeURIComponent(m[1]),
    pod: decodeURIComponent(m[2]),
    container: q.get('container') ?? '',
    command: q.getAll('command'),
    stdin: truthy(q.get('stdin')),
    stdout: truthy(q.get('stdout')),
    stderr: truthy(q.get('stderr')),
    tty: truthy(q.get('tty')),
  };
}

/** The checks kube-apiserver's PodExecOptions/PodAttachOptions validation makes. */
export function validateStreamRequest(r: StreamRequest): void {
  if (!r.stdin && !r.stdout && !r.stderr) throw errors.badRequest('you must specify at least one of stdin, stdout, stderr');
  if (r.kind === 'exec' && r.command.length === 0) throw errors.badRequest('you must specify at least one command for the container');
}

const REASONS: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 500: 'Internal Server Error', 503: 'Service Unavailable' };

/** Answers an upgrade request with a plain HTTP Status response and closes the socket. */
export function rejectUpgrade(socket: Duplex, err: ApiError): void {
  const body = JSON.stringify(err.status);
  const code = err.code;
  socket.end(
    `HTTP/1.1 ${code} ${REASONS[code] ?? 'Error'}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

function offeredProtocols(req: IncomingMessage): string[] {
  return (req.headers['sec-websocket-protocol'] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

export function createStreamingEndpoint(opts: { logger?: Logger } = {}): StreamingEndpoint {
  const log = opts.logger ?? silentLogger;
  let handler: ExecHandler | undefined;
  // ws loads with the first exec/attach (see lazy-module.ts).
  let wss: WebSocketServer | undefined;
  const server = (): WebSocketServer =>
    (wss ??= new (wsModule().WebSocketServer)({ noServer: true, handleProtocols: (offered) => negotiateProtocol(offered) ?? false }));
  const upgrade = async (req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> => {
    const sr = parseStreamRequest(req.url ?? '/');
    if (!sr) throw errors.notFound({ group: '', resource: '' }, new URL(req.url ?? '/', 'http://x').pathname);
    validateStreamRequest(sr);
    if (!handler) throw errors.serviceUnavailable('exec and attach are not available: no node agent is serving streams');
    // Validate first, so a client that retries over SPDY after a failed upgrade sees the same error.
    const session = await handler.prepare(sr);
    if ((req.headers.upgrade ?? '').toLowerCase() !== 'websocket') {
      throw errors.badRequest(`unsupported upgrade protocol ${JSON.stringify(req.headers.upgrade ?? '')}: this server streams exec/attach over WebSockets only`);
    }
    const protocol = negotiateProtocol(offeredProtocols(req));
    if (!protocol) throw errors.badRequest(`no supported channel protocol offered; supported: ${SUPPORTED_PROTOCOLS.join(', ')}`);
    server().handleUpgrade(req, socket, head, (ws) => void serveStream(ws, protocol, sr, session, log));
  };
  return {
    handleUpgrade: (req, socket, head) => {
      socket.on('error', (e) => log.debug({ err: e }, 'stream socket error'));
      upgrade(req, socket, head).catch((e: unknown) => {
        rejectUpgrade(socket, e instanceof ApiError ? e : errors.internal(String(e)));
      });
    },
    setExecHandler: (h) => {
      handler = h;
    },
    close: () => {
      if (!wss) return;
      for (const ws of wss.clients) ws.terminate();
      wss.close();
    },
  };
}
