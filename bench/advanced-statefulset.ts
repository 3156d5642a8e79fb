// Issue 6 (Advanced StatefulSet) figures against a real `ordinal up` with 2 s image pull and 1 s
// start: rollout of 100 replicas with ReCreate (maxUnavailable 1), in-place (maxUnavailable 1) and
// in-place (maxUnavailable 50%), each against its theoretical minimum (support/sets.ts), and the
// in-place 50% rollout against a native apps/v1 RollingUpdate of the same size (target ≥ 20×).
// Runs only when the advanced-statefulset controller is running in the sandbox: probed by creating
// a one-replica apps.kruise.io StatefulSet and waiting for its pod.
// Like statefulset.ts, the default run uses --time-scale 0.2 (1 with `--huge`).

import { performance } from 'node:perf_hooks';
import type { ApiClient } from '../src/client/api-client.js';
import { R, at } from '../src/client/resources.js';
import type { Benchmark } from './support/benchmark.js';
import { fig, info, type Figure } from './support/figures.js';
import { loadNote } from './support/machine.js';
import type { PodTracker } from './support/pod-tracker.js';
import { runOnSetSandbox } from './support/set-sandbox.js';
import { minBatchedUpdate, minSequentialUpdate, statefulSet, type SetSpec, type SimDelays } from './support/sets.js';
import { podsOf, reportRatio, untilReady } from './statefulset.js';

const B = 'advanced-statefulset';
const NS = 'default';
const REPLICAS = 100;
const NODES = 10;
type Report = (f: Figure) => void;
const ordinalOf = (name: string) => Number(name.slice(name.lastIndexOf('-') + 1));

async function controllerRunning(c: ApiClient, t: PodTracker): Promise<boolean> {
  try {
    await c.create(at(R.kruiseStatefulsets, NS), statefulSet({ name: 'probe', replicas: 1, image: 'bench.local/app:probe', kruise: { podUpdatePolicy: 'ReCreate', maxUnavailable: 1 } }));
  } catch {
    return false;
  }
  const ok = await t.waitFor((m) => m.has('probe-0'), 10_000, 'probe-0').then(
    () => true,
    () => false,
  );
  await c.delete(at(R.kruiseStatefulsets, NS, 'probe')).catch(() => undefined);
  return ok;
}

interface Rollout {
  name: string;
  label: string;
  kruise?: SetSpec['kruise'];
  batch: number;
}

/** Creates the set at v1, waits Ready, switches to v2 and times until all pods are Ready on v2. */
async function rollout(c: ApiClient, t: PodTracker, r: Rollout, d: SimDelays): Promise<{ ms: number; minMs: number; nodes: string[] }> {
  const v1 = `bench.local/app:${r.name}-v1`;
  const v2 = `bench.local/app:${r.name}-v2`;
  const ref = r.kruise ? R.kruiseStatefulsets : R.statefulsets;
  await c.create(at(ref, NS), statefulSet({ name: r.name, replicas: REPLICAS, image: v1, policy: 'Parallel', kruise: r.kruise }));
  await untilReady(t, r.name, REPLICAS, v1, 120_000);
  const t0 = performance.now();
  await c.patch(at(ref, NS, r.name), 'json', [{ op: 'replace', path: '/spec/template/spec/containers/0/image', value: v2 }]);
  await untilReady(t, r.name, REPLICAS, v2, REPLICAS * 20 * (d.stop + d.start) + 60_000);
  const ms = performance.now() - t0;
  const nodes = podsOf(t, r.name)
    .sort((a, b) => ordinalOf(b.name) - ordinalOf(a.name))
    .map((p) => p.node ?? '?');
  const minMs = r.batch === 1 ? minSequentialUpdate(nodes, d) : minBatchedUpdate(nodes, r.batch, d);
  return { ms, minMs, nodes };
}

async function runAll(c: ApiClient, t: PodTracker, d: SimDelays, scale: number, report: Report): Promise<void> {
  const model = (batch: number) =>
    batch === 1
      ? `one pod at a time, highest ordinal first: stop ${d.stop} ms + start ${d.start} ms, + pull ${d.pull} ms for the first new pod on each node`
      : `waves of ${batch}: stop ${d.stop} ms + start ${d.start} ms per wave, + pull ${d.pull} ms in a wave holding a node's first new pod`;
  const cases: Rollout[] = [
    { name: 'recreate', label: 'ReCreate, maxUnavailable 1', kruise: { podUpdatePolicy: 'ReCreate', maxUnavailable: 1 }, batch: 1 },
    { name: 'inplace1', label: 'in-place, maxUnavailable 1', kruise: { podUpdatePolicy: 'InPlaceIfPossible', maxUnavailable: 1 }, batch: 1 },
    { name: 'inplace50', label: 'in-place, maxUnavailable 50%', kruise: { podUpdatePolicy: 'InPlaceIfPossible', maxUnavailable: '50%' }, batch: REPLICAS / 2 },
  ];
  const times = new Map<string, number>();
  for (const r of cases) {
    const m = await rollout(c, t, r, d);
    times.set(r.name, m.ms);
    reportRatio(B, { label: `${r.label} (${REPLICAS} replicas)`, ms: m.ms, minMs: m.minMs, steps: REPLICAS / r.batch, scale, model: model(r.batch) }, report);
  }
  const native = await rollout(c, t, { name: 'native', label: 'native RollingUpdate', batch: 1 }, d);
  report(info(B, `native apps/v1 RollingUpdate (${REPLICAS} replicas)`, native.ms / 1000, 's', `min ${(native.minMs / 1000).toFixed(2)} s`));
  const speedup = native.ms / times.get('inplace50')!;
  report(fig(B, 'in-place 50% speed-up over native RollingUpdate', speedup, '×', '>=', 20, loadNote()));
}

const bench: Benchmark = {
  name: B,
  title: 'issue 6 — Advanced StatefulSet: ReCreate / in-place rollouts of 100 replicas',
  budgetMs: 420_000,
  async run(args, report) {
    await runOnSetSandbox(args, NODES, NS, async ({ client, tracker, delays, scale, setup }) => {
      if (!(await controllerRunning(client, tracker))) {
        report(info(B, 'rollouts', 'skipped: advanced-statefulset controller not running'));
        return;
      }
      report(info(B, 'setup', setup));
      await runAll(client, tracker, delays, scale, report);
    });
  },
};
export default bench;
