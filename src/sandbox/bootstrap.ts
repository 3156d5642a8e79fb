// Objects a fresh cluster has, created through the API once the server is up: the CRDs shipped in
// deploy/crds (Kruise's StatefulSet, Ordinal's IPClaim), the `kubernetes` and `kube-dns` Services,
// and the default StorageClasses.

import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { isAlreadyExists, isNotFound } from '../apimachinery/errors.js';
import type { KubeObject } from '../apimachinery/types.js';
import type { ApiClient } from '../client/api-client.js';
import { R, at } from '../client/resources.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
export const CRD_DIR = join(ROOT, 'deploy', 'crds');

const requireHere = createRequire(import.meta.url);

const manifestFiles = (dir: string): string[] =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort()
    .map((f) => join(dir, f));

/** Every document of the YAML files in `dir`, as JSON (parsed on this thread). */
function parseManifests(dir: string): unknown[] {
  const { parseAllDocuments } = requireHere('yaml') as typeof import('yaml');
  return manifestFiles(dir).flatMap((f) => parseAllDocuments(readFileSync(f, 'utf8')).map((d) => d.toJSON() as unknown));
}

// The same parse in a worker (plain CommonJS, so it runs the same from dist/ and from sources).
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
try {
  const { parseAllDocuments } = require(workerData.yaml);
  parentPort.postMessage({ docs: workerData.files.flatMap((f) => parseAllDocuments(readFileSync(f, 'utf8')).map((d) => d.toJSON())) });
} catch (e) {
  parentPort.postMessage({ error: String((e && e.stack) || e) });
}`;

function parseManifestsInWorker(dir: string): Promise<unknown[]> {
  return new Promise((resolvePromise, reject) => {
    const w = new Worker(WORKER_SOURCE, { eval: true, workerData: { yaml: requireHere.resolve('yaml'), files: manifestFiles(dir) } });
    w.unref();
    w.once('message', (m: { docs?: unknown[]; error?: string }) => (m.docs ? resolvePromise(m.docs) : reject(new Error(m.error))));
    w.once('error', reject);
    w.once('exit', (code) => reject(new Error(`CRD manifest worker exited with ${code}`)));
  });
}

const prefetched = new Map<string, Promise<unknown[]>>();

/**
 * Starts parsing the CRD manifests on another thread. `ordinal up` calls this before it loads the
 * rest of the program: parsing ~30 KB of YAML with a cold parser takes ~0.1-0.2 s, which then
 * overlaps with module loading instead of adding to the time to ready.
 */
export function prefetchCrds(dir = CRD_DIR): void {
  if (prefetched.has(dir)) return;
  const p = parseManifestsInWorker(dir);
  p.catch(() => undefined); // the error surfaces in installCrds
  prefetched.set(dir, p);
}

/** The manifests of `dir`: a prefetch's result (used once, so later calls re-read), or parsed now. */
async function crdManifests(dir: string): Promise<unknown[]> {
  const p = prefetched.get(dir);
  if (!p) return parseManifests(dir);
  prefetched.delete(dir);
  return p;
}

/** Every CRD document in deploy/crds, created or brought up to date. */
export async function installCrds(client: ApiClient, dir = CRD_DIR): Promise<string[]> {
  const names: string[] = [];
  for (const doc of await crdManifests(dir)) {
    const crd = doc as KubeObject | null;
    if (!crd || crd.kind !== 'CustomResourceDefinition') continue;
    await upsert(client, crd);
    names.push(crd.metadata.name!);
  }
  return names;
}

async function upsert(client: ApiClient, crd: KubeObject): Promise<void> {
  try {
    const cur = await client.get(at(R.crds, undefined, crd.metadata.name));
    if (JSON.stringify(cur.spec) === JSON.stringify({ ...cur.spec, ...crd.spec })) return;
    await client.update(at(R.crds, undefined, crd.metadata.name), { ...crd, metadata: { ...crd.metadata, resourceVersion: cur.metadata.resourceVersion } });
  } catch (e) {
    if (!isNotFound(e)) throw e;
    await client.create(R.crds, crd);
  }
}

/** Creates `obj` unless it exists (a restart on an existing data dir finds it already there). */
async function ensure(client: ApiClient, ref: Parameters<ApiClient['create']>[0], obj: KubeObject): Promise<void> {
  try {
    await client.get({ ...ref, name: obj.metadata.name });
    return;
  } catch (e) {
    if (!isNotFound(e)) throw e;
  }
  try {
    await client.create(ref, obj);
  } catch (e) {
    if (!isAlreadyExists(e)) throw e;
  }
}

/** The `kubernetes` Service (10.96.0.1) and the cluster DNS Service `kube-dns` (10.96.0.10). */
export async function ensureSystemServices(client: ApiClient, apiPort: number, dnsPort: number): Promise<void> {
  await ensure(client, at(R.services, 'default'), {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: { clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: apiPort }] },
  });
  await ensure(client, at(R.services, 'kube-system'), {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'kube-dns', namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns', 'kubernetes.io/name': 'CoreDNS' } },
    spec: {
      clusterIP: '10.96.0.10',
      ports: [
        { name: 'dns', port: 53, protocol: 'UDP', targetPort: dnsPort },
        { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: dnsPort },
      ],
    },
  });
}
