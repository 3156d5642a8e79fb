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
import type { PodTimes, PodTracker } from './support/pod-tracker.js';
import { runOnSetSandbox } from './support/set-sandbox.js';
import { firstOnNode, minBatchedUpdate, minSequentialUpdate, statefulSet, type SetSpec, type SimDelays } from './support/sets.js';
import { median, podsOf, recreateBreakdown, reportRatio, untilReady } from './statefulset.js';

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

interface Measured {
  ms: number;
  minMs: number;
  t0: number;
  /** The set's pods, highest ordinal (first updated) first. */
  pods: PodTimes[];
}

/** Creates the set at v1, waits Ready, switches to v2 and times until all pods are Ready on v2. */
async function rollout(c: ApiClient, t: PodTracker, r: Rollout, d: SimDelays): Promise<Measured> {
  const v1 = `bench.local/app:${r.name}-v1`;
  const v2 = `bench.local/app:${r.name}-v2`;
  const ref = r.kruise ? R.kruiseStatefulsets : R.statefulsets;
  await c.create(at(ref, NS), statefulSet({ name: r.name, replicas: REPLICAS, image: v1, policy: 'Parallel', kruise: r.kruise }));
  await untilReady(t, r.name, REPLICAS, v1, 120_000);
  const t0 = performance.now();
  await c.patch(at(ref, NS, r.name), 'json', [{ op: 'replace', path: '/spec/template/spec/containers/0/image', value: v2 }]);
  const ms = (await untilReady(t, r.name, REPLICAS, v2, REPLICAS * 20 * (d.stop + d.start) + 60_000)) - t0;
  const pods = podsOf(t, r.name).sort((a, b) => ordinalOf(b.name) - ordinalOf(a.name));
  const nodes = pods.map((p) => p.node ?? '?');
  const minMs = r.batch === 1 ? minSequentialUpdate(nodes, d) : minBatchedUpdate(nodes, r.batch, d);
  return { ms, minMs, t0, pods };
}

/**
 * An in-place rollout hop by hop, per wave of `batch` pods in update order (one pod for
 * maxUnavailable 1: medians over the steps). A wave is triggered by the previous wave's last Ready
 * (the rollout's start for the first) and split along its slowest pod at each hop: controller
 * (trigger → spec image changed: InPlaceUpdateReady=False, then the image patch), node (image
 * changed → container running the new image, minus the simulated stop/pull/start), gate
 * (running → InPlaceUpdateReady=True: the controller noticing the restarted container) and
 * readiness (gate → Ready: the node agent).
 */
export function inPlaceBreakdown(m: Measured, batch: number, d: SimDelays): string {
  const pulls = firstOnNode(m.pods.map((p) => p.node ?? '?'));
  const waves: number[][] = [];
  const perPod: number[][] = [];
  let trigger = m.t0;
  for (let i = 0; i < m.pods.length; i += batch) {
    const w = m.pods.slice(i, i + batch);
    const last = (f: (p: PodTimes) => number | undefined) => Math.max(...w.map((p) => f(p) ?? NaN));
    const sim = d.stop + d.start + (pulls.slice(i, i + batch).some(Boolean) ? d.pull : 0);
    const [image, running, gate, ready] = [last((p) => p.imageAt), last((p) => p.runningAt), last((p) => p.gateAt), last((p) => p.readyAt)];
    waves.push([image - trigger, running - image - sim, gate - running, ready - gate]);
    // The same hops pod by pod (medians): a wave's hop is its slowest pod's, these show the typical one.
    perPod.push([median(w.map((p) => (p.gateAt ?? NaN) - (p.runningAt ?? NaN))), median(w.map((p) => (p.readyAt ?? NaN) - (p.gateAt ?? NaN)))]);
    trigger = ready;
  }
  const fmt = (h: number[]) => `controller ${h[0].toFixed(0)} ms, node ${h[1].toFixed(0)} ms, gate flip ${h[2].toFixed(0)} ms, Ready ${h[3].toFixed(0)} ms`;
  if (batch > 1) return waves.map((h, i) => `wave ${i + 1}: ${fmt(h)} (per pod, median: gate flip ${perPod[i][0].toFixed(0)} ms, Ready ${perPod[i][1].toFixed(0)} ms)`).join('; ');
  return `median per step over ${waves.length} steps: ${fmt([0, 1, 2, 3].map((k) => median(waves.map((h) => h[k]))))}`;
}

async function runAll(c: ApiClient, t: PodTracker, d: SimDelays, scale: number, report: Report): Promise<void> {
  const how = (recreate: boolean) =>
    recreate
      ? 'delete, container stop, replacement created, pull, start'
      : 'in place (grace period 0): the image change kills the container (stop), pulls the new image, starts it; the InPlaceUpdateReady gate flip and Ready are overhead';
  const model = (batch: number, recreate: boolean) =>
    batch === 1
      ? `one pod at a time, highest ordinal first, ${how(recreate)}: stop ${d.stop} ms + start ${d.start} ms, + pull ${d.pull} ms for the first new pod on each node (one pull per node, shared)`
      : `waves of ${batch} (maxUnavailable), ${how(recreate)}: stop ${d.stop} ms + start ${d.start} ms per wave, + pull ${d.pull} ms in a wave holding a node's first new pod (one pull per node, shared by that node's pods)`;
  const cases: Rollout[] = [
    { name: 'recreate', label: 'ReCreate, maxUnavailable 1', kruise: { podUpdatePolicy: 'ReCreate', maxUnavailable: 1 }, batch: 1 },
    { name: 'inplace1', label: 'in-place, maxUnavailable 1', kruise: { podUpdatePolicy: 'InPlaceIfPossible', maxUnavailable: 1 }, batch: 1 },
    { name: 'inplace50', label: 'in-place, maxUnavailable 50%', kruise: { podUpdatePolicy: 'InPlaceIfPossible', maxUnavailable: '50%' }, batch: REPLICAS / 2 },
  ];
  // BENCH_ROLLOUTS=inplace50,native runs only those (names above, and "native").
  const only = process.env.BENCH_ROLLOUTS?.split(',');
  const picked = (name: string) => !only || only.includes(name);
  const times = new Map<string, number>();
  for (const r of cases.filter((x) => picked(x.name))) {
    const m = await rollout(c, t, r, d);
    times.set(r.name, m.ms);
    reportRatio(B, { label: `${r.label} (${REPLICAS} replicas)`, ms: m.ms, minMs: m.minMs, steps: REPLICAS / r.batch, scale, model: model(r.batch, r.kruise?.podUpdatePolicy === 'ReCreate') }, report);
    const hops = r.kruise?.podUpdatePolicy === 'ReCreate' ? recreateBreakdown(t, m.pods, m.t0, d) : inPlaceBreakdown(m, r.batch, d);
    report(info(B, `${r.label}: where the time goes`, hops));
  }
  if (!picked('native') || !times.has('inplace50')) return;
  const native = await rollout(c, t, { name: 'native', label: 'native RollingUpdate', batch: 1 }, d);
  report(info(B, 'native RollingUpdate: where the time goes', recreateBreakdown(t, native.pods, native.t0, d)));
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
