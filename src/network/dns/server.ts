// The cluster DNS server (the sandbox's CoreDNS): UDP and TCP on one port, authoritative for the
// cluster domain and in-addr.arpa. Record data comes from Service and EndpointSlice informers and
// is rebuilt (debounced, ~20 ms) on every change, so answers follow the cluster within a second.

import dgram from 'node:dgram';
import net from 'node:net';
import type { ApiClient } from '../../client/api-client.js';
import { R } from '../../client/resources.js';
import type { Informer } from '../../controller/contracts.js';
import { sharedInformer } from '../../controller/informer.js';
import { silentLogger, type Logger } from '../../controller/logger.js';
import { RecordStore } from './record-store.js';
import { Responder } from './responder.js';

export interface ClusterDnsOptions {
  /** UDP/TCP port; 0 picks a free one. @default 10053 */
  port?: number;
  host?: string;
  /** Cluster domain. @default cluster.local */
  domain?: string;
  logger?: Logger;
  /** Debounce between a change and the rebuild of the record maps. @default 20 */
  rebuildDelayMs?: number;
}

export interface ClusterDns {
  readonly port: number;
  stop(): Promise<void>;
}

export async function startClusterDns(client: ApiClient, opts: ClusterDnsOptions = {}): Promise<ClusterDns> {
  const domain = (opts.domain ?? 'cluster.local').replace(/\.$/, '');
  const log = (opts.logger ?? silentLogger).child({ component: 'cluster-dns' });
  const services = sharedInformer(client, R.services, { logger: opts.logger });
  const slices = sharedInformer(client, R.endpointslices, { logger: opts.logger });
  const responder = new Responder(RecordStore.build(domain, [], []));
  const rebuild = debounced(opts.rebuildDelayMs ?? 20, () => {
    responder.setStore(RecordStore.build(domain, services.list(), slices.list()));
  });
  for (const inf of [services, slices] as Informer[]) inf.addHandler({ add: rebuild.trigger, update: rebuild.trigger, delete: rebuild.trigger });
  await Promise.all([services.start(), slices.start()]);
  rebuild.now();
  const sockets = await listen(responder, opts.host ?? '127.0.0.1', opts.port ?? 10053, log);
  log.debug({ port: sockets.port, domain }, 'cluster DNS listening');
  return {
    port: sockets.port,
    async stop() {
      rebuild.cancel();
      services.stop();
      slices.stop();
      await sockets.close();
    },
  };
}

function debounced(ms: number, fn: () => void): { trigger: () => void; now: () => void; cancel: () => void } {
  let timer: NodeJS.Timeout | undefined;
  const run = () => {
    timer = undefined;
    fn();
  };
  return {
    trigger: () => {
      timer ??= setTimeout(run, ms);
    },
    now: () => {
      if (timer) clearTimeout(timer);
      run();
    },
    cancel: () => {
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}

interface Sockets {
  port: number;
  close(): Promise<void>;
}

async function listen(responder: Responder, host: string, port: number, log: Logger): Promise<Sockets> {
  // With port 0 the UDP port is picked first; TCP must then get the same number, which can
  // (rarely) be taken: retry with a new UDP port.
  for (let attempt = 0; ; attempt++) {
    const udp = await bindUdp(responder, host, port, log);
    const chosen = (udp.address() as { port: number }).port;
    try {
      const tcp = await bindTcp(responder, host, chosen, log);
      return { port: chosen, close: () => closeBoth(udp, tcp) };
    } catch (e) {
      udp.close();
      if (port !== 0 || attempt >= 5) throw e;
    }
  }
}

function bindUdp(responder: Responder, host: string, port: number, log: Logger): Promise<dgram.Socket> {
  const sock = dgram.createSocket({ type: 'udp4', reuseAddr: false });
  sock.on('message', (msg, rinfo) => {
    const out = responder.respond(msg, 'udp');
    if (out) sock.send(out, rinfo.port, rinfo.address);
  });
  sock.on('error', (err) => log.warn({ err }, 'udp socket error'));
  return new Promise((resolve, reject) => {
    sock.once('error', reject);
    sock.bind(port, host, () => {
      sock.off('error', reject);
      resolve(sock);
    });
  });
}

function bindTcp(responder: Responder, host: string, port: number, log: Logger): Promise<net.Server> {
  const conns = new Set<net.Socket>();
  const server = net.createServer((conn) => {
    conns.add(conn);
    conn.on('close', () => conns.delete(conn));
    serveTcp(conn, responder, log);
  });
  openConns.set(server, conns);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

/** DNS over TCP: each message is preceded by its 2-byte length; a connection may carry many. */
function serveTcp(conn: net.Socket, responder: Responder, log: Logger): void {
  let buf = Buffer.alloc(0);
  conn.setNoDelay(true);
  conn.setTimeout(10_000, () => conn.destroy());
  conn.on('error', (err) => log.debug({ err }, 'tcp connection error'));
  conn.on('data', (chunk) => {
    buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
    while (buf.length >= 2) {
      const len = buf.readUInt16BE(0);
      if (buf.length < 2 + len) break;
      const out = responder.respond(buf.subarray(2, 2 + len), 'tcp');
      buf = buf.subarray(2 + len);
      if (!out) continue;
      const framed = Buffer.allocUnsafe(2 + out.length);
      framed.writeUInt16BE(out.length, 0);
      out.copy(framed, 2);
      conn.write(framed);
    }
  });
}

const openConns = new WeakMap<net.Server, Set<net.Socket>>();

function closeBoth(udp: dgram.Socket, tcp: net.Server): Promise<void> {
  for (const c of openConns.get(tcp) ?? []) c.destroy();
  return new Promise((resolve) => {
    udp.close(() => tcp.close(() => resolve()));
  });
}
