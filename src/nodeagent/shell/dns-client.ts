// A stub DNS client over UDP (what a container's libc resolver does): one question, one answer,
// retried once on timeout. The simulated shell uses it to ask the sandbox's cluster DNS.

import dgram from 'node:dgram';
import dnsPacket from 'dns-packet';

export interface DnsAnswer {
  type: string;
  name: string;
  data: string;
}

export interface DnsReply {
  /** 0 NOERROR, 2 SERVFAIL, 3 NXDOMAIN, ... */
  rcode: number;
  answers: DnsAnswer[];
}

/** Sends one query; undefined when no answer came in time. */
export type DnsQuery = (name: string, type: 'A' | 'PTR') => Promise<DnsReply | undefined>;

function once(host: string, port: number, query: Buffer, id: number, timeoutMs: number): Promise<DnsReply | undefined> {
  return new Promise((resolve) => {
    const sock = dgram.createSocket(host.includes(':') ? 'udp6' : 'udp4');
    const done = (r: DnsReply | undefined): void => {
      clearTimeout(timer);
      sock.close();
      resolve(r);
    };
    const timer = setTimeout(() => done(undefined), timeoutMs);
    sock.on('error', () => done(undefined));
    sock.on('message', (msg) => {
      let p: ReturnType<typeof dnsPacket.decode>;
      try {
        p = dnsPacket.decode(msg);
      } catch {
        return;
      }
      if (p.id !== id) return;
      const answers = (p.answers ?? []).map((a) => ({ type: a.type, name: a.name, data: String((a as { data?: unknown }).data ?? '') }));
      done({ rcode: (p.flags ?? 0) & 0xf, answers });
    });
    sock.send(query, port, host);
  });
}

/** A DnsQuery against host:port (the sandbox's cluster DNS). */
export function udpDnsQuery(host: string, port: number, timeoutMs = 2000): DnsQuery {
  return async (name, type) => {
    const id = Math.floor(Math.random() * 65535);
    const query = dnsPacket.encode({ type: 'query', id, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type, name, class: 'IN' }] });
    return (await once(host, port, query, id, timeoutMs)) ?? (await once(host, port, query, id, timeoutMs));
  };
}
