// SimTimings: every simulated duration of nodes and node agents in one object, so `--time-scale`
// can shrink all of them at once and tests can zero them. Values are given as duration strings
// (parsed by util/duration) or milliseconds; `scaleTimings` turns them into effective milliseconds.

import { parseDuration } from '../util/duration.js';

export interface SimTimings {
  /** First pull of an image on a node. */
  imagePull: number;
  /** `imagePullPolicy: Always` with the image already cached: the registry round trip. */
  imageCheck: number;
  /** Sandbox + container create + start. */
  containerStart: number;
  /** SIGTERM to exit; capped by the pod's grace period. */
  containerStop: number;
  /** How long a crashing (`sim.ordinal.dev/crash`) container runs before exiting 1. */
  crashAfter: number;
  /** How long a container with `sim.ordinal.dev/exit-code` runs before exiting (unless `sim.ordinal.dev/run-for`). */
  runToCompletion: number;
  /** Lease renewal period (kubelet: leaseDuration/4 = 10s). */
  leaseRenew: number;
  /** How often the agent checks node status (kubelet nodeStatusUpdateFrequency 10s). */
  nodeStatusUpdate: number;
  /** Unchanged node status is still reported this often (kubelet nodeStatusReportFrequency 5m). */
  nodeStatusReport: number;
  /** Kubelet's container restart back-off: initial and cap. */
  crashBackOffInitial: number;
  crashBackOffMax: number;
  /** Kubelet's image pull back-off: initial and cap. */
  imageBackOffInitial: number;
  imageBackOffMax: number;
}

export const DEFAULT_TIMINGS: Readonly<SimTimings> = Object.freeze({
  imagePull: 2000,
  imageCheck: 100,
  containerStart: 1000,
  containerStop: 1000,
  crashAfter: 1000,
  runToCompletion: 1000,
  leaseRenew: 10_000,
  nodeStatusUpdate: 10_000,
  nodeStatusReport: 300_000,
  crashBackOffInitial: 10_000,
  crashBackOffMax: 300_000,
  imageBackOffInitial: 10_000,
  imageBackOffMax: 300_000,
});

/** Periodic work (lease renewals, status checks) never runs more often than this, whatever the scale. */
export const PERIODIC_FLOOR_MS = 50;

const PERIODIC: ReadonlyArray<keyof SimTimings> = ['leaseRenew', 'nodeStatusUpdate', 'nodeStatusReport'];

export type TimingsInput = Partial<Record<keyof SimTimings, number | string>>;

/** Defaults overlaid with `input` (strings parsed as durations), each multiplied by `timeScale`. */
export function scaleTimings(input: TimingsInput = {}, timeScale = 1): SimTimings {
  if (!(timeScale > 0) || !Number.isFinite(timeScale)) throw new Error(`time scale must be a number > 0, got ${timeScale}`);
  const out = { ...DEFAULT_TIMINGS } as SimTimings;
  for (const key of Object.keys(out) as Array<keyof SimTimings>) {
    const raw = input[key];
    const base = raw === undefined ? out[key] : typeof raw === 'number' ? raw : parseDuration(raw);
    if (base < 0) throw new Error(`timing ${key} must not be negative`);
    out[key] = base * timeScale;
    if (PERIODIC.includes(key)) out[key] = Math.max(out[key], PERIODIC_FLOOR_MS);
  }
  return out;
}

/** Scales a duration that comes from an object (probe periods, tolerationSeconds) the same way. */
export function scaled(ms: number, timeScale: number, floor = 0): number {
  return Math.max(ms * timeScale, floor);
}
