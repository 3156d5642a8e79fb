// The pod lifecycle as data (kwok's Stage idea, applied per container): each row says from which
// phases it applies, when (a selector on the pod, the container spec and the runtime picture),
// after what delay, to which phase, and which effect it has. The first matching row for a
// container's phase wins; when the pod changes, the rows are matched again and a pending
// transition is kept only while the same row still matches. PHASE_VIEW says how each phase shows
// in the pod's status. Effects are named here and implemented in effects.ts.

import type { KubeObject } from '../apimachinery/types.js';
import { parseDuration } from '../util/duration.js';
import { ANN, annotation } from './annotations.js';
import { isInBackOffSince, isInBackOffSinceUpdate } from './backoff.js';
import { effectivePullPolicy, isBrokenImage, type ImageCache } from './images.js';
import type { ContainerPhase, ContainerSim } from './model.js';
import { preStopMillis } from './prestop.js';
import type { SimTimings } from './timings.js';

export interface StageCtx {
  pod: KubeObject;
  /** The container's current spec. */
  spec: any;
  c: ContainerSim;
  now: number;
  t: SimTimings;
  timeScale: number;
  images: ImageCache;
  /** Init containers before this one have succeeded (for regular containers: all of them). */
  prereqsDone: boolean;
}

export type EffectName =
  | 'retarget'
  | 'imagePresent'
  | 'pulling'
  | 'pulled'
  | 'pullFailed'
  | 'imageBackOff'
  | 'neverPull'
  | 'start'
  | 'exit'
  | 'beginKill'
  | 'killed'
  | 'restart'
  | 'crashBackOff'
  | 'beginStop'
  | 'stopped'
  | 'abandon';

export interface Stage {
  name: string;
  from: readonly ContainerPhase[];
  when?: (x: StageCtx) => boolean;
  /** Milliseconds (already scaled) until the transition; omitted = at once. */
  delay?: (x: StageCtx) => number;
  to: ContainerPhase;
  effect?: EffectName;
  /** For the `exit` effect. */
  exitCode?: (x: StageCtx) => number;
}

// ---- selectors -------------------------------------------------------------------------------

const deleting = (x: StageCtx) => !!x.pod.metadata.deletionTimestamp;
const imageChanged = (x: StageCtx) => x.spec.image !== x.c.image;
const policy = (x: StageCtx) => effectivePullPolicy(x.spec);
const cached = (x: StageCtx) => x.images.has(x.c.image);
const flag = (x: StageCtx, key: string, value: string) => annotation(x.pod, key) === value;
const exitAnnotation = (x: StageCtx): number | undefined => {
  const v = annotation(x.pod, ANN.exitCode);
  const n = v === undefined ? NaN : Number(v);
  return Number.isInteger(n) && n >= 0 && n <= 255 ? n : undefined;
};
const restartPolicy = (x: StageCtx): string => x.pod.spec?.restartPolicy ?? 'Always';
const lastExit = (x: StageCtx) => x.c.terminated?.exitCode ?? 0;

/** Kubelet's decision to start an exited container again (init containers: only after failure). */
export function shouldRestart(x: StageCtx): boolean {
  const p = restartPolicy(x);
  if (x.c.killReason === 'liveness' || x.c.killReason === 'startup') return p !== 'Never';
  if (x.c.init) return lastExit(x) !== 0 && p !== 'Never';
  if (p === 'Always') return true;
  return p === 'OnFailure' && lastExit(x) !== 0;
}

const finishedAt = (x: StageCtx) => Date.parse(x.c.terminated?.finishedAt ?? '') || x.now;
const crashLimits = (x: StageCtx) => ({ initial: x.t.crashBackOffInitial, max: x.t.crashBackOffMax });
const imageLimits = (x: StageCtx) => ({ initial: x.t.imageBackOffInitial, max: x.t.imageBackOffMax });
const inCrashBackOff = (x: StageCtx) => isInBackOffSince(x.c.crashBackoff, finishedAt(x), x.now, crashLimits(x));
const inImageBackOff = (x: StageCtx) => isInBackOffSinceUpdate(x.c.imageBackoff, x.now, imageLimits(x));

// ---- delays ----------------------------------------------------------------------------------

/** The grace period that applies to stopping the container now (scaled milliseconds). */
export function graceMillis(x: Pick<StageCtx, 'pod' | 'timeScale'>): number {
  const grace = x.pod.metadata.deletionGracePeriodSeconds ?? x.pod.spec?.terminationGracePeriodSeconds ?? 30;
  return grace * 1000 * x.timeScale;
}
/** What stopping takes without a deadline: the preStop hook, then SIGTERM to exit (scaled). */
export function stopNeeds(x: Pick<StageCtx, 'spec' | 't' | 'timeScale'>): number {
  return preStopMillis(x.spec) * x.timeScale + x.t.containerStop;
}
/** Time to stop a container: preStop plus the simulated stop time, capped by the grace period. */
export function stopDelay(x: StageCtx): number {
  return Math.min(stopNeeds(x), graceMillis(x));
}
/** Image pulls of one image on one node share the in-flight pull (kubelet pulls an image once). */
const pullDelay = (x: StageCtx) => x.images.reservePull(x.c.image, x.now, x.t.imagePull);
const runFor = (x: StageCtx) => {
  const v = annotation(x.pod, ANN.runFor);
  const base = v === undefined ? x.t.runToCompletion : safeDuration(v, x.t.runToCompletion / x.timeScale) * x.timeScale;
  return base;
};
const crashBackOffLeft = (x: StageCtx) => Math.max(0, finishedAt(x) + (x.c.crashBackoff?.backoff ?? 0) - x.now);
const imageBackOffLeft = (x: StageCtx) =>
  Math.max(0, (x.c.imageBackoff?.lastUpdate ?? x.now) + (x.c.imageBackoff?.backoff ?? 0) - x.now);

function safeDuration(v: string, fallback: number): number {
  try {
    return parseDuration(v);
  } catch {
    return fallback;
  }
}

// ---- the table -------------------------------------------------------------------------------

const PULLING: readonly ContainerPhase[] = ['Pulling', 'PullRetry'];
/** A pull has begun: its outcome rows apply here, so re-matching never announces the pull twice. */
const IN_FLIGHT: readonly ContainerPhase[] = ['PullInFlight', 'RetryInFlight'];
const WAITING: readonly ContainerPhase[] = [...PULLING, ...IN_FLIGHT, 'PullFailed', 'PullBackOff', 'NeverPull', 'Creating', 'CrashBackOff'];

export const STAGES: readonly Stage[] = [
  // Deletion: running containers get SIGTERM; anything not running is simply given up.
  { name: 'stop-on-delete', from: ['Running', 'Killing'], when: deleting, to: 'Stopping', effect: 'beginStop' },
  { name: 'abandon-on-delete', from: ['Blocked', ...WAITING, 'Exited'], when: deleting, to: 'Stopped', effect: 'abandon' },
  { name: 'stopped', from: ['Stopping'], delay: stopDelay, to: 'Stopped', effect: 'stopped' },

  // Init ordering.
  { name: 'unblock', from: ['Blocked'], when: (x) => x.prereqsDone, to: 'Pulling' },

  // A new image in the spec: a running container is killed and restarted, a waiting one retargets.
  { name: 'image-changed-kill', from: ['Running'], when: imageChanged, to: 'Killing', effect: 'beginKill' },
  { name: 'image-changed-retarget', from: WAITING, when: imageChanged, to: 'Pulling', effect: 'retarget' },

  // Image pull, in kubelet's EnsureImageExists order: no pull needed (present / Never), back-off,
  // else a pull starts (the Pulling event) and later succeeds or fails.
  { name: 'pull-backoff-pending', from: ['Pulling'], when: inImageBackOff, to: 'PullBackOff', effect: 'imageBackOff' },
  { name: 'never-pull-missing', from: PULLING, when: (x) => policy(x) === 'Never' && !cached(x), to: 'NeverPull', effect: 'neverPull' },
  { name: 'image-present', from: PULLING, when: (x) => policy(x) !== 'Always' && cached(x), to: 'Creating', effect: 'imagePresent' },
  { name: 'pull-start', from: ['Pulling'], to: 'PullInFlight', effect: 'pulling' },
  { name: 'pull-retry-start', from: ['PullRetry'], to: 'RetryInFlight', effect: 'pulling' },
  { name: 'pull-broken', from: IN_FLIGHT, when: (x) => isBrokenImage(x.c.image), delay: (x) => x.t.imagePull, to: 'PullFailed', effect: 'pullFailed' },
  // Always with the image cached pays only the registry round trip. (Not for IfNotPresent: such a
  // pull began uncached and, when another pod's pull fills the cache meanwhile, keeps its timer.)
  { name: 'image-check', from: IN_FLIGHT, when: (x) => policy(x) === 'Always' && cached(x), delay: (x) => x.t.imageCheck, to: 'Creating', effect: 'pulled' },
  { name: 'pull', from: IN_FLIGHT, delay: pullDelay, to: 'Creating', effect: 'pulled' },
  // Kubelet's next sync after a failed pull finds the image in back-off.
  { name: 'err-image-pull-to-backoff', from: ['PullFailed'], delay: (x) => Math.min(1000 * x.timeScale, imageBackOffLeft(x)), to: 'PullBackOff', effect: 'imageBackOff' },
  { name: 'image-backoff-expired', from: ['PullBackOff'], delay: imageBackOffLeft, to: 'PullRetry' },

  // Start.
  { name: 'start', from: ['Creating'], delay: (x) => x.t.containerStart, to: 'Running', effect: 'start' },

  // Running: probes, fault injection, completion.
  { name: 'liveness-failed', from: ['Running'], when: (x) => x.c.probes.liveness?.ok === false, to: 'Killing', effect: 'beginKill' },
  { name: 'startup-failed', from: ['Running'], when: (x) => startupGaveUp(x), to: 'Killing', effect: 'beginKill' },
  { name: 'crash', from: ['Running'], when: (x) => flag(x, ANN.crash, 'true'), delay: (x) => x.t.crashAfter, to: 'Exited', effect: 'exit', exitCode: () => 1 },
  { name: 'exit-code', from: ['Running'], when: (x) => exitAnnotation(x) !== undefined, delay: runFor, to: 'Exited', effect: 'exit', exitCode: (x) => exitAnnotation(x)! },
  { name: 'init-completes', from: ['Running'], when: (x) => x.c.init, delay: (x) => x.t.runToCompletion, to: 'Exited', effect: 'exit', exitCode: () => 0 },
  { name: 'killed', from: ['Killing'], delay: stopDelay, to: 'Exited', effect: 'killed' },

  // Restart per restartPolicy, with kubelet's crash back-off (not for spec changes: new container hash, new back-off key).
  { name: 'restart-changed-spec', from: ['Exited'], when: (x) => x.c.killReason === 'spec', to: 'Pulling', effect: 'restart' },
  { name: 'restart', from: ['Exited'], when: (x) => shouldRestart(x) && !inCrashBackOff(x), to: 'Pulling', effect: 'restart' },
  { name: 'crash-loop', from: ['Exited'], when: (x) => shouldRestart(x), to: 'CrashBackOff', effect: 'crashBackOff' },
  { name: 'crash-backoff-expired', from: ['CrashBackOff'], delay: crashBackOffLeft, to: 'Pulling', effect: 'restart' },
];

function startupGaveUp(x: StageCtx): boolean {
  const p = x.c.probes.startup;
  const threshold = x.spec.startupProbe?.failureThreshold ?? 3;
  return !!p && !p.ok && p.failures >= threshold;
}

/** The first row that applies to the container now, if any. */
export function pickStage(x: StageCtx, table: readonly Stage[] = STAGES): Stage | undefined {
  for (const s of table) if (s.from.includes(x.c.phase) && (!s.when || s.when(x))) return s;
  return undefined;
}

/** How each phase appears in containerStatuses[].state. */
export type PhaseView = { kind: 'waiting'; reason: string } | { kind: 'running' } | { kind: 'terminated' };

export const PHASE_VIEW: Readonly<Record<ContainerPhase, PhaseView>> = {
  Blocked: { kind: 'waiting', reason: 'PodInitializing' },
  Pulling: { kind: 'waiting', reason: 'ContainerCreating' },
  PullRetry: { kind: 'waiting', reason: 'ImagePullBackOff' },
  PullInFlight: { kind: 'waiting', reason: 'ContainerCreating' },
  RetryInFlight: { kind: 'waiting', reason: 'ImagePullBackOff' },
  PullFailed: { kind: 'waiting', reason: 'ErrImagePull' },
  PullBackOff: { kind: 'waiting', reason: 'ImagePullBackOff' },
  NeverPull: { kind: 'waiting', reason: 'ErrImageNeverPull' },
  Creating: { kind: 'waiting', reason: 'ContainerCreating' },
  Running: { kind: 'running' },
  Killing: { kind: 'running' },
  Stopping: { kind: 'running' },
  Exited: { kind: 'terminated' },
  CrashBackOff: { kind: 'waiting', reason: 'CrashLoopBackOff' },
  Stopped: { kind: 'terminated' },
};
