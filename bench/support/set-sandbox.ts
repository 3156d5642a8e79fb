// The sandbox the two StatefulSet benchmarks (statefulset.ts, advanced-statefulset.ts) measure on:
// image pull 2 s, container start 1 s and stop 1 s in simulated time, run at time scale 0.2 (1 with
// --huge, which is what the issues specify; any scale with --time-scale=X on the benchmark's
// command line or BENCH_TIME_SCALE=X in its environment), with a PodTracker following one
// namespace. The delays in milliseconds of real time are what the theoretical-minimum model in
// sets.ts is fed with.

import type { ApiClient } from '../../src/client/api-client.js';
import type { BenchArgs } from './benchmark.js';
import { PodTracker } from './pod-tracker.js';
import { spawnServer } from './server.js';
import type { SimDelays } from './sets.js';

export interface SetSandbox {
  client: ApiClient;
  tracker: PodTracker;
  delays: SimDelays;
  scale: number;
  /** The setup line each benchmark reports. */
  setup: string;
}

/** --time-scale=X / --time-scale X (argv) or BENCH_TIME_SCALE, else 1 with --huge, else 0.2. */
export function setTimeScale(args: BenchArgs, argv: string[] = process.argv, env: NodeJS.ProcessEnv = process.env): number {
  const i = argv.findIndex((a) => a === '--time-scale' || a.startsWith('--time-scale='));
  const raw = i < 0 ? env.BENCH_TIME_SCALE : argv[i].includes('=') ? argv[i].slice(argv[i].indexOf('=') + 1) : argv[i + 1];
  if (raw === undefined || raw === '') return args.huge ? 1 : 0.2;
  const scale = Number(raw);
  if (!(scale > 0) || !Number.isFinite(scale)) throw new Error(`--time-scale must be a number > 0, got ${raw}`);
  return scale;
}

/** Starts the sandbox with `nodes` nodes and a tracker on `namespace`, runs `body`, stops both. */
export async function runOnSetSandbox(args: BenchArgs, nodes: number, namespace: string, body: (s: SetSandbox) => Promise<void>): Promise<void> {
  const scale = setTimeScale(args);
  const delays: SimDelays = { pull: 2000 * scale, start: 1000 * scale, stop: 1000 * scale };
  const server = await spawnServer({ nodes, imagePull: '2s', containerStart: '1s', timeScale: scale });
  try {
    const tracker = new PodTracker(server.client, namespace);
    await tracker.start();
    try {
      const setup = `${nodes} nodes, image pull 2 s, container start 1 s, container stop 1 s, time scale ${scale}`;
      await body({ client: server.client, tracker, delays, scale, setup });
    } finally {
      tracker.stop();
    }
  } finally {
    await server.stop();
  }
}
