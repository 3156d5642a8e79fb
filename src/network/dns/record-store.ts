// The cluster DNS data, per the Kubernetes DNS-Based Service Discovery specification (schema
// 1.1.0, kubernetes/dns docs/specification.md), prebuilt into maps from Services and
// EndpointSlices so a query is one Map lookup:
//   ClusterIP  <svc>.<ns>.svc.<zone> A <clusterIP>; SRV per named port → <svc>.<ns>.svc.<zone>;
//              PTR for the ClusterIP.
//   Headless   <svc>.<ns>.svc.<zone> A per ready endpoint (no ready endpoint → the name does not
//              exist); <hostname>.<svc>.<ns>.svc.<zone> A; SRV per ready endpoint × named port →
//              <hostname>.<svc>...; PTR for endpoint IPs. Endpoints without a hostname get the
//              dashed IP as their system-assigned id (as CoreDNS does).
//   ExternalName  CNAME to spec.externalName.
//   dns-version.<zone> TXT "1.1.0".
// Names are stored lower-case; lookups lower-case the question (comparisons are case-insensitive).

import type { KubeObject } from '../../apimachinery/types.js';
import { parseIp, reverseName } from '../ipam/ipv4.js';

export const SCHEMA_VERSION = '1.1.0';

export interface SrvTarget {
  priority: number;
  weight: number;
  port: number;
  target: string;
}

export interface NameData {
  a: string[];
  srv: SrvTarget[];
  cname?: string;
  ptr: string[];
  txt: string[];
}

const empty = (): NameData => ({ a: [], srv: [], ptr: [], txt: [] });
const dashed = (ip: string) => ip.replace(/\./g, '-');

interface EndpointView {
  ip: string;
  hostname: string;
  ready: boolean;
  /** Port name → port number, from the slice. */
  ports: Map<string, number>;
}

export class RecordStore {
  /** name → data, for names that own records. */
  readonly names = new Map<string, NameData>();
  /** Names that exist without records of their own (empty non-terminals such as `svc.<zone>`). */
  readonly interior = new Set<string>();

  constructor(readonly zone: string) {}

  static build(zone: string, services: KubeObject[], slices: KubeObject[]): RecordStore {
    const store = new RecordStore(zone.toLowerCase());
    const bySvc = groupSlices(slices);
    store.add(`dns-version.${store.zone}`).txt.push(SCHEMA_VERSION);
    for (const svc of services) store.addService(svc, bySvc.get(`${svc.metadata.namespace}/${svc.metadata.name}`) ?? []);
    return store;
  }

  get(name: string): NameData | undefined {
    return this.names.get(name);
  }

  /** Whether a name exists (owns records or has descendants) inside the authoritative zones. */
  exists(name: string): boolean {
    return this.names.has(name) || this.interior.has(name);
  }

  private add(name: string): NameData {
    let d = this.names.get(name);
    if (!d) {
      this.names.set(name, (d = empty()));
      this.markAncestors(name);
    }
    return d;
  }

  private markAncestors(name: string): void {
    for (let i = name.indexOf('.'); i >= 0; i = name.indexOf('.', i + 1)) {
      const parent = name.slice(i + 1);
      if (this.interior.has(parent)) return;
      this.interior.add(parent);
    }
  }

  private addService(svc: KubeObject, slices: KubeObject[]): void {
    const ns = svc.metadata.namespace!.toLowerCase();
    const base = `${svc.metadata.name!.toLowerCase()}.${ns}.svc.${this.zone}`;
    const spec = svc.spec ?? {};
    if (spec.type === 'ExternalName') {
      if (spec.externalName) this.add(base).cname = String(spec.externalName).toLowerCase().replace(/\.$/, '');
      return;
    }
    const ports: Array<{ name?: string; port: number; protocol?: string }> = spec.ports ?? [];
    if (spec.clusterIP && spec.clusterIP !== 'None') {
      const ip: string = spec.clusterIP;
      this.add(base).a.push(ip);
      if (parseIp(ip) !== undefined) this.add(reverseName(parseIp(ip)!)).ptr.push(base);
      this.addSrv(base, ports, [{ target: base, port: (p) => p.port }]);
      return;
    }
    this.addHeadless(base, ports, endpointsOf(slices));
  }

  private addHeadless(base: string, ports: Array<{ name?: string; port: number; protocol?: string }>, eps: EndpointView[]): void {
    const ready = eps.filter((e) => e.ready);
    if (ready.length === 0) return; // no ready endpoint: the service name does not resolve (NXDOMAIN)
    const set = this.add(base);
    for (const e of ready) {
      if (!set.a.includes(e.ip)) set.a.push(e.ip);
      const host = `${e.hostname}.${base}`;
      const hd = this.add(host);
      if (!hd.a.includes(e.ip)) hd.a.push(e.ip);
      const ptr = this.add(reverseName(parseIp(e.ip)!)).ptr;
      if (!ptr.includes(host)) ptr.push(host);
    }
    // SRV ports are the service's named ports; each endpoint answers on its resolved port of that name.
    this.addSrv(base, ports, ready.map((e) => ({ target: `${e.hostname}.${base}`, port: (p) => e.ports.get(p.name!) })));
  }

  /** SRV `_<port>._<proto>.<base>` for each named port × target, and the same set on `<base>` itself. */
  private addSrv(base: string, ports: Array<{ name?: string; protocol?: string; port: number }>, targets: Array<{ target: string; port: (p: { name?: string; port: number }) => number | undefined }>): void {
    for (const p of ports) {
      if (!p.name) continue; // unnamed ports get no SRV records
      const owner = `_${p.name.toLowerCase()}._${(p.protocol ?? 'TCP').toLowerCase()}.${base}`;
      for (const t of targets) {
        const port = t.port(p);
        if (port === undefined) continue;
        const rec = { priority: 0, weight: Math.floor(100 / targets.length) || 1, port, target: t.target };
        this.add(owner).srv.push(rec);
        this.add(base).srv.push(rec);
      }
    }
  }
}

function groupSlices(slices: KubeObject[]): Map<string, KubeObject[]> {
  const m = new Map<string, KubeObject[]>();
  for (const s of slices) {
    const svc = s.metadata.labels?.['kubernetes.io/service-name'];
    if (!svc || (s.addressType && s.addressType !== 'IPv4')) continue;
    const key = `${s.metadata.namespace}/${svc}`;
    const list = m.get(key) ?? [];
    list.push(s);
    m.set(key, list);
  }
  return m;
}

/** Flattens slices to endpoints, each with a hostname (or dashed-IP id) and its named ports. */
function endpointsOf(slices: KubeObject[]): EndpointView[] {
  const out: EndpointView[] = [];
  const seen = new Set<string>();
  for (const s of slices) {
    const ports = new Map<string, number>();
    for (const p of s.ports ?? []) {
      if (p.name && p.port !== undefined) ports.set(p.name, p.port);
    }
    for (const ep of s.endpoints ?? []) {
      for (const ip of ep.addresses ?? []) {
        if (parseIp(ip) === undefined) continue;
        const hostname = String(ep.hostname ?? dashed(ip)).toLowerCase();
        if (seen.has(`${hostname}/${ip}`)) continue;
        seen.add(`${hostname}/${ip}`);
        // conditions.ready unset means ready (EndpointConditions semantics).
        out.push({ ip, hostname, ready: ep.conditions?.ready !== false, ports });
      }
    }
  }
  return out;
}
