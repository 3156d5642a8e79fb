// What each stage's effect does to the simulated container: the runtime-side facts (container IDs,
// exit codes, back-off entries, the image cache) plus the log lines and Events kubelet would emit.
// Named by stages.ts; kept apart so the table stays a table.

import { formatDuration } from '../util/duration.js';
import { ANN, annotation } from './annotations.js';
import { nextBackoff } from './backoff.js';
import { imageIdFor, imageSizeBytes, newContainerId, normalizeImage } from './images.js';
import type { Terminated } from './model.js';
import { preStopMillis } from './prestop.js';
import { stopProbes } from './probes.js';
import { graceMillis, stopNeeds, type EffectName, type Stage, type StageCtx } from './stages.js';
import { rfc3339Seconds } from './rfc3339.js';

export interface EffectEnv {
  /** Appends a line to the container's current log. */
  log(line: string): void;
  /** Starts a new log instance (the old one becomes `--previous`). */
  newLogInstance(): void;
  event(type: 'Normal' | 'Warning', reason: string, message: string): void;
}

type Effect = (x: StageCtx, stage: Stage, env: EffectEnv) => void;

const iso = rfc3339Seconds;
const podDesc = (x: StageCtx) => `${x.pod.metadata.name}_${x.pod.metadata.namespace}(${x.pod.metadata.uid})`;

function terminate(x: StageCtx, exitCode: number, reason?: string): Terminated {
  return {
    exitCode,
    reason: reason ?? (exitCode === 0 ? 'Completed' : 'Error'),
    startedAt: x.c.startedAt === undefined ? undefined : iso(x.c.startedAt),
    finishedAt: iso(x.now),
    containerID: x.c.containerID,
  };
}

const clearProbes = (x: StageCtx): void => stopProbes(x.c);

export const EFFECTS: Readonly<Record<EffectName, Effect>> = {
  retarget: (x) => {
    x.c.image = x.spec.image;
    x.c.imageBackoff = undefined;
  },
  imagePresent: (x, _s, env) => {
    env.event('Normal', 'Pulled', `Container image "${x.c.image}" already present on machine`);
  },
  // Kubelet announces every real pull (not a present image, not a pull skipped for back-off),
  // also each retry after a back-off; Pulled or Failed follows when the pull ends.
  pulling: (x, _s, env) => {
    env.event('Normal', 'Pulling', `Pulling image "${x.c.image}"`);
  },
  pulled: (x, s, env) => {
    x.images.add(x.c.image);
    const took = formatDuration(s.name === 'image-check' ? x.t.imageCheck : x.t.imagePull);
    env.event('Normal', 'Pulled', `Successfully pulled image "${x.c.image}" in ${took} (${took} including waiting). Image size: ${imageSizeBytes(x.c.image)} bytes.`);
  },
  pullFailed: (x, _s, env) => {
    const ref = normalizeImage(x.c.image);
    x.c.pullMessage = `failed to pull and unpack image "${ref}": failed to resolve reference "${ref}": ${ref}: not found`;
    x.c.imageBackoff = nextBackoff(x.c.imageBackoff, x.now, x.now, { initial: x.t.imageBackOffInitial, max: x.t.imageBackOffMax });
    env.event('Warning', 'Failed', `Failed to pull image "${x.c.image}": ${x.c.pullMessage}`);
    env.event('Warning', 'Failed', 'Error: ErrImagePull');
  },
  imageBackOff: (x, _s, env) => {
    x.c.pullMessage = `Back-off pulling image "${x.c.image}"`;
    env.event('Normal', 'BackOff', x.c.pullMessage);
    env.event('Warning', 'Failed', 'Error: ImagePullBackOff');
  },
  neverPull: (x, _s, env) => {
    x.c.pullMessage = `Container image "${x.c.image}" is not present with pull policy of Never`;
    env.event('Warning', 'ErrImageNeverPull', x.c.pullMessage);
  },
  start: (x, _s, env) => {
    x.c.containerID = newContainerId();
    x.c.imageID = imageIdFor(x.c.image, annotation(x.pod, ANN.sameDigest) === 'true');
    x.c.startedAt = x.now;
    x.c.terminated = undefined;
    x.c.killReason = undefined;
    x.c.started = !x.spec.startupProbe;
    clearProbes(x);
    env.newLogInstance();
    env.log(`starting container ${x.c.name} from image ${normalizeImage(x.c.image)} (${x.c.imageID}), id ${x.c.containerID}`);
    env.log(`container ${x.c.name} started`);
    env.event('Normal', 'Created', `Created container: ${x.c.name}`);
    env.event('Normal', 'Started', `Started container ${x.c.name}`);
  },
  exit: (x, s, env) => {
    const code = s.exitCode ? s.exitCode(x) : 0;
    x.c.terminated = terminate(x, code);
    clearProbes(x);
    env.log(`container ${x.c.name} exited with code ${code}${s.name === 'crash' ? ' (sim.ordinal.dev/crash)' : ''}`);
  },
  beginKill: (x, s, env) => {
    x.c.killReason = s.name === 'image-changed-kill' ? 'spec' : s.name === 'startup-failed' ? 'startup' : 'liveness';
    const why =
      x.c.killReason === 'spec' ? 'definition changed' : x.c.killReason === 'startup' ? 'failed startup probe' : 'failed liveness probe';
    env.log(`received SIGTERM: container ${x.c.name} ${why}, will be restarted`);
    env.event('Normal', 'Killing', `Container ${x.c.name} ${why}, will be restarted`);
  },
  killed: (x, _s, env) => {
    const forced = x.c.killReason !== 'spec';
    x.c.terminated = terminate(x, forced ? 137 : 0);
    clearProbes(x);
    env.log(`container ${x.c.name} stopped`);
  },
  restart: (x) => {
    if (x.c.terminated) x.c.lastTerminated = x.c.terminated;
    if (x.c.killReason !== 'spec' && x.c.terminated) {
      const finished = Date.parse(x.c.terminated.finishedAt) || x.now;
      x.c.crashBackoff = nextBackoff(x.c.crashBackoff, finished, x.now, { initial: x.t.crashBackOffInitial, max: x.t.crashBackOffMax });
    }
    if (x.c.killReason === 'spec') x.c.crashBackoff = undefined;
    if (x.c.image !== x.spec.image) x.c.image = x.spec.image;
    x.c.terminated = undefined;
    x.c.started = false;
    x.c.restartCount++;
  },
  crashBackOff: (x, _s, env) => {
    env.event('Warning', 'BackOff', `Back-off restarting failed container ${x.c.name} in pod ${podDesc(x)}`);
  },
  beginStop: (x, _s, env) => {
    x.c.killReason = undefined;
    const hook = preStopMillis(x.spec);
    if (hook > 0) env.log(`running preStop hook of container ${x.c.name} (${formatDuration(hook)})`);
    env.log(`received SIGTERM: stopping container ${x.c.name}`);
    env.event('Normal', 'Killing', `Stopping container ${x.c.name}`);
  },
  stopped: (x, _s, env) => {
    const killed = stopNeeds(x) > graceMillis(x);
    x.c.terminated = terminate(x, killed ? 137 : 0);
    clearProbes(x);
    env.log(killed ? `container ${x.c.name} killed (SIGKILL) after the grace period` : `container ${x.c.name} stopped`);
  },
  abandon: (x) => {
    clearProbes(x);
    if (x.c.terminated) return;
    x.c.terminated = {
      exitCode: 137,
      reason: 'ContainerStatusUnknown',
      message: 'The container could not be located when the pod was terminated',
      finishedAt: iso(x.now),
    };
  },
};

/** The message kubelet puts on a CrashLoopBackOff waiting state. */
export function crashLoopMessage(x: StageCtx): string {
  return `back-off ${formatDuration(x.c.crashBackoff?.backoff ?? x.t.crashBackOffInitial)} restarting failed container=${x.c.name} pod=${podDesc(x)}`;
}
