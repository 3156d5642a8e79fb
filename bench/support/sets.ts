// StatefulSet manifests for the benchmarks (apps/v1 and apps.kruise.io/v1beta1) and the
// theoretical-minimum model the rollout figures are compared with.
//
// Model (the node agent's simulated runtime, src/nodeagent/stages.ts and images.ts): a pod's
// container becomes Ready `start` after its image is on the node; the first pull of an image on a
// node costs `pull`, a pod that needs the image while that pull is in flight waits for the rest of
// it (ImageCache.reservePull), later pods on that node pull nothing (imagePullPolicy IfNotPresent);
// stopping a container costs `stop` (containerStop, capped by the grace period: 30 s by default, so
// the full `stop`). Deleting a pod (ReCreate, native RollingUpdate) stops its container and the
// replacement is created once the old pod is gone; an in-place image change (Kruise, grace period
// 0 by default) kills the container (`stop`), pulls the new image (first pod on the node) and
// starts it. Everything else is overhead: controller reaction, API round trips, scheduling, the
// node agent's status writes, and for Kruise in-place the InPlaceUpdateReady readiness-gate flip
// back to True (the controller) followed by Ready (the node agent).

import type { KubeObject } from '../../src/apimachinery/types.js';

export interface SimDelays {
  pull: number;
  start: number;
  stop: number;
}

export interface SetSpec {
  name: string;
  replicas: number;
  image: string;
  policy?: 'OrderedReady' | 'Parallel';
  kruise?: { podUpdatePolicy: 'ReCreate' | 'InPlaceIfPossible' | 'InPlaceOnly'; maxUnavailable: number | string };
}

export function statefulSet(s: SetSpec): KubeObject {
  const labels = { app: s.name };
  const spec: Record<string, unknown> = {
    serviceName: s.name,
    replicas: s.replicas,
    podManagementPolicy: s.policy ?? 'OrderedReady',
    selector: { matchLabels: labels },
    template: {
      metadata: { labels },
      spec: { containers: [{ name: 'app', image: s.image, imagePullPolicy: 'IfNotPresent' }] },
    },
  };
  if (s.kruise) {
    spec.updateStrategy = {
      type: 'RollingUpdate',
      rollingUpdate: { podUpdatePolicy: s.kruise.podUpdatePolicy, maxUnavailable: s.kruise.maxUnavailable },
    };
    (spec.template as { spec: Record<string, unknown> }).spec.readinessGates = [{ conditionType: 'InPlaceUpdateReady' }];
  }
  return {
    apiVersion: s.kruise ? 'apps.kruise.io/v1beta1' : 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: s.name },
    spec,
  };
}

/** Nodes of pods in the order their image is first needed; true where that pod pays the pull. */
export function firstOnNode(nodesInOrder: string[]): boolean[] {
  const seen = new Set<string>();
  return nodesInOrder.map((n) => {
    const first = !seen.has(n);
    seen.add(n);
    return first;
  });
}

/** OrderedReady scale-up: pods start one after another; each waits for the previous one Ready. */
export function minOrderedScaleUp(nodesByOrdinal: string[], d: SimDelays): number {
  return firstOnNode(nodesByOrdinal).reduce((sum, first) => sum + d.start + (first ? d.pull : 0), 0);
}

/** Parallel scale-up: every pod at once; a node's pods share its single pull. */
export function minParallelScaleUp(d: SimDelays): number {
  return d.pull + d.start;
}

/**
 * One-at-a-time replacement (native RollingUpdate, Kruise ReCreate or in-place with
 * maxUnavailable 1): per pod, highest ordinal first, stop the old container, then pull the new
 * image if it is the first on that node, then start.
 */
export function minSequentialUpdate(nodesInUpdateOrder: string[], d: SimDelays): number {
  return firstOnNode(nodesInUpdateOrder).reduce((sum, first) => sum + d.stop + d.start + (first ? d.pull : 0), 0);
}

/**
 * Batched update (maxUnavailable = batch): pods go in waves of `batch`; a wave costs stop + start,
 * plus the pull when one of its pods is the first on its node for the new image (pulls of one wave
 * run in parallel). Waves follow each other because a wave frees its slots only when Ready.
 */
export function minBatchedUpdate(nodesInUpdateOrder: string[], batch: number, d: SimDelays): number {
  const first = firstOnNode(nodesInUpdateOrder);
  let total = 0;
  for (let i = 0; i < first.length; i += batch) total += d.stop + d.start + (first.slice(i, i + batch).some(Boolean) ? d.pull : 0);
  return total;
}
