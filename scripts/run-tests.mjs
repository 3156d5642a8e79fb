#!/usr/bin/env node
// Finds every *.test.ts under src/ and test/ and runs them with node's built-in test runner (through tsx).
// `--unit` skips the black-box suites in test/e2e, which start real sandboxes.
//
// Black-box files that fail are run once more, on their own, and the run says so loudly: a few
// e2e scenarios are still timing-sensitive on a loaded 2-core machine (see the closing notes of
// the issues). Unit test failures are never retried.
import { readdirSync, statSync, readFileSync, mkdtempSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import os from 'node:os';

const unitOnly = process.argv.includes('--unit');
const filters = process.argv.slice(2).filter((a) => !a.startsWith('--'));
function walk(dir, out) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}
let files = [...walk('src', []), ...walk('test', [])].sort();
if (unitOnly) files = files.filter((f) => !f.startsWith(join('test', 'e2e')));
if (filters.length) files = files.filter((f) => filters.some((x) => f.includes(x)));
const concurrency = Math.max(2, Math.min(4, os.cpus().length * 2));

const failedList = join(mkdtempSync(join(tmpdir(), 'ordinal-tests-')), 'failed.txt');
const reporter = join('scripts', 'failed-files-reporter.mjs');
const run = (list, extra) =>
  spawnSync(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, ...extra, ...list], { stdio: 'inherit' });

const first = run(files, ['--test-reporter=tap', '--test-reporter-destination=stdout', `--test-reporter=./${reporter}`, `--test-reporter-destination=${failedList}`]);
if (first.status === 0) process.exit(0);

let failed = [];
try {
  failed = readFileSync(failedList, 'utf8').split('\n').filter(Boolean).map((f) => relative(process.cwd(), f));
} catch {
  failed = [];
}
const e2e = failed.filter((f) => f.startsWith(`test${sep}e2e${sep}`));
if (failed.length === 0 || e2e.length !== failed.length) process.exit(first.status ?? 1);

console.log(`\n*** ${e2e.length} black-box file(s) failed; running them once more on their own: ${e2e.join(', ')} ***\n`);
const second = run(e2e, []);
process.exit(second.status ?? 1);
