// A ring buffer of the most recent store events, so a watch can resume from a resourceVersion that
// is still in the window (kube-apiserver's watch cache). Older → StoreExpiredError (HTTP 410 Expired).

import { StoreExpiredError, type StoreEvent } from './store.js';

export class WatchHistory {
  private readonly buf: (StoreEvent | undefined)[];
  private start = 0; // index of the oldest event
  private size = 0;
  /** rv just before the oldest retained event: resuming from it (or later) is possible. */
  private floorRv: number;

  constructor(
    private readonly capacity: number,
    initialRv: number,
  ) {
    this.buf = new Array(capacity);
    this.floorRv = initialRv;
  }

  append(e: StoreEvent): void {
    if (this.size === this.capacity) {
      this.floorRv = this.buf[this.start]!.rv;
      this.buf[this.start] = e;
      this.start = (this.start + 1) % this.capacity;
    } else {
      this.buf[(this.start + this.size) % this.capacity] = e;
      this.size++;
    }
  }

  /** The oldest resourceVersion a watch may start from. */
  oldestRv(): number {
    return this.floorRv;
  }

  /** Events of `resource` with rv > fromRv, oldest first. */
  since(fromRv: number, resource: string): StoreEvent[] {
    if (fromRv < this.floorRv) throw new StoreExpiredError(fromRv, this.floorRv);
    const out: StoreEvent[] = [];
    // Binary search would be faster; the window is scanned from the end since resumes are recent.
    for (let i = this.size - 1; i >= 0; i--) {
      const e = this.buf[(this.start + i) % this.capacity]!;
      if (e.rv <= fromRv) break;
      if (e.object.resource === resource) out.push(e);
    }
    return out.reverse();
  }
}
