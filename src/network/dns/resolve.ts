// Answers one question from a RecordStore: the record semantics of the Kubernetes DNS spec plus
// the DNS protocol rules around them. An existing name without data of the asked type is NOERROR
// with no answers (NODATA); a name that does not exist is NXDOMAIN; both carry the zone's SOA in the
// authority section so resolvers can cache the negative answer. Names outside the cluster zone and
// in-addr.arpa are REFUSED: this server is authoritative only, it does not recurse.

import type { Answer } from 'dns-packet';
import type { RecordStore } from './record-store.js';

export const RCODE = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 } as const;
export const DEFAULT_TTL = 5;

export interface Resolution {
  rcode: number;
  authoritative: boolean;
  answers: Answer[];
  authorities: Answer[];
  additionals: Answer[];
}

const REVERSE_ZONE = 'in-addr.arpa';
const POD_NAME = /^(\d{1,3})-(\d{1,3})-(\d{1,3})-(\d{1,3})\.[a-z0-9-]+\.pod\.(.+)$/;

export function soaFor(zone: string, ttl = DEFAULT_TTL, serial = 1): Answer {
  return {
    type: 'SOA',
    name: zone,
    ttl,
    data: { mname: `ns.dns.${zone}`, rname: `hostmaster.${zone}`, serial, refresh: 7200, retry: 1800, expire: 86400, minimum: ttl },
  };
}

export function resolve(store: RecordStore, qname: string, qtype: string, serial = 1): Resolution {
  const name = qname.toLowerCase().replace(/\.$/, '');
  const zone = store.zone;
  const apex = name === zone || name.endsWith(`.${zone}`) ? zone : name === REVERSE_ZONE || name.endsWith(`.${REVERSE_ZONE}`) ? REVERSE_ZONE : undefined;
  if (!apex) return { rcode: RCODE.REFUSED, authoritative: false, answers: [], authorities: [], additionals: [] };
  const negative = (rcode: number): Resolution => ({ rcode, authoritative: true, answers: [], authorities: [soaFor(apex, DEFAULT_TTL, serial)], additionals: [] });
  const ok = (answers: Answer[], additionals: Answer[] = []): Resolution =>
    answers.length ? { rcode: RCODE.NOERROR, authoritative: true, answers, authorities: [], additionals } : negative(RCODE.NOERROR);

  if (name === apex) return ok(apexRecords(apex, qname, qtype, serial));
  const pod = POD_NAME.exec(name);
  if (pod && pod[5] === zone && pod.slice(1, 5).every((o) => Number(o) <= 255)) {
    // kubeadm's CoreDNS runs `pods insecure`: the name itself carries the address.
    return ok(qtype === 'A' || qtype === 'ANY' ? [{ type: 'A', name: qname, ttl: DEFAULT_TTL, data: pod.slice(1, 5).join('.') }] : []);
  }
  const d = store.get(name);
  if (!d) return negative(store.exists(name) ? RCODE.NOERROR : RCODE.NXDOMAIN);
  if (d.cname) return ok([{ type: 'CNAME', name: qname, ttl: DEFAULT_TTL, data: d.cname }]);
  const answers: Answer[] = [];
  const additionals: Answer[] = [];
  const any = qtype === 'ANY';
  if (qtype === 'A' || any) for (const ip of d.a) answers.push({ type: 'A', name: qname, ttl: DEFAULT_TTL, data: ip });
  if (qtype === 'PTR' || any) for (const t of d.ptr) answers.push({ type: 'PTR', name: qname, ttl: DEFAULT_TTL, data: t });
  if (qtype === 'TXT' || any) for (const t of d.txt) answers.push({ type: 'TXT', name: qname, ttl: DEFAULT_TTL, data: t });
  if (qtype === 'SRV' || any) {
    for (const s of d.srv) answers.push({ type: 'SRV', name: qname, ttl: DEFAULT_TTL, data: s });
    for (const target of new Set(d.srv.map((s) => s.target))) {
      for (const ip of store.get(target)?.a ?? []) additionals.push({ type: 'A', name: target, ttl: DEFAULT_TTL, data: ip });
    }
  }
  return ok(answers, additionals);
}

function apexRecords(apex: string, qname: string, qtype: string, serial: number): Answer[] {
  const out: Answer[] = [];
  if (qtype === 'SOA' || qtype === 'ANY') out.push({ ...soaFor(apex, DEFAULT_TTL, serial), name: qname });
  if (qtype === 'NS' || qtype === 'ANY') out.push({ type: 'NS', name: qname, ttl: DEFAULT_TTL, data: `ns.dns.${apex}` });
  return out;
}
