// Desired discovery.k8s.io/v1 EndpointSlices of a Service, as the endpointslice controller builds
// them: one IPv4 slice per distinct resolved port set (split at 100 endpoints), every endpoint with
// ready/serving/terminating conditions, hostname, nodeName and targetRef; the service-name and
// managed-by labels; an owner reference to the Service. Terminating pods stay in slices (serving
// tells consumers whether they still answer), unlike core Endpoints.

import type { KubeObject } from '../../apimachinery/types.js';
import { HEADLESS_LABEL, endpointPortsFor, type EndpointPort } from './compute-endpoints.js';
import { endpointHostname, isHeadless, isPodReady, shouldPodBeInEndpoints, targetRefOf } from './pod-endpoint.js';

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
export const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
export const MANAGED_BY = 'endpointslice-controller.k8s.io';
export const MAX_ENDPOINTS_PER_SLICE = 100;

export interface SliceEndpoint {
  addresses: string[];
  conditions: { ready: boolean; serving: boolean; terminating: boolean };
  hostname?: string;
  nodeName?: string;
  targetRef: { kind: 'Pod'; namespace: string; name: string; uid: string };
}

export interface DesiredSlice {
  ports: EndpointPort[];
  endpoints: SliceEndpoint[];
}

function endpointOf(pod: KubeObject, svc: KubeObject): SliceEndpoint {
  const terminating = !!pod.metadata.deletionTimestamp;
  const serving = isPodReady(pod);
  // "ready" is never true for a terminating pod, unless publishNotReadyAddresses says to ignore readiness.
  const ready = !!svc.spec?.publishNotReadyAddresses || (serving && !terminating);
  const ep: SliceEndpoint = { addresses: [pod.status.podIP], conditions: { ready, serving, terminating }, targetRef: targetRefOf(pod) };
  const hostname = endpointHostname(pod, svc);
  if (hostname) ep.hostname = hostname;
  if (pod.spec?.nodeName) ep.nodeName = pod.spec.nodeName;
  return ep;
}

/** Slices' content (ports + endpoints), ordered deterministically. */
export function desiredSliceContents(svc: KubeObject, pods: KubeObject[]): DesiredSlice[] {
  const groups = new Map<string, DesiredSlice>();
  const portless = (svc.spec?.ports ?? []).length === 0 && isHeadless(svc);
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, true)) continue;
    const ports = endpointPortsFor(pod, svc);
    if (ports.length === 0 && !portless) continue;
    const key = JSON.stringify(ports);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { ports, endpoints: [] }));
    g.endpoints.push(endpointOf(pod, svc));
  }
  const out: DesiredSlice[] = [];
  for (const key of [...groups.keys()].sort()) {
    const g = groups.get(key)!;
    g.endpoints.sort((a, b) => a.targetRef.name.localeCompare(b.targetRef.name));
    for (let i = 0; i < g.endpoints.length; i += MAX_ENDPOINTS_PER_SLICE) {
      out.push({ ports: g.ports, endpoints: g.endpoints.slice(i, i + MAX_ENDPOINTS_PER_SLICE) });
    }
  }
  // A service selecting nothing still gets one empty slice, as upstream keeps a placeholder.
  if (out.length === 0) out.push({ ports: [], endpoints: [] });
  return out;
}

export function sliceLabels(svc: KubeObject): Record<string, string> {
  const labels: Record<string, string> = { ...(svc.metadata.labels ?? {}) };
  labels[SERVICE_NAME_LABEL] = svc.metadata.name!;
  labels[MANAGED_BY_LABEL] = MANAGED_BY;
  if (isHeadless(svc)) labels[HEADLESS_LABEL] = '';
  else delete labels[HEADLESS_LABEL];
  return labels;
}

export function buildSlice(svc: KubeObject, content: DesiredSlice): KubeObject {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      generateName: `${svc.metadata.name}-`,
      namespace: svc.metadata.namespace,
      labels: sliceLabels(svc),
      ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name: svc.metadata.name!, uid: svc.metadata.uid!, controller: true, blockOwnerDeletion: true }],
    },
    addressType: 'IPv4',
    endpoints: content.endpoints,
    ports: content.ports,
  };
}
