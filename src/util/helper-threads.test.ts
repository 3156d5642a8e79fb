import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

// Run in a child process, so this test runner's own threads keep their priority. The child prints
// the nice value (field 19 of /proc/<pid>/task/<tid>/stat) of each thread: before, after, and for a
// worker thread started afterwards.
const script = `
import { readdirSync, readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { lowerHelperThreadPriority } from ${JSON.stringify(join(import.meta.dirname, 'helper-threads.ts'))};
const nices = () => Object.fromEntries(readdirSync('/proc/self/task').map((t) => {
  const s = readFileSync('/proc/self/task/' + t + '/stat', 'utf8');
  return [t, Number(s.slice(s.lastIndexOf(')') + 2).split(' ')[16])];
}));
const before = nices();
const lowered = lowerHelperThreadPriority(7);
const after = nices();
const again = lowerHelperThreadPriority(7);
const w = new Worker('setInterval(() => {}, 1000)', { eval: true });
await new Promise((r) => w.once('online', r));
const withWorker = nices();
await w.terminate();
console.log(JSON.stringify({ pid: process.pid, before, lowered, after, again, withWorker }));
`;

test('lowers every thread but the main one, once, and leaves later worker threads at normal priority', { skip: process.platform !== 'linux' }, () => {
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
  const r = JSON.parse(out) as { pid: number; before: Record<string, number>; lowered: number; after: Record<string, number>; again: number; withWorker: Record<string, number> };
  const main = String(r.pid);
  const helpers = Object.keys(r.before).filter((t) => t !== main);
  assert.ok(helpers.length >= 4, `a Node process has V8 platform threads: ${JSON.stringify(r.before)}`);
  assert.ok(helpers.every((t) => r.before[t] === 0));
  assert.equal(r.lowered, helpers.filter((t) => t in r.after).length);
  assert.equal(r.after[main], 0, 'the main thread keeps its priority');
  for (const t of helpers) if (t in r.after) assert.equal(r.after[t], 7, `thread ${t}`);
  assert.equal(r.again, 0, 'nothing left to lower');
  const started = Object.keys(r.withWorker).filter((t) => !(t in r.after));
  assert.ok(started.length >= 1, 'the worker added threads');
  for (const t of started) assert.equal(r.withWorker[t], 0, `worker thread ${t} keeps the normal priority`);
});
