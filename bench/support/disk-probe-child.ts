// The disk probe, in a process of its own: `node --import tsx bench/support/disk-probe-child.ts
// <dir> <syncs per second>`. It overwrites 4 KiB blocks of a file of its own in <dir> and fsyncs
// after each, at a steady rate, as a store's commits do but with nothing of the server's involved.
// Each line "report" on stdin is answered with one JSON line (DiskProbeReport) about the syncs since
// the previous report; the probe ends when stdin closes.

import { closeSync, fsyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';

const [parent, rateArg] = process.argv.slice(2);
const dir = mkdtempSync(join(parent, 'ordinal-disk-probe-'));
const fd = openSync(join(dir, 'probe'), 'w');
const BLOCK = Buffer.alloc(4096, 0x5a);
/** Blocks in the file: written once up front, then overwritten in turn, so syncs never grow it. */
const BLOCKS = 256;
for (let i = 0; i < BLOCKS; i++) writeSync(fd, BLOCK, 0, BLOCK.length, i * BLOCK.length);
fsyncSync(fd);

let next = 0;
let syncs: number[] = [];
const timer = setInterval(() => {
  const t = performance.now();
  writeSync(fd, BLOCK, 0, BLOCK.length, (next++ % BLOCKS) * BLOCK.length);
  fsyncSync(fd);
  syncs.push(performance.now() - t);
}, 1000 / Number(rateArg));

createInterface({ input: process.stdin })
  .on('line', () => {
    const s = syncs;
    syncs = [];
    process.stdout.write(`${JSON.stringify({ syncs: s.length, maxMs: Math.max(0, ...s), slow: s.filter((ms) => ms >= 20).length })}\n`);
  })
  .on('close', () => {
    clearInterval(timer);
    closeSync(fd);
    rmSync(dir, { recursive: true, force: true });
  });
