// One exec/attach stream over an accepted WebSocket: demultiplexes the client's frames into stdin,
// resize and close signals, multiplexes stdout/stderr back, and ends the way a kubelet does — the
// exit Status on the error channel, then a normal close.

import type { WebSocket } from 'ws';
import type { Logger } from '../../controller/logger.js';
import { CHANNEL, exitStatus, frame, parseResize, statusFramed, type ChannelProtocol } from './protocol.js';
import type { StreamIO, StreamRequest, StreamSession, TerminalSize } from './types.js';

type Listener<T> = (v: T) => void;

class Listeners<T> {
  private readonly fns: Listener<T>[] = [];
  private buffered: T[] = [];
  /** Values emitted before anyone listened are replayed to the first listener. */
  add(fn: Listener<T>): void {
    this.fns.push(fn);
    const pending = this.buffered;
    this.buffered = [];
    for (const v of pending) fn(v);
  }
  emit(v: T): void {
    if (this.fns.length === 0) this.buffered.push(v);
    for (const fn of this.fns) fn(v);
  }
}

function toBuffer(data: unknown): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data as Buffer[]);
  return Buffer.from(data as ArrayBuffer);
}

function makeIO(ws: WebSocket, req: StreamRequest, protocol: ChannelProtocol): StreamIO {
  const stdin = new Listeners<Buffer>();
  const stdinEnd = new Listeners<void>();
  const resize = new Listeners<TerminalSize>();
  const abort = new AbortController();
  let stdinOpen = true;
  const endStdin = (): void => {
    if (!stdinOpen) return;
    stdinOpen = false;
    stdinEnd.emit();
  };
  ws.on('message', (raw, isBinary) => {
    const data = isBinary ? toBuffer(raw) : Buffer.from(toBuffer(raw).toString('utf8'), 'utf8');
    if (data.length === 0) return;
    const ch = data[0];
    const body = data.subarray(1);
    if (ch === CHANNEL.stdin && stdinOpen && body.length) stdin.emit(body);
    else if (ch === CHANNEL.resize) {
      const size = parseResize(body);
      if (size) resize.emit(size);
    } else if (ch === CHANNEL.close && protocol === 'v5.channel.k8s.io' && body[0] === CHANNEL.stdin) endStdin();
  });
  ws.on('close', () => {
    endStdin();
    abort.abort();
  });
  const send = (ch: number, d: string | Buffer): void => {
    if (ws.readyState === ws.OPEN) ws.send(frame(ch, d), { binary: true });
  };
  return {
    tty: req.tty,
    writeStdout: (d) => req.stdout && send(CHANNEL.stdout, d),
    writeStderr: (d) => {
      if (req.tty) send(CHANNEL.stdout, d);
      else if (req.stderr) send(CHANNEL.stderr, d);
    },
    onStdin: (cb) => stdin.add(cb),
    onStdinEnd: (cb) => stdinEnd.add(() => cb()),
    onResize: (cb) => resize.add(cb),
    closed: abort.signal,
  };
}

/** Runs `session` over `ws` and closes it with the exit Status. */
export async function serveStream(ws: WebSocket, protocol: ChannelProtocol, req: StreamRequest, session: StreamSession, log: Logger): Promise<void> {
  const io = makeIO(ws, req, protocol);
  let code: number;
  let failure: string | undefined;
  try {
    code = await session.run(io);
  } catch (e) {
    log.warn({ err: e, pod: `${req.namespace}/${req.pod}` }, 'exec session failed');
    code = 1;
    failure = (e as Error).message;
  }
  if (ws.readyState !== ws.OPEN) return;
  const argv = req.kind === 'exec' ? req.command : [];
  if (statusFramed(protocol)) {
    const st = failure ? { metadata: {}, status: 'Failure', message: failure, reason: 'InternalError' } : exitStatus(argv, code);
    ws.send(frame(CHANNEL.error, JSON.stringify(st)), { binary: true });
  } else if (code !== 0 || failure) {
    ws.send(frame(CHANNEL.error, failure ?? exitStatus(argv, code).message ?? ''), { binary: true });
  }
  ws.close(1000);
}
