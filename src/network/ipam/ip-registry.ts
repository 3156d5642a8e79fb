// Cluster-wide record of which pod (or IPClaim) holds which IPv4 address. It is a cache of API
// objects, rebuilt from them on start: pods' `status.podIP` and IPClaims' `spec.ip`. One registry
// backs every pool, so overlapping ranges cannot double-allocate.

export interface IpHolder {
  /** "ns/name" of the pod or claim. */
  key: string;
  /** Pod UID; claims hold addresses independently of any pod incarnation. */
  uid?: string;
  kind: 'Pod' | 'IPClaim';
}

export class IpRegistry {
  private readonly byIp = new Map<number, IpHolder>();
  private readonly byPodUid = new Map<string, number>();

  holder(ip: number): IpHolder | undefined {
    return this.byIp.get(ip);
  }

  isFree(ip: number): boolean {
    return !this.byIp.has(ip);
  }

  ipOfPod(uid: string): number | undefined {
    return this.byPodUid.get(uid);
  }

  /** Records a pod's address. A pod holding a claim address keeps the claim's entry underneath. */
  holdForPod(ip: number, key: string, uid: string): void {
    this.byIp.set(ip, { key, uid, kind: 'Pod' });
    this.byPodUid.set(uid, ip);
  }

  holdForClaim(ip: number, key: string): void {
    const cur = this.byIp.get(ip);
    if (cur?.kind === 'Pod') return; // a live pod using its claim: the pod entry is the stronger one
    this.byIp.set(ip, { key, kind: 'IPClaim' });
  }

  /**
   * Drops a pod's hold. If the address belongs to a claim (`claimKey`), the claim keeps it.
   * Returns the address that was held, if any.
   */
  releasePod(uid: string, claimKey?: string): number | undefined {
    const ip = this.byPodUid.get(uid);
    if (ip === undefined) return undefined;
    this.byPodUid.delete(uid);
    const cur = this.byIp.get(ip);
    if (cur?.uid !== uid) return ip;
    if (claimKey) this.byIp.set(ip, { key: claimKey, kind: 'IPClaim' });
    else this.byIp.delete(ip);
    return ip;
  }

  /** Drops a claim's hold (the claim was deleted); a pod using the address keeps it. */
  releaseClaim(ip: number, key: string): void {
    const cur = this.byIp.get(ip);
    if (cur?.kind === 'IPClaim' && cur.key === key) this.byIp.delete(ip);
  }

  /** Replaces all claim holds with the given set (claims are re-listed from the API). */
  resetClaims(claims: Iterable<[number, string]>): void {
    for (const [ip, h] of this.byIp) if (h.kind === 'IPClaim') this.byIp.delete(ip);
    for (const [ip, key] of claims) this.holdForClaim(ip, key);
  }

  /** UIDs of pods currently holding an address. */
  podUids(): string[] {
    return [...this.byPodUid.keys()];
  }

  /** Every held address. */
  ips(): IterableIterator<number> {
    return this.byIp.keys();
  }

  get size(): number {
    return this.byIp.size;
  }
}
