// Image references as a container runtime reports them: the normalized name kubelet shows
// (docker.io/library/nginx:1.25), a stable digest-based imageID derived from the reference, and
// fresh containerIDs. Also the per-node image cache that makes the second pull of an image free.

import { createHash, randomBytes } from 'node:crypto';

/** docker.io/library/nginx:1.25 for "nginx:1.25", as containerd reports `image`. */
export function normalizeImage(ref: string): string {
  let name = ref;
  let digest = '';
  const at = name.indexOf('@');
  if (at >= 0) {
    digest = name.slice(at);
    name = name.slice(0, at);
  }
  const slash = name.indexOf('/');
  const first = slash < 0 ? '' : name.slice(0, slash);
  const hasRegistry = first.includes('.') || first.includes(':') || first === 'localhost';
  if (!hasRegistry) name = `docker.io/${slash < 0 ? `library/${name}` : name}`;
  const lastPart = name.slice(name.lastIndexOf('/') + 1);
  if (!digest && !lastPart.includes(':')) name += ':latest';
  return name + digest;
}

/** The repository part without tag or digest: docker.io/library/nginx. */
export function repositoryOf(ref: string): string {
  const n = normalizeImage(ref);
  const at = n.indexOf('@');
  const noDigest = at >= 0 ? n.slice(0, at) : n;
  const colon = noDigest.lastIndexOf(':');
  return colon > noDigest.lastIndexOf('/') ? noDigest.slice(0, colon) : noDigest;
}

export function tagOf(ref: string): string | undefined {
  const n = normalizeImage(ref);
  if (n.includes('@')) return undefined;
  return n.slice(n.lastIndexOf(':') + 1);
}

/** `docker.io/library/nginx@sha256:<hash of the reference>`: stable per reference, different per tag. */
export function imageIdFor(ref: string, sameDigestPerRepository = false): string {
  // Pure in its inputs and asked once per container start: remember the few images a cluster runs.
  const key = `${sameDigestPerRepository ? 1 : 0}${ref}`;
  let id = imageIds.get(key);
  if (id === undefined) {
    if (imageIds.size >= MAX_REMEMBERED_IMAGES) imageIds.clear();
    imageIds.set(key, (id = computeImageId(ref, sameDigestPerRepository)));
  }
  return id;
}

const MAX_REMEMBERED_IMAGES = 4096;
const imageIds = new Map<string, string>();

function computeImageId(ref: string, sameDigestPerRepository: boolean): string {
  const n = normalizeImage(ref);
  const at = n.indexOf('@');
  if (at >= 0) return n;
  // With sameDigestPerRepository every tag of the repository is the same image (a retag).
  const basis = sameDigestPerRepository ? repositoryOf(ref) : n;
  return `${repositoryOf(ref)}@sha256:${createHash('sha256').update(basis).digest('hex')}`;
}

/** Random bytes drawn in blocks: one randomBytes call per container start costs more than the id is worth. */
const ID_BYTES = 32;
const POOL_IDS = 128;
let pool = Buffer.alloc(0);
let poolAt = 0;

export function newContainerId(): string {
  if (poolAt + ID_BYTES > pool.length) {
    pool = randomBytes(ID_BYTES * POOL_IDS);
    poolAt = 0;
  }
  const id = pool.toString('hex', poolAt, poolAt + ID_BYTES);
  poolAt += ID_BYTES;
  return `containerd://${id}`;
}

/** Fault injection: a tag ending in `-broken` fails to pull. */
export function isBrokenImage(ref: string): boolean {
  return tagOf(ref)?.endsWith('-broken') ?? false;
}

/** The API server defaults imagePullPolicy; this mirrors it for objects that arrive without one. */
export function effectivePullPolicy(container: { image?: string; imagePullPolicy?: string }): 'Always' | 'IfNotPresent' | 'Never' {
  const p = container.imagePullPolicy;
  if (p === 'Always' || p === 'IfNotPresent' || p === 'Never') return p;
  const image = container.image ?? '';
  if (image.includes('@')) return 'IfNotPresent';
  return tagOf(image) === 'latest' ? 'Always' : 'IfNotPresent';
}

/** Simulated image size, for the "Pulled" event text: stable per reference. */
export function imageSizeBytes(ref: string): number {
  const h = createHash('sha256').update(normalizeImage(ref)).digest();
  return 20_000_000 + (h.readUInt32BE(0) % 180_000_000);
}

/** Images present on one node, and pulls in flight (a second pod waits for the same pull). */
export class ImageCache {
  private images = new Set<string>();
  private pulling = new Map<string, number>();
  /** Milliseconds until `ref` is pulled: the rest of an in-flight pull, or `pullMs` for a new one. */
  reservePull(ref: string, now: number, pullMs: number): number {
    const key = normalizeImage(ref);
    const until = this.pulling.get(key);
    if (until !== undefined && until > now) return until - now;
    this.pulling.set(key, now + pullMs);
    return pullMs;
  }
  has(ref: string): boolean {
    return this.images.has(normalizeImage(ref));
  }
  add(ref: string): void {
    this.images.add(normalizeImage(ref));
    this.pulling.delete(normalizeImage(ref));
  }
  list(): string[] {
    return [...this.images];
  }
}
