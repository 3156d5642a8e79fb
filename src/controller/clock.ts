// Injectable time source for the controller machinery. Work queues, rate limiters, informer
// back-off, event timestamps and minReadySeconds all read time through a Clock so tests can
// drive them deterministically with FakeClock instead of sleeping.

export type TimerHandle = { readonly id: number };

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(h: TimerHandle): void;
}

let realIds = 0;
const realTimers = new Map<number, NodeJS.Timeout>();

export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout(fn, ms) {
    const id = ++realIds;
    const t = setTimeout(() => {
      realTimers.delete(id);
      fn();
    }, Math.max(0, ms));
    // Timers must never keep a process alive on their own: controllers are stopped explicitly.
    t.unref?.();
    realTimers.set(id, t);
    return { id };
  },
  clearTimeout(h) {
    const t = realTimers.get(h.id);
    if (t) clearTimeout(t);
    realTimers.delete(h.id);
  },
};

interface FakeTimer {
  id: number;
  at: number;
  fn: () => void;
}

/** A manually advanced clock. `step(ms)` fires every timer due by the new time, in due order. */
export class FakeClock implements Clock {
  private t: number;
  private nextId = 0;
  private timers: FakeTimer[] = [];

  constructor(start = Date.UTC(2025, 0, 1)) {
    this.t = start;
  }
  now(): number {
    return this.t;
  }
  setTimeout(fn: () => void, ms: number): TimerHandle {
    const timer = { id: ++this.nextId, at: this.t + Math.max(0, ms), fn };
    this.timers.push(timer);
    return { id: timer.id };
  }
  clearTimeout(h: TimerHandle): void {
    this.timers = this.timers.filter((t) => t.id !== h.id);
  }
  /** Advances time, firing due timers (including ones scheduled by fired timers) in order. */
  step(ms: number): void {
    const target = this.t + ms;
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at || a.id - b.id);
      const next = this.timers[0];
      if (!next || next.at > target) break;
      this.timers.shift();
      this.t = next.at;
      next.fn();
    }
    this.t = target;
  }
  /** Number of pending timers (for tests asserting that one heap timer is used, not one per add). */
  pendingTimers(): number {
    return this.timers.length;
  }
}
