// Turns informer events into Service keys for the endpoint controllers: a Service change queues
// itself; a pod change queues every Service in the pod's namespace whose selector matches the pod's
// old or new labels (kube's getPodServiceMemberships).

import { selectorFromSet } from '../../apimachinery/labels.js';
import type { KubeObject } from '../../apimachinery/types.js';
import { objectKey } from '../../apimachinery/types.js';
import type { Informer, WorkQueue } from '../../controller/contracts.js';
import { hasSelector } from './pod-endpoint.js';

export function servicesSelecting(services: Informer, pod: KubeObject): string[] {
  const out: string[] = [];
  for (const svc of services.list(pod.metadata.namespace)) {
    if (hasSelector(svc) && selectorFromSet(svc.spec.selector).matches(pod.metadata.labels)) out.push(objectKey(svc));
  }
  return out;
}

export function wireServiceQueue(services: Informer, pods: Informer, queue: WorkQueue): void {
  const enqueueSvc = (s: KubeObject) => queue.add(objectKey(s));
  services.addHandler({ add: enqueueSvc, update: (_o, n) => enqueueSvc(n), delete: enqueueSvc });
  const enqueuePod = (...ps: KubeObject[]) => {
    const keys = new Set(ps.flatMap((p) => servicesSelecting(services, p)));
    for (const k of keys) queue.add(k);
  };
  pods.addHandler({ add: (p) => enqueuePod(p), update: (o, n) => enqueuePod(o, n), delete: (p) => enqueuePod(p) });
}

export function splitKey(key: string): { namespace: string; name: string } {
  const i = key.indexOf('/');
  return { namespace: key.slice(0, i), name: key.slice(i + 1) };
}
