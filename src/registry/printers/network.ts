// Service, Endpoints and EndpointSlice table printers. Server-side tables are generated "wide",
// so load-balancer addresses are never clipped here (kubectl only hides priority>0 columns).

import type { KubeObject } from '../../apimachinery/types.js';
import { formatLabels } from '../../apimachinery/labels.js';
import { col, joinHostPort, kindPrinter, listWithMore } from './common.js';

interface ServicePort {
  name?: string;
  port: number;
  protocol?: string;
  nodePort?: number;
}

function loadBalancerAddresses(svc: KubeObject): string {
  const ingress: { ip?: string; hostname?: string }[] = svc.status?.loadBalancer?.ingress ?? [];
  const set = new Set<string>();
  for (const i of ingress) {
    if (i.ip) set.add(i.ip);
    else if (i.hostname) set.add(i.hostname);
  }
  return [...set].sort().join(',');
}

/** getServiceExternalIP with wide=true. */
export function serviceExternalIP(svc: KubeObject): string {
  const externalIPs: string[] = svc.spec?.externalIPs ?? [];
  switch (svc.spec?.type ?? 'ClusterIP') {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = loadBalancerAddresses(svc);
      if (externalIPs.length) return [...(lb ? lb.split(',') : []), ...externalIPs].join(',');
      return lb || '<pending>';
    }
    case 'ExternalName':
      return svc.spec?.externalName ?? '';
    default:
      return '<unknown>';
  }
}

/** makePortString: "80/TCP", "80:30080/TCP". */
export function servicePorts(ports: ServicePort[] | undefined): string {
  const s = (ports ?? []).map((p) => (p.nodePort && p.nodePort > 0 ? `${p.port}:${p.nodePort}/${p.protocol ?? 'TCP'}` : `${p.port}/${p.protocol ?? 'TCP'}`)).join(',');
  return s || '<none>';
}

export const servicePrinter = kindPrinter({
  columns: [
    col('Type', 'string', 'Service type.'),
    col('Cluster-IP', 'string', 'Primary cluster IP.'),
    col('External-IP', 'string', 'External IPs or load-balancer ingress.'),
    col('Port(s)', 'string', 'Service ports.'),
  ],
  cells: (svc) => [
    svc.spec?.type ?? 'ClusterIP',
    svc.spec?.clusterIPs?.[0] ?? (svc.spec?.clusterIP || '<none>'),
    serviceExternalIP(svc),
    servicePorts(svc.spec?.ports),
  ],
  afterAge: [col('Selector', 'string', 'Pod label selector.', 1)],
  afterAgeCells: (svc) => [formatLabels(svc.spec?.selector)],
});

interface Subset {
  addresses?: { ip: string }[];
  ports?: { name?: string; port: number }[];
}

/** formatEndpoints(endpoints, nil): up to three ip:port pairs, then "+ N more...". */
export function formatEndpoints(ep: KubeObject): string {
  const subsets: Subset[] = ep.subsets ?? [];
  if (subsets.length === 0) return '<none>';
  const list: string[] = [];
  let total = 0;
  for (const ss of subsets) {
    const addrs = ss.addresses ?? [];
    const ports = ss.ports ?? [];
    if (ports.length === 0) {
      total += addrs.length;
      list.push(...addrs.map((a) => a.ip));
      continue;
    }
    for (const p of ports) {
      total += addrs.length;
      list.push(...addrs.map((a) => joinHostPort(a.ip, p.port)));
    }
  }
  const shown = list.slice(0, 3).join(',');
  return total > 3 ? `${shown} + ${total - 3} more...` : shown;
}

export const endpointsPrinter = kindPrinter({
  columns: [col('Endpoints', 'string', 'Ready endpoint addresses.')],
  cells: (ep) => [formatEndpoints(ep)],
});

export function endpointSlicePorts(slice: KubeObject): string {
  const ports: { port?: number | null; name?: string | null }[] = slice.ports ?? [];
  return listWithMore(ports.map((p) => (p.port !== undefined && p.port !== null ? String(p.port) : (p.name ?? '*'))));
}

export function endpointSliceEndpoints(slice: KubeObject): string {
  const eps: { addresses?: string[] }[] = slice.endpoints ?? [];
  return listWithMore(eps.flatMap((e) => e.addresses ?? []));
}

export const endpointSlicePrinter = kindPrinter({
  columns: [
    col('AddressType', 'string', 'Type of the addresses in the slice.'),
    col('Ports', 'string', 'Ports exposed by the endpoints.'),
    col('Endpoints', 'string', 'Endpoint addresses.'),
  ],
  cells: (s) => [s.addressType ?? '', endpointSlicePorts(s), endpointSliceEndpoints(s)],
});
