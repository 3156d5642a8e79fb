// Service ClusterIP allocation from the service CIDR (10.96.0.0/12 by default), as kube-apiserver's
// bitmap allocator does: the network and broadcast addresses are never used, explicit requests must
// be inside the range and free, and dynamic allocation picks a random free address from the upper
// band first, leaving the lower band (min(max(16, size/16), 256) addresses, KEP-3070) for static
// choices such as 10.96.0.1 (`kubernetes`) and 10.96.0.10 (`kube-dns`). The bitmap is rebuilt from
// existing Services on start; the API server's service admission calls `allocateClusterIp`.

import { errors } from '../../apimachinery/errors.js';
import { fieldErr } from '../../apimachinery/field-errors.js';
import type { KubeObject } from '../../apimachinery/types.js';
import { formatCidr, formatIp, mustParseCidr, parseIp, type Cidr } from './ipv4.js';

export class ServiceIpError extends Error {
  constructor(
    readonly reason: 'NotInRange' | 'Allocated' | 'Full' | 'Invalid',
    message: string,
  ) {
    super(message);
  }
}

export class ServiceIpAllocator {
  readonly cidr: Cidr;
  private readonly bits: Uint8Array;
  private readonly offsets: { min: number; max: number; staticEnd: number };
  private used = 0;

  constructor(
    serviceCidr = '10.96.0.0/12',
    private readonly random: () => number = Math.random,
  ) {
    this.cidr = mustParseCidr(serviceCidr);
    const size = this.cidr.size;
    // Offsets inside the block that may be handed out: skip network and broadcast when there is room.
    const min = size > 2 ? 1 : 0;
    const max = size > 2 ? size - 2 : size - 1;
    const band = Math.min(Math.max(16, Math.floor(size / 16)), 256);
    this.offsets = { min, max, staticEnd: Math.min(max, min + band - 1) };
    this.bits = new Uint8Array(Math.ceil(size / 8));
  }

  get free(): number {
    return this.offsets.max - this.offsets.min + 1 - this.used;
  }

  has(ip: string): boolean {
    const off = this.offsetOf(ip);
    return off !== undefined && this.test(off);
  }

  /** Allocates `requested` exactly, or a random free address. Throws ServiceIpError. */
  allocate(requested?: string): string {
    if (requested !== undefined) {
      const off = this.mustOffset(requested);
      if (this.test(off)) throw new ServiceIpError('Allocated', 'provided IP is already allocated');
      this.set(off, true);
      return formatIp(this.cidr.base + off);
    }
    const { min, max, staticEnd } = this.offsets;
    const off = staticEnd < max ? (this.scan(staticEnd + 1, max) ?? this.scan(min, staticEnd)) : this.scan(min, max);
    if (off === undefined) throw new ServiceIpError('Full', 'range is full');
    this.set(off, true);
    return formatIp(this.cidr.base + off);
  }

  /** Marks an address used without failing if it already is (rebuild from existing Services). */
  use(ip: string): void {
    const off = this.offsetOf(ip);
    if (off !== undefined && !this.test(off)) this.set(off, true);
  }

  release(ip: string): void {
    const off = this.offsetOf(ip);
    if (off !== undefined && this.test(off)) this.set(off, false);
  }

  /** Marks the ClusterIPs of existing Services used. */
  rebuild(services: KubeObject[]): void {
    for (const s of services) for (const ip of clusterIpsOf(s)) this.use(ip);
  }

  private scan(from: number, to: number): number | undefined {
    const n = to - from + 1;
    if (n <= 0) return undefined;
    const start = from + Math.floor(this.random() * n);
    for (let i = 0; i < n; i++) {
      const off = from + ((start - from + i) % n);
      if (!this.test(off)) return off;
    }
    return undefined;
  }

  private offsetOf(ip: string): number | undefined {
    const n = parseIp(ip);
    if (n === undefined || n < this.cidr.base || n >= this.cidr.base + this.cidr.size) return undefined;
    const off = n - this.cidr.base;
    return off < this.offsets.min || off > this.offsets.max ? undefined : off;
  }

  private mustOffset(ip: string): number {
    if (parseIp(ip) === undefined) throw new ServiceIpError('Invalid', 'must be a valid IP address');
    const off = this.offsetOf(ip);
    if (off === undefined) {
      throw new ServiceIpError('NotInRange', `the provided IP (${ip}) is not in the valid range. The range of valid IPs is ${formatCidr(this.cidr)}`);
    }
    return off;
  }

  private test(off: number): boolean {
    return (this.bits[off >> 3] & (1 << (off & 7))) !== 0;
  }

  private set(off: number, v: boolean): void {
    if (v) this.bits[off >> 3] |= 1 << (off & 7);
    else this.bits[off >> 3] &= ~(1 << (off & 7));
    this.used += v ? 1 : -1;
  }
}

/** The IPv4 ClusterIPs of a Service (none for headless and ExternalName). */
export function clusterIpsOf(svc: KubeObject): string[] {
  const ips: string[] = svc.spec?.clusterIPs ?? (svc.spec?.clusterIP ? [svc.spec.clusterIP] : []);
  return ips.filter((ip) => ip && ip !== 'None');
}

/**
 * Service admission for ClusterIP allocation (create). Mutates `svc.spec` in place:
 *   - ExternalName: no ClusterIP;
 *   - `clusterIP: None`: headless, `clusterIPs: ["None"]`;
 *   - a requested IP is allocated exactly, otherwise a random one;
 * and fills `clusterIPs`, `ipFamilies: [IPv4]`, `ipFamilyPolicy: SingleStack` like the real server.
 * Throws the API errors kube-apiserver returns (422 Invalid, 500 when the range is full).
 */
export function allocateClusterIp(svc: KubeObject, alloc: ServiceIpAllocator): void {
  const spec = (svc.spec ??= {});
  if (spec.type === 'ExternalName') return;
  const requested: string | undefined = spec.clusterIP || spec.clusterIPs?.[0] || undefined;
  if (requested === 'None') {
    spec.clusterIP = 'None';
    spec.clusterIPs = ['None'];
  } else {
    try {
      const ip = alloc.allocate(requested);
      spec.clusterIP = ip;
      spec.clusterIPs = [ip];
    } catch (e) {
      throw admissionError(svc, e, requested);
    }
  }
  spec.ipFamilies ??= ['IPv4'];
  spec.ipFamilyPolicy ??= 'SingleStack';
}

/** Frees a deleted Service's ClusterIPs. */
export function releaseClusterIp(svc: KubeObject, alloc: ServiceIpAllocator): void {
  for (const ip of clusterIpsOf(svc)) alloc.release(ip);
}

function admissionError(svc: KubeObject, e: unknown, requested: string | undefined): Error {
  if (!(e instanceof ServiceIpError)) return e as Error;
  if (e.reason === 'Full') return errors.internal(`failed to allocate a serviceIP: ${e.message}`);
  const detail = e.reason === 'Invalid' ? e.message : `failed to allocate IP ${requested}: ${e.message}`;
  return errors.invalid('Service', '', svc.metadata.name ?? '', [fieldErr.invalid('spec.clusterIPs', [requested], detail)]);
}
