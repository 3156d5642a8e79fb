// Objects a fresh cluster has, created through the API once the server is up: the CRDs shipped in
// deploy/crds (Kruise's StatefulSet, Ordinal's IPClaim), the `kubernetes` and `kube-dns` Services,
// and the default StorageClasses.

import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { isAlreadyExists, isNotFound } from '../apimachinery/errors.js';
import type { KubeObject } from '../apimachinery/types.js';
import type { ApiClient } from '../client/api-client.js';
import { R, at } from '../client/resources.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
export const CRD_DIR = join(ROOT, 'deploy', 'crds');

/** Every CRD document in deploy/crds, created or brought up to date. */
export async function installCrds(client: ApiClient, dir = CRD_DIR): Promise<string[]> {
  const names: string[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml') || f.endsWith('.yml')).sort()) {
    for (const doc of parseAllDocuments(readFileSync(join(dir, file), 'utf8'))) {
      const crd = doc.toJSON() as KubeObject | null;
      if (!crd || crd.kind !== 'CustomResourceDefinition') continue;
      await upsert(client, crd);
      names.push(crd.metadata.name!);
    }
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
