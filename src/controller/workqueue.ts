// The keyed work queue every controller, the scheduler and node agents use (client-go's
// util/workqueue: queue + delaying + rate limiting in one object).
//
// Guarantees (client-go doc.go):
//  - fair: keys are processed in the order they were added;
//  - stingy: a key added many times before it is processed is processed once;
//  - never two workers on one key: a key re-added while being processed is parked in `dirty`
//    and queued again only when done(key) is called.
// Delayed adds live in one binary heap ordered by due time with a single timer armed for the
// earliest entry, so thousands of addAfter calls cost one timer, not thousands.

import type { RateLimiter, WorkQueue } from './contracts.js';
import { realClock, type Clock, type TimerHandle } from './clock.js';
import { defaultControllerRateLimiter } from './rate-limiters.js';

export interface WorkQueueOptions {
  name?: string;
  clock?: Clock;
  rateLimiter?: RateLimiter;
}

interface Waiting {
  key: string;
  readyAt: number;
  seq: number;
}

/** Min-heap of delayed keys by (readyAt, insertion order). */
class WaitHeap {
  private items: Waiting[] = [];
  get size(): number {
    return this.items.length;
  }
  peek(): Waiting | undefined {
    return this.items[0];
  }
  push(w: Waiting): void {
    this.items.push(w);
    this.up(this.items.length - 1);
  }
  pop(): Waiting | undefined {
    const top = this.items[0];
    const last = this.items.pop();
    if (this.items.length > 0 && last) {
      this.items[0] = last;
      this.down(0);
    }
    return top;
  }
  private less(a: Waiting, b: Waiting): boolean {
    return a.readyAt < b.readyAt || (a.readyAt === b.readyAt && a.seq < b.seq);
  }
  private up(i: number): void {
    const it = this.items;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(it[i], it[p])) break;
      [it[i], it[p]] = [it[p], it[i]];
      i = p;
    }
  }
  private down(i: number): void {
    const it = this.items;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < it.length && this.less(it[l], it[m])) m = l;
      if (r < it.length && this.less(it[r], it[m])) m = r;
      if (m === i) return;
      [it[i], it[m]] = [it[m], it[i]];
      i = m;
    }
  }
}

export class DefaultWorkQueue implements WorkQueue {
  readonly name: string;
  private readonly clock: Clock;
  private readonly limiter: RateLimiter;
  /** FIFO of keys ready to be handed out; `head` avoids O(n) shifts. */
  private queue: string[] = [];
  private head = 0;
  /** Keys that need processing (queued, or re-added while processing). */
  private readonly dirty = new Set<string>();
  /** Keys currently handed to a worker. */
  private readonly processing = new Set<string>();
  private readonly waiters: Array<(key: string | undefined) => void> = [];
  private shuttingDown = false;
  /** Delayed keys: the earliest due time per key, plus the heap (stale heap entries are skipped). */
  private readonly waitingDue = new Map<string, Waiting>();
  private readonly heap = new WaitHeap();
  private seq = 0;
  private timer: TimerHandle | undefined;
  private timerAt = Infinity;

  constructor(opts: WorkQueueOptions = {}) {
    this.name = opts.name ?? 'queue';
    this.clock = opts.clock ?? realClock;
    this.limiter = opts.rateLimiter ?? defaultControllerRateLimiter(this.clock);
  }

  add(key: string): void {
    if (this.shuttingDown || this.dirty.has(key)) return;
    this.dirty.add(key);
    if (this.processing.has(key)) return; // re-queued by done()
    this.push(key);
  }

  addAfter(key: string, ms: number): void {
    if (this.shuttingDown) return;
    if (!(ms > 0)) {
      this.add(key);
      return;
    }
    const readyAt = this.clock.now() + ms;
    const existing = this.waitingDue.get(key);
    // client-go keeps only the earliest due time for a key that is already waiting.
    if (existing && existing.readyAt <= readyAt) return;
    const w = { key, readyAt, seq: ++this.seq };
    this.waitingDue.set(key, w);
    this.heap.push(w);
    this.arm();
  }

  addRateLimited(key: string): void {
    this.addAfter(key, this.limiter.when(key));
  }
  forget(key: string): void {
    this.limiter.forget(key);
  }
  numRequeues(key: string): number {
    return this.limiter.numRequeues(key);
  }

  get(): Promise<string | undefined> {
    const key = this.take();
    if (key !== undefined || this.shuttingDown) return Promise.resolve(key);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  done(key: string): void {
    this.processing.delete(key);
    if (this.dirty.has(key)) this.push(key);
  }

  len(): number {
    return this.queue.length - this.head;
  }

  shutDown(): void {
    this.shuttingDown = true;
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    // Waiters exist only while the queue is empty, so they all learn about the shutdown now;
    // keys still queued are handed out by later get() calls (client-go drains on shutdown).
    for (const w of this.waiters.splice(0)) w(undefined);
  }

  isShuttingDown(): boolean {
    return this.shuttingDown;
  }
  /** Number of keys waiting for a delayed add (for tests and metrics). */
  waitingLen(): number {
    return this.waitingDue.size;
  }

  private push(key: string): void {
    const waiter = this.waiters.shift();
    if (waiter) {
      this.dirty.delete(key);
      this.processing.add(key);
      waiter(key);
      return;
    }
    this.queue.push(key);
  }

  private take(): string | undefined {
    if (this.head >= this.queue.length) return undefined;
    const key = this.queue[this.head++];
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    this.dirty.delete(key);
    this.processing.add(key);
    return key;
  }

  /** Keeps exactly one timer armed for the earliest due entry. */
  private arm(): void {
    const top = this.heap.peek();
    if (!top || top.readyAt >= this.timerAt) return;
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timerAt = top.readyAt;
    this.timer = this.clock.setTimeout(() => this.fire(), top.readyAt - this.clock.now());
  }

  private fire(): void {
    this.timer = undefined;
    this.timerAt = Infinity;
    const now = this.clock.now();
    for (let top = this.heap.peek(); top && top.readyAt <= now; top = this.heap.peek()) {
      this.heap.pop();
      if (this.waitingDue.get(top.key) !== top) continue; // superseded by an earlier addAfter
      this.waitingDue.delete(top.key);
      this.add(top.key);
    }
    if (!this.shuttingDown) this.arm();
  }
}

export function newWorkQueue(opts: WorkQueueOptions = {}): DefaultWorkQueue {
  return new DefaultWorkQueue(opts);
}
