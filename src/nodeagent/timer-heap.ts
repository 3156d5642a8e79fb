// TimerHeap: any number of simulation timers multiplexed onto one host timer of a Clock
// (src/controller/clock.ts). 100,000 pods each waiting on a probe or a back-off would otherwise hold
// 100,000 Node timers; the heap keeps one, and with FakeClock every delay is testable.

import type { Clock, TimerHandle as HostTimer } from '../controller/clock.js';

export interface TimerHandle {
  cancel(): void;
}

/** One deadline; it is also the handle the caller cancels through (no extra object per timer). */
class Entry<T = unknown> implements TimerHandle {
  cancelled = false;
  constructor(
    readonly at: number,
    readonly seq: number,
    readonly fn: (arg: T) => void,
    readonly arg: T,
  ) {}
  cancel(): void {
    this.cancelled = true;
  }
}

/** Min-heap of deadlines driven by one host timer. Callbacks run in deadline order, FIFO on ties. */
export class TimerHeap {
  private heap: Entry<any>[] = [];
  private seq = 0;
  private host: HostTimer | undefined;
  private hostAt = Infinity;
  private stopped = false;
  constructor(readonly clock: Clock) {}

  /**
   * Calls `fn(arg)` after `ms`. Many timers of one kind (a probe tick per pod) can share one
   * module-level `fn` and pass their state as `arg`, instead of allocating a closure each.
   */
  after(ms: number, fn: () => void): TimerHandle;
  after<T>(ms: number, fn: (arg: T) => void, arg: T): TimerHandle;
  after<T>(ms: number, fn: (arg: T) => void, arg?: T): TimerHandle {
    const e = new Entry<T>(this.clock.now() + Math.max(0, ms), ++this.seq, fn, arg as T);
    this.push(e);
    this.arm();
    return e;
  }

  size(): number {
    return this.heap.length;
  }

  stop(): void {
    this.stopped = true;
    if (this.host !== undefined) this.clock.clearTimeout(this.host);
    this.heap = [];
  }

  private arm(): void {
    if (this.stopped || this.heap.length === 0) return;
    const at = this.heap[0].at;
    if (at >= this.hostAt && this.host !== undefined) return;
    if (this.host !== undefined) this.clock.clearTimeout(this.host);
    this.hostAt = at;
    this.host = this.clock.setTimeout(() => this.fire(), Math.max(0, at - this.clock.now()));
  }

  private fire(): void {
    this.host = undefined;
    this.hostAt = Infinity;
    const now = this.clock.now();
    // Bound the batch so timers added with delay 0 during the batch run on the next turn, not forever.
    let budget = this.heap.length;
    while (this.heap.length && this.heap[0].at <= now && budget-- > 0) {
      const e = this.pop()!;
      if (!e.cancelled) e.fn(e.arg);
    }
    this.arm();
  }

  private less(a: Entry<any>, b: Entry<any>): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  private push(e: Entry<any>): void {
    const h = this.heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i], h[p])) break;
      [h[i], h[p]] = [h[p], h[i]];
      i = p;
    }
  }

  private pop(): Entry<any> | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length && last) {
      h[0] = last;
      this.siftDown(0);
    }
    return top;
  }

  private siftDown(start: number): void {
    const h = this.heap;
    let i = start;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && this.less(h[l], h[m])) m = l;
      if (r < h.length && this.less(h[r], h[m])) m = r;
      if (m === i) return;
      [h[i], h[m]] = [h[m], h[i]];
      i = m;
    }
  }
}
