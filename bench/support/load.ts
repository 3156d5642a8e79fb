// Closed-loop load: `workers` concurrent clients each issuing the next operation as soon as the
// previous one answered, for a fixed duration or a fixed count. Collects per-op latency.

import { performance } from 'node:perf_hooks';

export interface LoadResult {
  ops: number;
  errors: number;
  firstError?: string;
  elapsedMs: number;
  latenciesMs: number[];
  perSecond: number;
}

export interface LoadSpec {
  workers: number;
  /** Stop after this long (ms) ... */
  durationMs?: number;
  /** ... or after this many operations in total. */
  total?: number;
  /** The operation: worker index and the operation's sequence number within the worker. */
  op: (worker: number, seq: number) => Promise<unknown>;
}

/** Latencies and errors of one load run. */
class Tally {
  readonly lat: number[] = [];
  errors = 0;
  firstError: string | undefined;
  private readonly start = performance.now();
  /** Runs `op`, counting its latency from `from` (default: now). */
  async time(op: () => Promise<unknown>, from = performance.now()): Promise<void> {
    try {
      await op();
      this.lat.push(performance.now() - from);
    } catch (e) {
      this.errors++;
      this.firstError ??= (e as Error).message;
    }
  }
  result(): LoadResult {
    const elapsedMs = performance.now() - this.start;
    return { ops: this.lat.length, errors: this.errors, firstError: this.firstError, elapsedMs, latenciesMs: this.lat, perSecond: (this.lat.length / elapsedMs) * 1000 };
  }
}

export async function closedLoop(spec: LoadSpec): Promise<LoadResult> {
  const tally = new Tally();
  let issued = 0;
  const end = spec.durationMs === undefined ? Infinity : performance.now() + spec.durationMs;
  const more = () => performance.now() < end && (spec.total === undefined || issued < spec.total);
  await Promise.all(
    Array.from({ length: spec.workers }, async (_, w) => {
      for (let seq = 0; more(); seq++) {
        issued++;
        await tally.time(() => spec.op(w, seq));
      }
    }),
  );
  return tally.result();
}

/**
 * Open-loop load at a fixed total rate: `workers` clients, each sending on its own schedule
 * (rate / workers per second, offset from the others). Latency is measured from when the request
 * was due, not from when it went out, so a stall that delays later sends counts against them
 * (no coordinated omission).
 */
export async function pacedLoop(spec: { workers: number; ratePerSec: number; durationMs: number; op: (worker: number, seq: number) => Promise<unknown> }): Promise<LoadResult> {
  const tally = new Tally();
  const start = performance.now();
  const intervalMs = (1000 * spec.workers) / spec.ratePerSec;
  const perWorker = Math.floor(spec.durationMs / intervalMs);
  await Promise.all(
    Array.from({ length: spec.workers }, async (_, w) => {
      for (let seq = 0; seq < perWorker; seq++) {
        const due = start + seq * intervalMs + (w * intervalMs) / spec.workers;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        await tally.time(() => spec.op(w, seq), due);
      }
    }),
  );
  return tally.result();
}
