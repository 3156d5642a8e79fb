// Issue 3 (scheduler and node agents) figures: 10,000 bare pods created over HTTPS against a real
// `ordinal up --nodes 100 --image-pull 0 --container-start 0`; pods scheduled per second, create →
// all Ready, and the server's peak RSS. `--huge` adds 100,000 pods on 1,000 nodes, held Ready with
// heartbeats running for a while, against the 4 GiB RSS target. BENCH_SCHEDULING=PODS/NODES runs one
// scenario of that size instead (e.g. 20000/1000: the 1,000-node costs in a minute, not five).

import { performance } from 'node:perf_hooks';
import type { KubeObject } from '../src/apimachinery/types.js';
import { R, at } from '../src/client/resources.js';
import type { Benchmark } from './support/benchmark.js';
import { fig, info, type Figure } from './support/figures.js';
import { closedLoop } from './support/load.js';
import { loadNote } from './support/machine.js';
import { PodTracker } from './support/pod-tracker.js';
import { spawnServer } from './support/server.js';

const B = 'scheduling';

interface Scenario {
  pods: number;
  nodes: number;
  /** The issue's target for create → all Ready, if it sets one; also bounds the wait (×4, or 600 s). */
  readyTargetS?: number;
  /** Judge the 1,000 pods/s scheduling target (issue 3 sets it for 10,000 pods on 100 nodes). */
  rateTarget?: boolean;
  /** Hold the pods Ready this long afterwards (heartbeats running) before reading RSS. */
  holdMs: number;
  rssTargetMiB?: number;
}

const pod = (ns: string, name: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: ns, labels: { app: 'sched-bench' } },
  spec: { terminationGracePeriodSeconds: 0, containers: [{ name: 'app', image: 'nginx:1.25', imagePullPolicy: 'IfNotPresent' }] },
});

async function scenario(sc: Scenario, report: (f: Figure) => void): Promise<void> {
  const label = `${sc.pods} pods / ${sc.nodes} nodes`;
  const s = await spawnServer({ nodes: sc.nodes, imagePull: '0s', containerStart: '0s' });
  try {
    const nodes = (await s.client.list(R.nodes)).items.length;
    report(info(B, `[${label}] server ready (nodes registered: ${nodes})`, s.readyMs, 'ms'));
    const ns = 'sched';
    await s.client.create(R.namespaces, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    const tracker = new PodTracker(s.client, ns);
    await tracker.start();
    const ref = at(R.pods, ns);
    const cpu0 = s.cpuMs();
    const t0 = performance.now();
    const c = await closedLoop({ workers: 50, total: sc.pods, op: (w, i) => s.client.create(ref, pod(ns, `p-${w}-${i}`)) });
    const createdAt = performance.now();
    report(info(B, `[${label}] pods created`, c.perSecond, 'pods/s', `${c.ops} in ${(c.elapsedMs / 1000).toFixed(1)} s, ${c.errors} errors${c.firstError ? `: ${c.firstError}` : ''}`));
    const budget = sc.readyTargetS ? sc.readyTargetS * 1000 * 4 : 600_000;
    let timedOut = '';
    await tracker.waitFor((m) => [...m.values()].filter((p) => p.readyAt !== undefined).length >= c.ops, budget, 'all pods Ready').catch((e: Error) => (timedOut = e.message));
    const recs = [...tracker.pods.values()];
    const sched = recs.map((p) => p.scheduledAt).filter((t): t is number => t !== undefined);
    const ready = recs.map((p) => p.readyAt).filter((t): t is number => t !== undefined);
    const lastSched = Math.max(...sched);
    const lastReady = Math.max(...ready);
    // While pods are still being created the scheduler can go no faster than the client creates;
    // its own rate is how fast it drains the backlog left when creation ends.
    const backlog = sched.filter((t) => t > createdAt).length;
    const drainMs = lastSched - createdAt;
    const drain = backlog >= 500 && drainMs > 0 ? (backlog / drainMs) * 1000 : undefined;
    const e2e = (sched.length / (lastSched - t0)) * 1000;
    report(info(B, `[${label}] pods scheduled per second, first create → last bind`, e2e, 'pods/s', `${sched.length} scheduled in ${((lastSched - t0) / 1000).toFixed(1)} s; creation took ${((createdAt - t0) / 1000).toFixed(1)} s`));
    const schedNote = drain ? `scheduler draining a backlog of ${backlog} unscheduled pods after creation ended (${drainMs.toFixed(0)} ms)` : 'end to end (no backlog: the scheduler kept up with creation)';
    const schedName = `[${label}] pods scheduled per second`;
    report(sc.rateTarget ? fig(B, schedName, drain ?? e2e, 'pods/s', '>=', 1000, schedNote) : info(B, schedName, drain ?? e2e, 'pods/s', schedNote));
    const readyS = timedOut ? 'not reached' : (lastReady - t0) / 1000;
    const note = timedOut ? `${ready.length} of ${c.ops} Ready: ${timedOut}` : loadNote();
    const name = `[${label}] first create → all Ready`;
    report(sc.readyTargetS ? fig(B, name, readyS, 's', '<', sc.readyTargetS, note) : info(B, name, readyS, 's', note));
    const cpu = s.cpuMs() - cpu0;
    report(info(B, `[${label}] server CPU per pod (create + schedule + run to Ready)`, cpu / c.ops, 'ms', `${(cpu / 1000).toFixed(1)} s CPU in ${((lastReady - t0) / 1000).toFixed(1)} s wall; ceiling ≈ ${Math.round((1000 * c.ops) / cpu)} pods/s per fully used core`));
    tracker.stop();
    if (sc.holdMs) await new Promise((r) => setTimeout(r, sc.holdMs));
    const m = s.memory();
    if (sc.rssTargetMiB) report(fig(B, `[${label}] server RSS, Ready and heartbeating`, m.rssMiB, 'MiB', '<', sc.rssTargetMiB, `peak ${m.peakMiB.toFixed(0)} MiB`));
    else report(info(B, `[${label}] server peak RSS`, m.peakMiB, 'MiB', `current ${m.rssMiB.toFixed(0)} MiB`));
  } finally {
    await s.stop();
  }
}

/** BENCH_SCHEDULING=PODS/NODES: one scenario of that size, held Ready 10 s before RSS is read. */
function customScenario(spec: string | undefined): Scenario | undefined {
  if (!spec) return undefined;
  const m = /^(\d+)\/(\d+)$/.exec(spec.trim());
  if (!m) throw new Error(`BENCH_SCHEDULING must be PODS/NODES (e.g. 20000/1000), got "${spec}"`);
  return { pods: Number(m[1]), nodes: Number(m[2]), holdMs: 10_000, rateTarget: true };
}

const bench: Benchmark = {
  name: B,
  title: 'issue 3 — scheduler and node agents: 10,000 pods on 100 nodes, zero simulated delays',
  budgetMs: 180_000,
  async run(args, report) {
    const custom = customScenario(process.env.BENCH_SCHEDULING);
    if (custom) return scenario(custom, report);
    await scenario({ pods: 10_000, nodes: 100, readyTargetS: 30, holdMs: 0, rateTarget: true }, report);
    // At 100,000 pods issue 3 asks for Ready with heartbeats under 4 GiB; the rate is information.
    if (args.huge) await scenario({ pods: 100_000, nodes: 1000, holdMs: 30_000, rssTargetMiB: 4096 }, report);
  },
};
export default bench;
