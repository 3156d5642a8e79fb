// The machine's state while a benchmark runs: other work on the same cores skews every figure, so
// benchmarks print the load average next to what they measured.

import { readFileSync } from 'node:fs';
import os from 'node:os';
import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';

export function loadNote(): string {
  const [one, five] = os.loadavg();
  return `load average ${one.toFixed(1)} (1 min), ${five.toFixed(1)} (5 min) on ${os.cpus().length} cores`;
}

/** Cumulative CPU time of the whole machine, from /proc/stat (Linux; clock ticks). */
export interface CpuTimes {
  busy: number;
  total: number;
  steal: number;
}

export function cpuTimes(): CpuTimes {
  const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0];
  // cpu user nice system idle iowait irq softirq steal ...
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/).slice(1, 9).map(Number);
  const busy = user + nice + system + irq + softirq;
  return { busy, total: busy + idle + iowait + steal, steal };
}

/** How busy all the machine's cores were between two snapshots: "68 % of 2 cores (steal 0 %)". */
export function cpuBusyNote(from: CpuTimes, to: CpuTimes = cpuTimes()): string {
  const total = to.total - from.total || 1;
  const pct = (x: number) => ((100 * x) / total).toFixed(0);
  return `machine CPU ${pct(to.busy - from.busy)} % busy over ${os.cpus().length} cores (steal ${pct(to.steal - from.steal)} %)`;
}

/**
 * Full (major) garbage collections of this process, the load generator, since it started
 * counting: its heap is collected on the same 2 cores as the server's, and a collection's helper
 * threads take them from both.
 */
export function countOwnFullGcs(): { count(): number; stop(): void } {
  let n = 0;
  const obs = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (((e as PerformanceEntry & { detail?: { kind?: number } }).detail)?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) n++;
  });
  obs.observe({ entryTypes: ['gc'] });
  return { count: () => n, stop: () => obs.disconnect() };
}

/**
 * A full collection of this process, the load generator, now (under --expose-gc, which run.ts
 * gives it; otherwise a no-op): a measured window then starts with its heap collected instead of
 * with a collection that may fall inside the window and pause the clock that times the server.
 */
export function collectOwnHeap(): void {
  (globalThis as { gc?: () => void }).gc?.();
}
