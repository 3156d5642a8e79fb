// Turns a DNS query packet into a response packet, with a cache of encoded responses keyed by
// (question, transport size limit). A hit costs one Buffer copy plus patching the ID and RD bit,
// which is what keeps the server far above 20k qps; the cache is dropped whenever the record data
// changes. Handles EDNS(0) (echoes OPT, honours the advertised UDP size) and truncation (TC).

import dnsPacket, { type Answer, type DecodedPacket, type Packet } from 'dns-packet';
import { RCODE, resolve } from './resolve.js';
import type { RecordStore } from './record-store.js';

const MAX_CACHE = 20_000;
const FLAG_AA = 0x0400;
const FLAG_TC = 0x0200;

export class Responder {
  private cache = new Map<string, Buffer>();
  private serial = 1;

  constructor(private store: RecordStore) {}

  /** Installs new record data (drops every cached answer). */
  setStore(store: RecordStore): void {
    this.store = store;
    this.serial++;
    this.cache = new Map();
  }

  /** The response to `query`, or undefined for packets that deserve no answer (garbage, responses). */
  respond(query: Buffer, transport: 'udp' | 'tcp'): Buffer | undefined {
    const fast = fastKey(query, transport);
    const hit = fast === undefined ? undefined : this.cache.get(fast);
    if (hit) return withIdAndRd(hit, query);
    let q: DecodedPacket;
    try {
      q = dnsPacket.decode(query);
    } catch {
      return query.length >= 12 ? header(query.readUInt16BE(0), RCODE.FORMERR) : undefined;
    }
    if (q.type === 'response') return undefined;
    const opt = q.additionals?.find((a) => a.type === 'OPT') as { udpPayloadSize?: number } | undefined;
    const limit = transport === 'tcp' ? 65535 : opt ? Math.min(Math.max(opt.udpPayloadSize ?? 512, 512), 4096) : 512;
    const question = q.questions?.[0];
    const opcode = (query[2] >> 3) & 0x0f;
    if (!question || q.questions!.length !== 1 || opcode !== 0) return header(q.id ?? 0, opcode !== 0 ? RCODE.NOTIMP : RCODE.FORMERR);
    const built = this.build(question, !!opt, limit);
    if (fast !== undefined) {
      if (this.cache.size >= MAX_CACHE) this.cache.clear();
      this.cache.set(fast, built);
    }
    return withIdAndRd(built, query);
  }

  private build(question: { name: string; type: string; class?: string }, edns: boolean, limit: number): Buffer {
    const r = question.class === 'IN' || question.class === undefined ? resolve(this.store, question.name, question.type, this.serial) : { rcode: RCODE.REFUSED, authoritative: false, answers: [], authorities: [], additionals: [] };
    const optRr = edns ? [{ type: 'OPT', name: '.', udpPayloadSize: 4096, extendedRcode: 0, ednsVersion: 0, flags: 0, options: [] } as unknown as Answer] : [];
    const packet: Packet = {
      type: 'response',
      id: 0,
      flags: (r.authoritative ? FLAG_AA : 0) | r.rcode,
      questions: [question as Packet['questions'] extends (infer Q)[] | undefined ? Q : never],
      answers: r.answers,
      authorities: r.authorities,
      additionals: [...r.additionals, ...optRr],
    };
    const full = dnsPacket.encode(packet);
    if (full.length <= limit) return full;
    // Too big for the transport: say so (TC) and let the client retry over TCP.
    return dnsPacket.encode({ ...packet, flags: (packet.flags ?? 0) | FLAG_TC, answers: [], authorities: [], additionals: optRr });
  }
}

/** Copies a cached response, giving it the query's ID and RD bit. */
function withIdAndRd(cached: Buffer, query: Buffer): Buffer {
  const out = Buffer.from(cached);
  out[0] = query[0];
  out[1] = query[1];
  out[2] |= query[2] & 0x01;
  return out;
}

/**
 * Cache key read straight from the wire, without decoding: the raw question bytes (case preserved,
 * as the answer echoes the name) plus the size limit and EDNS presence. Only plain standard queries
 * qualify (one question, no answers, at most an OPT record); anything else takes the slow path.
 */
export function fastKey(q: Buffer, transport: 'udp' | 'tcp'): string | undefined {
  if (q.length < 17 || q[2] & 0xf8 || q.readUInt16BE(4) !== 1 || q.readUInt16BE(6) !== 0 || q.readUInt16BE(8) !== 0) return undefined;
  let off = 12;
  while (off < q.length && q[off] !== 0) {
    if (q[off] > 63) return undefined; // compression pointers do not appear in well-formed questions
    off += q[off] + 1;
  }
  const end = off + 5; // zero label + type + class
  if (end > q.length) return undefined;
  const arcount = q.readUInt16BE(10);
  let limit = transport === 'tcp' ? 65535 : 512;
  let edns = 0;
  if (arcount === 1) {
    if (end + 11 > q.length || q[end] !== 0 || q.readUInt16BE(end + 1) !== 41) return undefined;
    edns = 1;
    if (transport === 'udp') limit = Math.min(Math.max(q.readUInt16BE(end + 3), 512), 4096);
  } else if (arcount !== 0) return undefined;
  return `${q.toString('latin1', 12, end)}|${limit}|${edns}`;
}

/** A bare header-only response with an rcode (FORMERR/NOTIMP). */
function header(id: number, rcode: number): Buffer {
  const b = Buffer.alloc(12);
  b.writeUInt16BE(id, 0);
  b.writeUInt16BE(0x8000 | rcode, 2);
  return b;
}
