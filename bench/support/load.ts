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

export async function closedLoop(spec: LoadSpec): Promise<LoadResult> {
  const lat: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let issued = 0;
  const start = performance.now();
  const end = spec.durationMs === undefined ? Infinity : start + spec.durationMs;
  const more = () => performance.now() < end && (spec.total === undefined || issued < spec.total);
  await Promise.all(
    Array.from({ length: spec.workers }, async (_, w) => {
      for (let seq = 0; more(); seq++) {
        issued++;
        const t = performance.now();
        try {
          await spec.op(w, seq);
          lat.push(performance.now() - t);
        } catch (e) {
          errors++;
          firstError ??= (e as Error).message;
        }
      }
    }),
  );
  const elapsedMs = performance.now() - start;
  return { ops: lat.length, errors, firstError, elapsedMs, latenciesMs: lat, perSecond: (lat.length / elapsedMs) * 1000 };
}

/**
 * Open-loop load at a fixed total rate: `workers` clients, each sending on its own schedule
 * (rate / workers per second, offset from the others). Latency is measured from when the request
 * was due, not from when it went out, so a stall that delays later sends counts against them
 * (no coordinated omission).
 */
export async function pacedLoop(spec: { workers: number; ratePerSec: number; durationMs: number; op: (worker: number, seq: number) => Promise<unknown> }): Promise<LoadResult> {
  const lat: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const start = performance.now();
  const intervalMs = (1000 * spec.workers) / spec.ratePerSec;
  const perWorker = Math.floor(spec.durationMs / intervalMs);
  await Promise.all(
    Array.from({ length: spec.workers }, async (_, w) => {
      for (let seq = 0; seq < perWorker; seq++) {
        const due = start + seq * intervalMs + (w * intervalMs) / spec.workers;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        try {
          await spec.op(w, seq);
          lat.push(performance.now() - due);
        } catch (e) {
          errors++;
          firstError ??= (e as Error).message;
        }
      }
    }),
  );
  const elapsedMs = performance.now() - start;
  return { ops: lat.length, errors, firstError, elapsedMs, latenciesMs: lat, perSecond: (lat.length / elapsedMs) * 1000 };
}
