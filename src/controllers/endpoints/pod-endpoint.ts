// Per-pod rules shared by the Endpoints and EndpointSlice controllers, following
// kube-controller-manager's endpoint utilities: which pods are endpoints at all, readiness, the
// DNS hostname rule (hostname + subdomain == service name) and service → container port resolution
// (numeric targetPort, or a named port looked up in the pod's containers).

import type { KubeObject } from '../../apimachinery/types.js';

export interface ServicePort {
  name?: string;
  protocol?: string;
  port: number;
  targetPort?: number | string;
  appProtocol?: string;
}

export function isPodReady(pod: KubeObject): boolean {
  const conds: Array<{ type: string; status: string }> = pod.status?.conditions ?? [];
  return conds.some((c) => c.type === 'Ready' && c.status === 'True');
}

/**
 * Whether a pod appears in a service's endpoints: it needs an IP, must not have terminated (phase
 * Failed/Succeeded) and, unless `includeTerminating`, must not be terminating.
 */
export function shouldPodBeInEndpoints(pod: KubeObject, includeTerminating: boolean): boolean {
  const phase = pod.status?.phase;
  if (phase === 'Failed' || phase === 'Succeeded') return false;
  if (!pod.status?.podIP) return false;
  if (!includeTerminating && pod.metadata.deletionTimestamp) return false;
  return true;
}

/** A pod gets a DNS hostname under the service only if its subdomain is the service's name. */
export function endpointHostname(pod: KubeObject, svc: KubeObject): string | undefined {
  const hostname: string | undefined = pod.spec?.hostname;
  if (!hostname) return undefined;
  if (pod.spec?.subdomain !== svc.metadata.name || pod.metadata.namespace !== svc.metadata.namespace) return undefined;
  return hostname;
}

/** Resolves a service port's targetPort on a pod (podutil.FindPort); undefined = no such named port. */
export function findPort(pod: KubeObject, sp: ServicePort): number | undefined {
  const tp = sp.targetPort ?? sp.port;
  if (typeof tp === 'number') return tp;
  if (/^\d+$/.test(tp)) return Number(tp);
  const protocol = sp.protocol ?? 'TCP';
  const containers: KubeObject['spec'][] = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? []).filter((c: any) => c.restartPolicy === 'Always')];
  for (const c of containers) {
    for (const p of c.ports ?? []) if (p.name === tp && (p.protocol ?? 'TCP') === protocol) return p.containerPort;
  }
  return undefined;
}

export function targetRefOf(pod: KubeObject): { kind: 'Pod'; namespace: string; name: string; uid: string } {
  return { kind: 'Pod', namespace: pod.metadata.namespace!, name: pod.metadata.name!, uid: pod.metadata.uid! };
}

export function isHeadless(svc: KubeObject): boolean {
  return svc.spec?.clusterIP === 'None';
}

/** Services the endpoint controllers manage: those with a selector (manual Endpoints stay untouched). */
export function hasSelector(svc: KubeObject): boolean {
  return !!svc.spec?.selector && Object.keys(svc.spec.selector).length > 0 && svc.spec?.type !== 'ExternalName';
}
