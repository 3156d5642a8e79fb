// A ring buffer of the most recent store events, so a watch can resume from a resourceVersion that
// is still in the window (kube-apiserver's watch cache). Older → StoreExpiredError (HTTP 410 Expired).
//
// The window holds tens of thousands of events, each for as long as it takes that many writes to
// pass (seconds under load), so every event held is promoted to the old generation and marked by
// every full garbage collection. The ring therefore keeps an event's parts in parallel arrays (its
// type as a byte, its version and the version before it) instead of an event object each, and
// builds event objects only for the rare resume that replays them.

import { StoreExpiredError, type StoreEvent, type StoreEventType, type StoredObject } from './store.js';

const TYPES: readonly StoreEventType[] = ['ADDED', 'MODIFIED', 'DELETED'];
const TYPE_CODE: Readonly<Record<StoreEventType, number>> = { ADDED: 0, MODIFIED: 1, DELETED: 2 };

export class WatchHistory {
  private readonly types: Uint8Array;
  /** The event's version; its rv is the event's (the store stamps every event's version with it). */
  private readonly objects: (StoredObject | undefined)[];
  private readonly prevs: (StoredObject | undefined)[];
  private start = 0; // index of the oldest event
  private size = 0;
  /** rv just before the oldest retained event: resuming from it (or later) is possible. */
  private floorRv: number;

  constructor(
    private readonly capacity: number,
    initialRv: number,
  ) {
    this.types = new Uint8Array(capacity);
    this.objects = new Array<StoredObject | undefined>(capacity).fill(undefined);
    this.prevs = new Array<StoredObject | undefined>(capacity).fill(undefined);
    this.floorRv = initialRv;
  }

  append(e: StoreEvent): void {
    if (e.rv !== e.object.rv) throw new Error(`event rv ${e.rv} differs from its object's rv ${e.object.rv}`);
    let i: number;
    if (this.size === this.capacity) {
      i = this.start;
      this.floorRv = this.objects[i]!.rv;
      this.start = (this.start + 1) % this.capacity;
    } else {
      i = (this.start + this.size) % this.capacity;
      this.size++;
    }
    this.types[i] = TYPE_CODE[e.type];
    this.objects[i] = e.object;
    this.prevs[i] = e.prev;
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
    for (let n = this.size - 1; n >= 0; n--) {
      const i = (this.start + n) % this.capacity;
      const object = this.objects[i]!;
      if (object.rv <= fromRv) break;
      if (object.resource !== resource) continue;
      const prev = this.prevs[i];
      out.push(prev ? { type: TYPES[this.types[i]], rv: object.rv, object, prev } : { type: TYPES[this.types[i]], rv: object.rv, object });
    }
    return out.reverse();
  }
}
