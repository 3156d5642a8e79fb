// Issue 5 (StatefulSet controller) figure: 1,000 StatefulSets × 10 replicas (OrderedReady) created
// over HTTPS against a real `ordinal up --nodes 100` with zero simulated delays, timed from the
// first create to all 10,000 pods Ready (target < 60 s). Prints progress every 15 s so a slow run
// shows where it stalls (created / scheduled / Ready, and the server's CPU time).

import { performance } from 'node:perf_hooks';
import { R, at } from '../src/client/resources.js';
import type { Benchmark } from './support/benchmark.js';
import { fig, info, type Figure } from './support/figures.js';
import { closedLoop } from './support/load.js';
import { loadNote } from './support/machine.js';
import { PodTracker } from './support/pod-tracker.js';
import { spawnServer } from './support/server.js';
import { statefulSet } from './support/sets.js';

const B = 'statefulset-many';
const NS = 'default';
type Report = (f: Figure) => void;

async function thousandSets(report: Report): Promise<void> {
  const s = await spawnServer({ nodes: 100, imagePull: '0s', containerStart: '0s' });
  try {
    const t = new PodTracker(s.client, NS);
    await t.start();
    const t0 = performance.now();
    const c = await closedLoop({ workers: 20, total: 1000, op: (w, i) => s.client.create(at(R.statefulsets, NS), statefulSet({ name: `s${w}x${i}`, replicas: 10, image: 'bench.local/app:many' })) });
    report(info(B, '1,000 StatefulSets created', c.elapsedMs, 'ms', `${c.errors} errors${c.firstError ? `: ${c.firstError}` : ''}`));
    let err = '';
    const progress = setInterval(() => {
      const pods = [...t.pods.values()];
      console.log(`    … +${((performance.now() - t0) / 1000).toFixed(0)} s: ${pods.length} pods, ${pods.filter((p) => p.scheduledAt !== undefined).length} scheduled, ${pods.filter((p) => p.readyAt !== undefined).length} Ready; server CPU ${(s.cpuMs() / 1000).toFixed(0)} s`);
    }, 15_000);
    await t.waitFor((m) => [...m.values()].filter((p) => p.readyAt !== undefined).length >= 10_000, 240_000, '10,000 pods Ready').catch((e: Error) => (err = e.message));
    clearInterval(progress);
    const ms = performance.now() - t0;
    const ready = [...t.pods.values()].filter((p) => p.readyAt !== undefined).length;
    t.stop();
    report(fig(B, '1,000 StatefulSets × 10 replicas on 100 nodes: create → all Ready', err ? 'not reached' : ms / 1000, 's', '<', 60, err ? `${ready} of 10,000 Ready; ${err}` : `OrderedReady, zero delays; ${loadNote()}; server peak RSS ${s.memory().peakMiB.toFixed(0)} MiB`));
  } finally {
    await s.stop();
  }
}

const bench: Benchmark = {
  name: B,
  title: 'issue 5 — 1,000 StatefulSets × 10 replicas on 100 nodes, zero delays',
  budgetMs: 300_000,
  run: (_args, report) => thousandSets(report),
};
export default bench;
