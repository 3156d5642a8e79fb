// The node agent's in-memory picture of one pod's containers: what a container runtime would know
// (which image runs, container IDs, start/finish times, exit codes, back-off), from which the pod's
// API status is rendered. The stage table (stages.ts) moves containers between phases.

import type { KubeObject } from '../apimachinery/types.js';
import type { BackoffEntry } from './backoff.js';
import type { TimerHandle } from './timer-heap.js';

/** Where a simulated container is in its life. Rendering of each phase is in stages.ts (PHASE_VIEW). */
export type ContainerPhase =
  | 'Blocked' // waiting for init containers (or earlier init containers)
  | 'Pulling'
  | 'PullRetry' // pulling again after a back-off; still shows ImagePullBackOff
  | 'PullFailed'
  | 'PullBackOff'
  | 'NeverPull'
  | 'Creating'
  | 'Running'
  | 'Killing' // being stopped in order to restart (spec change, liveness)
  | 'Exited'
  | 'CrashBackOff'
  | 'Stopping' // being stopped because the pod is deleted
  | 'Stopped';

export interface Terminated {
  exitCode: number;
  reason: string;
  message?: string;
  startedAt?: string;
  finishedAt: string;
  containerID?: string;
}

export interface ProbeState {
  kind: 'startup' | 'readiness' | 'liveness';
  successes: number;
  failures: number;
  /** Current probe verdict: readiness → ready, liveness → alive, startup → started. */
  ok: boolean;
  timer?: TimerHandle;
}

export interface ContainerSim {
  name: string;
  init: boolean;
  index: number;
  phase: ContainerPhase;
  /** The image this container is pulling or running (the spec may have moved on). */
  image: string;
  containerID?: string;
  imageID?: string;
  startedAt?: number;
  terminated?: Terminated;
  lastTerminated?: Terminated;
  restartCount: number;
  started: boolean;
  killReason?: 'spec' | 'liveness' | 'startup';
  crashBackoff?: BackoffEntry;
  imageBackoff?: BackoffEntry;
  pullMessage?: string;
  probes: Partial<Record<ProbeState['kind'], ProbeState>>;
  /** The pending stage transition and which stage it belongs to. */
  timer?: TimerHandle;
  pendingStage?: string;
}

export function containerSpecs(pod: KubeObject, init: boolean): any[] {
  return (init ? pod.spec?.initContainers : pod.spec?.containers) ?? [];
}

export function newContainerSim(spec: any, init: boolean, index: number): ContainerSim {
  return { name: spec.name, init, index, phase: 'Blocked', image: spec.image, restartCount: 0, started: false, probes: {} };
}
