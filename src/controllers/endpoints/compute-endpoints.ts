// Desired core/v1 Endpoints of a Service from its selected pods, as the endpoints controller of
// kube-controller-manager computes them: ready pods in `addresses`, the rest in
// `notReadyAddresses` (all ready with publishNotReadyAddresses, which also keeps terminating pods),
// addresses grouped into subsets by resolved port set, a port-less subset for headless services
// without ports, and the `service.kubernetes.io/headless` label.

import type { KubeObject } from '../../apimachinery/types.js';
import { endpointHostname, findPort, isHeadless, isPodReady, shouldPodBeInEndpoints, targetRefOf, type ServicePort } from './pod-endpoint.js';

export interface EndpointAddress {
  ip: string;
  hostname?: string;
  nodeName?: string;
  targetRef: { kind: 'Pod'; namespace: string; name: string; uid: string };
}

export interface EndpointPort {
  name?: string;
  port: number;
  protocol: string;
  appProtocol?: string;
}

export interface EndpointSubset {
  addresses?: EndpointAddress[];
  notReadyAddresses?: EndpointAddress[];
  ports?: EndpointPort[];
}

export const HEADLESS_LABEL = 'service.kubernetes.io/headless';

export function endpointPortsFor(pod: KubeObject, svc: KubeObject): EndpointPort[] {
  const out: EndpointPort[] = [];
  for (const sp of (svc.spec?.ports ?? []) as ServicePort[]) {
    const port = findPort(pod, sp);
    if (port === undefined) continue; // a named targetPort the pod does not expose: skip that port
    const ep: EndpointPort = { port, protocol: sp.protocol ?? 'TCP' };
    if (sp.name) ep.name = sp.name;
    if (sp.appProtocol) ep.appProtocol = sp.appProtocol;
    out.push(ep);
  }
  return out;
}

function addressOf(pod: KubeObject, svc: KubeObject): EndpointAddress {
  const a: EndpointAddress = { ip: pod.status.podIP, targetRef: targetRefOf(pod) };
  const hostname = endpointHostname(pod, svc);
  if (hostname) a.hostname = hostname;
  if (pod.spec?.nodeName) a.nodeName = pod.spec.nodeName;
  return a;
}

const byIp = (a: EndpointAddress, b: EndpointAddress) => (a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : a.targetRef.name.localeCompare(b.targetRef.name));
const portKey = (ports: EndpointPort[]) => JSON.stringify([...ports].sort((a, b) => (a.name ?? '').localeCompare(b.name ?? '') || a.port - b.port));

export function computeSubsets(svc: KubeObject, pods: KubeObject[]): EndpointSubset[] {
  const publishNotReady = !!svc.spec?.publishNotReadyAddresses;
  const groups = new Map<string, { ports: EndpointPort[]; ready: EndpointAddress[]; notReady: EndpointAddress[] }>();
  const svcPorts = svc.spec?.ports ?? [];
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, publishNotReady)) continue;
    const ports = endpointPortsFor(pod, svc);
    if (ports.length === 0 && !(svcPorts.length === 0 && isHeadless(svc))) continue;
    const key = portKey(ports);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { ports: JSON.parse(key), ready: [], notReady: [] }));
    (publishNotReady || isPodReady(pod) ? g.ready : g.notReady).push(addressOf(pod, svc));
  }
  return [...groups.keys()].sort().map((k) => {
    const g = groups.get(k)!;
    const s: EndpointSubset = {};
    if (g.ready.length) s.addresses = g.ready.sort(byIp);
    if (g.notReady.length) s.notReadyAddresses = g.notReady.sort(byIp);
    if (g.ports.length) s.ports = g.ports;
    return s;
  });
}

export function desiredEndpoints(svc: KubeObject, pods: KubeObject[]): KubeObject {
  const labels: Record<string, string> = { ...(svc.metadata.labels ?? {}) };
  if (isHeadless(svc)) labels[HEADLESS_LABEL] = '';
  else delete labels[HEADLESS_LABEL];
  return {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: svc.metadata.name, namespace: svc.metadata.namespace, labels },
    subsets: computeSubsets(svc, pods),
  };
}
