// Helpers shared by the node agent's tests: pod fixtures and a PodSim harness on a FakeClock.

import type { KubeObject } from '../apimachinery/types.js';
import { FakeClock } from '../controller/clock.js';
import { FakeEventRecorder } from '../controller/events.js';
import { ImageCache } from './images.js';
import { PodLogStore } from './pod-logs.js';
import { PodSim, type PodSimHost } from './pod-sim.js';
import { TimerHeap } from './timer-heap.js';
import { scaleTimings, type SimTimings, type TimingsInput } from './timings.js';

export function podFixture(over: { name?: string; annotations?: Record<string, string>; spec?: Record<string, any> } = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: over.name ?? 'web-0', namespace: 'default', uid: 'uid-1', annotations: over.annotations ?? {} },
    spec: {
      nodeName: 'node-0',
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      containers: [{ name: 'nginx', image: 'nginx:1.25' }],
      ...over.spec,
    },
    status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'True' }] },
  };
}

export interface Harness {
  clock: FakeClock;
  sim: PodSim;
  images: ImageCache;
  logs: PodLogStore;
  events: FakeEventRecorder;
  terminated: boolean;
  /** Status as the API would hold it after the agent's writes (conditions merged by type). */
  status(): Record<string, any>;
  advance(ms: number): Record<string, any>;
  setPod(mutate: (p: KubeObject) => void): Record<string, any>;
  /** Another pod on the same simulated node: same clock, timers and image cache; its own events. */
  sameNode(pod: KubeObject): Harness;
}

/** What the pods of one simulated node share. */
interface NodeParts {
  clock: FakeClock;
  timers: TimerHeap;
  images: ImageCache;
  timings: SimTimings;
  timeScale: number;
}

export function harness(pod: KubeObject, timings: TimingsInput = {}, timeScale = 1, cached: string[] = []): Harness {
  const clock = new FakeClock();
  const images = new ImageCache();
  for (const i of cached) images.add(i);
  return harnessOn({ clock, timers: new TimerHeap(clock), images, timings: scaleTimings(timings, timeScale), timeScale }, pod);
}

function harnessOn(node: NodeParts, pod: KubeObject): Harness {
  const { clock, images } = node;
  const logs = new PodLogStore(() => clock.now());
  const events = new FakeEventRecorder();
  const h = { clock, images, logs, events, terminated: false } as Harness;
  let current = structuredClone(pod);
  const host: PodSimHost = {
    timers: node.timers,
    clock,
    timings: node.timings,
    timeScale: node.timeScale,
    images,
    logs,
    recorder: events,
    hostIP: '172.18.0.2',
    isDown: () => false,
    changed: () => undefined,
    terminated: () => void (h.terminated = true),
  };
  const sync = () => {
    const s = h.sim.status();
    const foreign = (current.status?.conditions ?? []).filter((c: any) => !s.conditions.some((k: any) => k.type === c.type));
    current = { ...current, status: { ...current.status, ...s, conditions: [...foreign, ...s.conditions] } };
    h.sim.pod = current;
    return current.status;
  };
  h.sim = new PodSim(host, current);
  h.sim.setPodIP('10.244.0.2');
  h.status = sync;
  h.advance = (ms) => {
    clock.step(ms);
    return sync();
  };
  h.setPod = (mutate) => {
    const next = structuredClone(current);
    mutate(next);
    current = next;
    h.sim.update(next);
    return sync();
  };
  h.sameNode = (other) => harnessOn(node, other);
  sync();
  return h;
}

/** What `kubectl get pod` prints in STATUS (kubectl's printPod, reduced to what the agent produces). */
export function kubectlStatus(pod: { metadata: any; status?: any }): string {
  const st = pod.status ?? {};
  let reason: string = st.reason ?? st.phase;
  for (const cs of st.initContainerStatuses ?? []) {
    if (cs.state?.terminated?.exitCode === 0) continue;
    if (cs.state?.terminated) return `Init:${cs.state.terminated.reason || `ExitCode:${cs.state.terminated.exitCode}`}`;
    if (cs.state?.waiting?.reason && cs.state.waiting.reason !== 'PodInitializing') return `Init:${cs.state.waiting.reason}`;
    return `Init:0/${st.initContainerStatuses.length}`;
  }
  let hasRunning = false;
  for (const cs of [...(st.containerStatuses ?? [])].reverse()) {
    if (cs.state?.waiting?.reason) reason = cs.state.waiting.reason;
    else if (cs.state?.terminated?.reason) reason = cs.state.terminated.reason;
    else if (cs.state?.running && cs.ready) hasRunning = true;
  }
  if (reason === 'Completed' && hasRunning) reason = 'Running';
  if (pod.metadata.deletionTimestamp) return 'Terminating';
  return reason;
}

export function readyColumn(status: any): string {
  const cs: any[] = status.containerStatuses ?? [];
  return `${cs.filter((c) => c.ready).length}/${cs.length}`;
}
