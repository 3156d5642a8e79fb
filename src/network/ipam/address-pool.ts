// One allocation range with a cursor, the unit of pod IPAM (a node's /24, the sticky range).
// The pool itself does not own "used" state: callers pass an `isFree` predicate backed by the
// cluster-wide registry, so ranges that overlap (fixed IPs and ordered pools can sit inside a
// node's /24) can never hand out the same address twice.
//
// Cycling: the search starts after the last address handed out and wraps, so a released address is
// only reused once the whole range has been walked (kwok and host-local behave the same way; it is
// why a recreated `web-0` shows a new IP in the seed's nslookup output).

import type { IpRange } from './ipv4.js';

export class AddressPool {
  /** Last address handed out; undefined before the first allocation. */
  private cursor: number | undefined;

  constructor(
    readonly range: IpRange,
    /** Addresses never handed out automatically (reserved ranges, gateway...). */
    private readonly excluded: (ip: number) => boolean = () => false,
  ) {}

  get size(): number {
    return this.range.last - this.range.first + 1;
  }

  contains(ip: number): boolean {
    return ip >= this.range.first && ip <= this.range.last;
  }

  /** Next free, non-excluded address after the cursor (wrapping), or undefined when exhausted. */
  next(isFree: (ip: number) => boolean): number | undefined {
    const { first, last } = this.range;
    let ip = this.cursor === undefined || this.cursor >= last ? first : this.cursor + 1;
    for (let i = 0; i < this.size; i++) {
      if (!this.excluded(ip) && isFree(ip)) {
        this.cursor = ip;
        return ip;
      }
      ip = ip >= last ? first : ip + 1;
    }
    return undefined;
  }

  /**
   * Moves the cursor past an address known to be in use (rebuild after restart), so allocation
   * resumes after the highest used address instead of re-walking recently released ones.
   */
  advancePast(ip: number): void {
    if (this.contains(ip) && (this.cursor === undefined || ip > this.cursor)) this.cursor = ip;
  }
}
