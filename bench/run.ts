// `npm run bench [name...] [--huge]`: runs every benchmark (or those named) one after another, each
// in its own child process with a time budget, then prints the figures table with targets and
// PASS/MISS. Benchmarks measure the issues' "Done when" figures; they are not tests.

import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { FIGURE_MARK, type Benchmark } from './support/benchmark.js';
import { formatTable, type Figure } from './support/figures.js';
import apiServer from './api-server.js';
import scheduling from './scheduling.js';
import dnsIpam from './dns-ipam.js';
import statefulset from './statefulset.js';
import statefulsetMany from './statefulset-many.js';
import advancedStatefulset from './advanced-statefulset.js';

const ALL: Benchmark[] = [apiServer, scheduling, dnsIpam, statefulset, statefulsetMany, advancedStatefulset];

function runOne(b: Benchmark, huge: boolean): Promise<Figure[]> {
  const figs: Figure[] = [];
  const budget = b.budgetMs * (huge ? 4 : 1);
  // A young generation of 64 MiB (16 by default): the load generator allocates ~20 KB per request,
  // and with 50 requests in flight each scavenge promoted the live ones; its old generation then
  // filled every few seconds, and its full collections paused the clock it measures with.
  // --expose-gc: a benchmark may collect its own heap between measured windows (collectOwnHeap).
  const child = spawn(process.execPath, ['--max-semi-space-size=64', '--expose-gc', '--import', 'tsx', join(import.meta.dirname, 'support', 'child.ts'), b.name, ...(huge ? ['--huge'] : [])], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  createInterface({ input: child.stdout! }).on('line', (line) => {
    if (line.startsWith(FIGURE_MARK)) figs.push(JSON.parse(line.slice(FIGURE_MARK.length)) as Figure);
    else process.stdout.write(`${line}\n`);
  });
  const timer = setTimeout(() => {
    figs.push({ bench: b.name, name: 'completed', value: `killed after ${budget / 1000} s`, unit: '', target: 'within budget', pass: false });
    child.kill('SIGKILL');
  }, budget);
  return new Promise((resolve) => {
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code !== 0 && code !== null) figs.push({ bench: b.name, name: 'completed', value: `exit code ${code}`, unit: '', target: 'exit 0', pass: false });
      resolve(figs);
    });
  });
}

const args = process.argv.slice(2);
const huge = args.includes('--huge');
const names = args.filter((a) => !a.startsWith('--'));
const unknown = names.filter((n) => !ALL.some((b) => b.name === n));
if (unknown.length) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; available: ${ALL.map((b) => b.name).join(', ')}`);
  process.exit(2);
}
const selected = names.length ? ALL.filter((b) => names.includes(b.name)) : ALL;
const all: Figure[] = [];
const t0 = performance.now();
for (const b of selected) {
  console.log(`\n=== ${b.name}: ${b.title}`);
  const s = performance.now();
  all.push(...(await runOne(b, huge)));
  console.log(`  (${((performance.now() - s) / 1000).toFixed(1)} s)`);
}
console.log(`\nFigures (${selected.length} benchmark(s), ${((performance.now() - t0) / 1000).toFixed(0)} s, ${process.platform} ${process.arch}, node ${process.version}):\n`);
console.log(formatTable(all));
const missed = all.filter((f) => f.pass === false).length;
console.log(`\n${all.filter((f) => f.pass === true).length} PASS, ${missed} MISS`);
