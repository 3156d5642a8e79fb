// The node agent's in-memory picture of one pod's containers: what a container runtime would know
// (which image runs, container IDs, start/finish times, exit codes, back-off), from which the pod's
// API status is rendered. The stage table (stages.ts) moves containers between phases.

import type { KubeObject } from '../apimachinery/types.js';
import type { BackoffEntry } from './backoff.js';
import type { TimerHandle } from './timer-heap.js';

/** Where a simulated container is in its life. Rendering of each phase is in stages.ts (PHASE_VIEW). */
export type ContainerPhase =
  | 'Blocked' // waiting for init containers (or earlier init containers)
  | 'Pulling' // kubelet is about to ensure the image: present, Never, back-off, or a pull
  | 'PullRetry' // the same after an image back-off expired; still shows ImagePullBackOff
  | 'PullInFlight' // a pull was started (the Pulling event is out) and has not finished
  | 'RetryInFlight' // a retried pull in flight; still shows ImagePullBackOff
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

/** One probe of one container (its timer state is kept by probes.ts). */
export interface ProbeState {
  kind: 'startup' | 'readiness' | 'liveness';
  successes: number;
  failures: number;
  /** Current probe verdict: readiness → ready, liveness → alive, startup → started. */
  ok: boolean;
  timer?: TimerHandle;
}

/** A container's probes by kind, in one fixed shape (never `delete`d from: that would make it a dictionary). */
export class ProbeSet {
  startup: ProbeState | undefined = undefined;
  readiness: ProbeState | undefined = undefined;
  liveness: ProbeState | undefined = undefined;
}

/** The probes of a container that has none: shared and frozen, replaced by a ProbeSet when a probe begins. */
export const NO_PROBES: Readonly<ProbeSet> = Object.freeze(new ProbeSet());

/**
 * One container of a simulated pod. A class with every field set in the constructor, so the
 * 100,000 containers of a big cluster share one hidden class instead of each growing its own as
 * fields appear over the container's life.
 */
export class ContainerSim {
  phase: ContainerPhase = 'Blocked';
  containerID: string | undefined = undefined;
  imageID: string | undefined = undefined;
  startedAt: number | undefined = undefined;
  terminated: Terminated | undefined = undefined;
  lastTerminated: Terminated | undefined = undefined;
  restartCount = 0;
  started = false;
  killReason: 'spec' | 'liveness' | 'startup' | undefined = undefined;
  crashBackoff: BackoffEntry | undefined = undefined;
  imageBackoff: BackoffEntry | undefined = undefined;
  pullMessage: string | undefined = undefined;
  probes: ProbeSet = NO_PROBES;
  /** The pending stage transition and which stage it belongs to. */
  timer: TimerHandle | undefined = undefined;
  pendingStage: string | undefined = undefined;

  constructor(
    readonly name: string,
    readonly init: boolean,
    readonly index: number,
    /** The image this container is pulling or running (the spec may have moved on). */
    public image: string,
  ) {}
}

export function containerSpecs(pod: KubeObject, init: boolean): any[] {
  return (init ? pod.spec?.initContainers : pod.spec?.containers) ?? [];
}

export function newContainerSim(spec: any, init: boolean, index: number): ContainerSim {
  return new ContainerSim(spec.name, init, index, spec.image);
}
