// A probe of the disk under the server's data dir, for the write benchmarks: a commit is
// acknowledged once fsynced, so a disk that stalls stalls every write waiting on it. The server's
// slow-commit warnings say that its own commits waited; the probe (disk-probe-child.ts, a process
// of its own syncing a file of its own) says whether the disk stalled for anyone, and so tells a
// stall of the machine's disk from one the server brought on itself.

import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface DiskProbeReport {
  /** fsyncs done since the previous report. */
  syncs: number;
  /** The longest of them. */
  maxMs: number;
  /** How many took 20 ms or more. */
  slow: number;
}

export interface DiskProbe {
  readonly rate: number;
  /** What the probe saw since the previous report (or since it started). */
  report(): Promise<DiskProbeReport>;
  stop(): void;
}

/** Starts the probe on the temp dir's disk (where spawnServer puts data dirs), `rate` fsyncs a second. */
export function startDiskProbe(rate = 20): DiskProbe {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'disk-probe-child.ts'), tmpdir(), String(rate)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const waiting: ((r: DiskProbeReport) => void)[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => waiting.shift()?.(JSON.parse(line) as DiskProbeReport));
  return {
    rate,
    report: () =>
      new Promise((resolve, reject) => {
        if (child.exitCode !== null) return reject(new Error(`the disk probe exited with ${child.exitCode}`));
        waiting.push(resolve);
        child.stdin!.write('report\n');
      }),
    stop: () => child.stdin!.end(),
  };
}

/** "the disk probe (a file of its own, 20 fsyncs/s): longest 3 ms, none ≥ 20 ms" */
export function diskProbeNote(r: DiskProbeReport, rate: number): string {
  const slow = r.slow ? `${r.slow} of ${r.syncs} ≥ 20 ms` : 'none ≥ 20 ms';
  return `the disk probe (a file of its own, ${rate} fsyncs/s): longest ${r.maxMs.toFixed(0)} ms, ${slow}`;
}
