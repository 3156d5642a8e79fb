// A UDP load generator for the cluster DNS server, for `npm run bench` and for checking the
// ≥20,000 qps / p99 < 2 ms target: `inFlight` outstanding queries per socket over a few sockets,
// cycling through a list of names, measuring each query's round trip.

import dgram from 'node:dgram';
import { performance } from 'node:perf_hooks';
import dnsPacket from 'dns-packet';

export interface DnsLoadOptions {
  port: number;
  host?: string;
  names: Array<{ name: string; type: string }>;
  durationMs?: number;
  sockets?: number;
  inFlight?: number;
}

export interface DnsLoadResult {
  queries: number;
  qps: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
}

export async function runDnsLoad(o: DnsLoadOptions): Promise<DnsLoadResult> {
  const duration = o.durationMs ?? 3000;
  const packets = o.names.map((q) => dnsPacket.encode({ type: 'query', id: 0, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type: q.type as any, name: q.name }] }));
  const latencies: number[] = [];
  let errors = 0;
  const end = performance.now() + duration;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: o.sockets ?? 4 }, (_, s) =>
      oneSocket({ port: o.port, host: o.host ?? '127.0.0.1', packets, inFlight: o.inFlight ?? 16, end, seed: s }, latencies, () => errors++),
    ),
  );
  const elapsed = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0;
  return { queries: latencies.length, qps: Math.round(latencies.length / elapsed), p50Ms: pct(0.5), p99Ms: pct(0.99), errors };
}

interface SocketLoad {
  port: number;
  host: string;
  packets: Buffer[];
  inFlight: number;
  end: number;
  seed: number;
}

function oneSocket(l: SocketLoad, latencies: number[], onError: () => void): Promise<void> {
  const sock = dgram.createSocket('udp4');
  const sentAt = new Map<number, number>();
  let nextId = l.seed * 16384;
  let i = l.seed;
  return new Promise((resolve) => {
    const send = () => {
      if (performance.now() >= l.end) {
        if (sentAt.size === 0) sock.close(() => resolve());
        return;
      }
      const id = (nextId = (nextId + 1) & 0xffff);
      const pkt = Buffer.from(l.packets[i++ % l.packets.length]);
      pkt.writeUInt16BE(id, 0);
      sentAt.set(id, performance.now());
      sock.send(pkt, l.port, l.host);
    };
    sock.on('message', (msg) => {
      const id = msg.readUInt16BE(0);
      const t = sentAt.get(id);
      if (t === undefined) return onError();
      sentAt.delete(id);
      latencies.push(performance.now() - t);
      send();
    });
    sock.on('error', () => onError());
    for (let k = 0; k < l.inFlight; k++) send();
  });
}
