// Issue 5 (StatefulSet controller) figures against a real `ordinal up` with 2 s image pull and 1 s
// container start: scale 0→100 OrderedReady and Parallel, and a 100-replica RollingUpdate, each
// compared with its theoretical minimum (model in support/sets.ts, computed from the nodes the
// pods actually landed on). The 1,000 StatefulSets × 10 replicas figure is statefulset-many.ts.
//
// The sequential scenarios take ~100 steps of 1–4 simulated seconds each; to keep `npm run bench`
// near 10 minutes they run at --time-scale 0.2 unless `--huge` is given (then 1). A smaller scale
// is the harsher test: the controller's fixed per-step cost weighs 5× more against the minimum;
// the per-step overhead in ms is printed so the scale-1 ratio can be read off too.

import { performance } from 'node:perf_hooks';
import { R, at } from '../src/client/resources.js';
import type { ApiClient } from '../src/client/api-client.js';
import type { Benchmark } from './support/benchmark.js';
import { fig, info, type Figure } from './support/figures.js';
import { PodTracker, type PodTimes } from './support/pod-tracker.js';
import { runOnSetSandbox } from './support/set-sandbox.js';
import { minOrderedScaleUp, minParallelScaleUp, minSequentialUpdate, statefulSet, type SimDelays } from './support/sets.js';

const B = 'statefulset';
type Report = (f: Figure) => void;
const NS = 'default';
const REPLICAS = 100;
const NODES = 10;

const ordinalOf = (name: string) => Number(name.slice(name.lastIndexOf('-') + 1));

export interface Measured {
  label: string;
  ms: number;
  minMs: number;
  steps: number;
  scale: number;
  model: string;
}

/** The ratio figure (target overhead < 5 %) plus per-step overhead. */
export function reportRatio(bench: string, m: Measured, report: Report): void {
  const overhead = (m.ms / m.minMs - 1) * 100;
  const perStep = (m.ms - m.minMs) / m.steps;
  // Same absolute controller overhead over the minimum at time scale 1 (the delays grow, it doesn't).
  const at1 = m.scale === 1 ? '' : `; same overhead at time scale 1 would be ${(((m.ms - m.minMs) / (m.minMs / m.scale)) * 100).toFixed(1)} %`;
  report(
    fig(bench, `${m.label}: overhead vs theoretical minimum`, overhead, '%', '<', 5, `${(m.ms / 1000).toFixed(2)} s vs min ${(m.minMs / 1000).toFixed(2)} s (ratio ${(m.ms / m.minMs).toFixed(3)}) at time scale ${m.scale}; ${perStep.toFixed(0)} ms overhead per step over ${m.steps} steps${at1}; model: ${m.model}`),
  );
}

/** Wall time until `n` pods of `set` run `image` and are Ready. */
export async function untilReady(t: PodTracker, set: string, n: number, image: string, timeoutMs: number): Promise<void> {
  await t.waitFor((m) => [...m.values()].filter((p) => p.name.startsWith(`${set}-`) && p.image === image && p.readyAt !== undefined && p.deletedAt === undefined).length >= n, timeoutMs, `${n} pods of ${set} Ready on ${image}`);
}

export function podsOf(t: PodTracker, set: string): PodTimes[] {
  return [...t.pods.values()].filter((p) => p.name.startsWith(`${set}-`) && Number.isInteger(ordinalOf(p.name)));
}

async function scaleUp(c: ApiClient, t: PodTracker, policy: 'OrderedReady' | 'Parallel', d: SimDelays, scale: number, report: Report): Promise<void> {
  const name = policy === 'Parallel' ? 'par' : 'ord';
  const image = `bench.local/app:${name}`;
  await c.create(at(R.statefulsets, NS), statefulSet({ name, replicas: 0, image, policy }));
  const t0 = performance.now();
  await c.patch(at(R.statefulsets, NS, name, 'scale'), 'merge', { spec: { replicas: REPLICAS } });
  const minMs = policy === 'Parallel' ? minParallelScaleUp(d) : undefined;
  await untilReady(t, name, REPLICAS, image, 20 * (minMs ?? REPLICAS * (d.start + d.pull)) + 30_000);
  const ms = performance.now() - t0;
  const pods = podsOf(t, name).sort((a, b) => ordinalOf(a.name) - ordinalOf(b.name));
  const nodes = pods.map((p) => p.node ?? '?');
  const model =
    policy === 'Parallel'
      ? `all ${REPLICAS} pods at once; each node pulls once (${d.pull} ms) then starts (${d.start} ms)`
      : `pods one after another: ${d.start} ms start each + ${d.pull} ms pull for the first pod on each node (${new Set(nodes).size} nodes used)`;
  reportRatio(B, { label: `scale 0→${REPLICAS} ${policy}`, ms, minMs: minMs ?? minOrderedScaleUp(nodes, d), steps: policy === 'Parallel' ? 1 : REPLICAS, scale, model }, report);
  report(info(B, `scale 0→${REPLICAS} ${policy}: timeline`, t.timeline(pods, t0)));
  if (policy === 'OrderedReady') report(info(B, 'OrderedReady: where each step waits (median)', stepBreakdown(pods, d)));
}

/**
 * For sequential scale-up, splits each step's overhead between the hops of the chain: previous pod
 * Ready → this pod created (StatefulSet controller), created → bound (scheduler), bound → Ready
 * minus the simulated pull/start (node agent), as seen by this process's watch.
 */
function stepBreakdown(pods: PodTimes[], d: SimDelays): string {
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
  const ctrl: number[] = [];
  const sched: number[] = [];
  const agent: number[] = [];
  const seenNodes = new Set<string>();
  pods.forEach((p, i) => {
    const prev = pods[i - 1];
    if (prev?.readyAt !== undefined) ctrl.push(p.seenAt - prev.readyAt);
    if (p.scheduledAt !== undefined) sched.push(p.scheduledAt - p.seenAt);
    const pull = p.node && !seenNodes.has(p.node) ? d.pull : 0;
    if (p.node) seenNodes.add(p.node);
    if (p.readyAt !== undefined && p.scheduledAt !== undefined) agent.push(p.readyAt - p.scheduledAt - pull - d.start);
  });
  return `controller (prev Ready → created) ${med(ctrl).toFixed(1)} ms, scheduler (created → bound) ${med(sched).toFixed(1)} ms, node agent (bound → Ready − simulated delays) ${med(agent).toFixed(1)} ms`;
}

async function rollingUpdate(c: ApiClient, t: PodTracker, d: SimDelays, scale: number, report: Report): Promise<void> {
  const name = 'ru';
  const v1 = 'bench.local/app:ru-v1';
  const v2 = 'bench.local/app:ru-v2';
  await c.create(at(R.statefulsets, NS), statefulSet({ name, replicas: REPLICAS, image: v1, policy: 'Parallel' }));
  await untilReady(t, name, REPLICAS, v1, 120_000);
  const t0 = performance.now();
  await c.patch(at(R.statefulsets, NS, name), 'json', [{ op: 'replace', path: '/spec/template/spec/containers/0/image', value: v2 }]);
  await untilReady(t, name, REPLICAS, v2, REPLICAS * 20 * (d.stop + d.start) + 60_000);
  const ms = performance.now() - t0;
  const pods = podsOf(t, name).sort((a, b) => ordinalOf(b.name) - ordinalOf(a.name));
  reportRatio(
    B,
    {
      label: `RollingUpdate of ${REPLICAS} replicas`,
      ms,
      minMs: minSequentialUpdate(pods.map((p) => p.node ?? '?'), d),
      steps: REPLICAS,
      scale,
      model: `highest ordinal first, one pod at a time: stop ${d.stop} ms + start ${d.start} ms, + pull ${d.pull} ms for the first new pod on each node`,
    },
    report,
  );
}

const bench: Benchmark = {
  name: B,
  title: 'issue 5 — StatefulSet controller: scale 0→100 (OrderedReady, Parallel) and RollingUpdate vs theoretical minimum',
  budgetMs: 420_000,
  async run(args, report) {
    await runOnSetSandbox(args, NODES, NS, async ({ client, tracker, delays, scale, setup }) => {
      report(info(B, 'setup', setup));
      await scaleUp(client, tracker, 'Parallel', delays, scale, report);
      await scaleUp(client, tracker, 'OrderedReady', delays, scale, report);
      await rollingUpdate(client, tracker, delays, scale, report);
    });
  },
};
export default bench;
