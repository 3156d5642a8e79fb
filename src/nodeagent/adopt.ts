// Picks up pods that already run on this node when the agent (re)starts, e.g. after `ordinal up`
// on an existing data directory: a container the API reports running with the image the spec asks
// for keeps running (same containerID, restartCount, start time) instead of being started again.

import type { KubeObject } from '../apimachinery/types.js';
import type { ContainerSim } from './model.js';
import { normalizeImage } from './images.js';

export function adoptContainer(c: ContainerSim, pod: KubeObject): void {
  const list: any[] = (c.init ? pod.status?.initContainerStatuses : pod.status?.containerStatuses) ?? [];
  const cs = list.find((s) => s.name === c.name);
  if (!cs || !cs.containerID) return;
  c.restartCount = cs.restartCount ?? 0;
  c.containerID = cs.containerID;
  c.imageID = cs.imageID || undefined;
  if (cs.lastState?.terminated) c.lastTerminated = { ...cs.lastState.terminated };
  if (cs.state?.running && normalizeImage(cs.image ?? '') === normalizeImage(c.image)) {
    c.phase = 'Running';
    c.startedAt = Date.parse(cs.state.running.startedAt) || undefined;
    c.started = cs.started ?? true;
  } else if (cs.state?.terminated) {
    c.phase = 'Exited';
    c.terminated = { ...cs.state.terminated };
  }
}
