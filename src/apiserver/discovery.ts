// Discovery documents: legacy (/api, /apis, /api/v1, /apis/G/V) and aggregated (apidiscovery.k8s.io/v2)
// when the client asks for it, as kube-apiserver serves them. kubectl builds its REST mapper,
// short names (sts, po, svc) and `all` category from these.

import { createHash } from 'node:crypto';
import type { Registry } from '../registry/registry.js';
import type { ResourceType } from '../registry/types.js';
import { apiVersionOf } from '../apimachinery/types.js';

export const AGGREGATED_V2 = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

export function wantsAggregated(accept: string | undefined): string | undefined {
  if (!accept) return undefined;
  for (const part of accept.split(',')) {
    const p = part.replace(/\s/g, '');
    if (p.includes('g=apidiscovery.k8s.io') && p.includes('as=APIGroupDiscoveryList')) {
      if (p.includes('v=v2beta1')) return 'v2beta1';
      if (p.includes('v=v2')) return 'v2';
    }
  }
  return undefined;
}

interface SubresourceInfo {
  name: string;
  kind: string;
  group?: string;
  version?: string;
  verbs: string[];
}

function subresourcesOf(t: ResourceType): SubresourceInfo[] {
  const out: SubresourceInfo[] = [];
  const s = t.subresources;
  if (s.status) out.push({ name: 'status', kind: t.kind, verbs: ['get', 'patch', 'update'] });
  if (s.scale) out.push({ name: 'scale', kind: 'Scale', group: 'autoscaling', version: 'v1', verbs: ['get', 'patch', 'update'] });
  if (s.binding) out.push({ name: 'binding', kind: 'Binding', verbs: ['create'] });
  if (s.eviction) out.push({ name: 'eviction', kind: 'Eviction', group: 'policy', version: 'v1', verbs: ['create'] });
  if (s.log) out.push({ name: 'log', kind: 'Pod', verbs: ['get'] });
  // Streamed over WebSockets by src/apiserver/streaming (kube-apiserver lists both as PodExecOptions/PodAttachOptions).
  if (s.attach) out.push({ name: 'attach', kind: 'PodAttachOptions', verbs: ['create', 'get'] });
  if (s.exec) out.push({ name: 'exec', kind: 'PodExecOptions', verbs: ['create', 'get'] });
  if (s.finalize) out.push({ name: 'finalize', kind: t.kind, verbs: ['update'] });
  return out;
}

function storageVersionHash(t: ResourceType): string {
  return createHash('sha256').update(`${t.group}/${t.versions[0]}/${t.kind}`).digest('base64').slice(0, 11);
}

export function apiVersions(serverAddress: string): unknown {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

export function apiGroupList(reg: Registry): unknown {
  const groups = [...reg.groups()].filter(([g]) => g !== '');
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: groups.map(([name, versions]) => apiGroup(name, versions)),
  };
}

export function apiGroup(name: string, versions: string[]): Record<string, unknown> {
  const vs = versions.map((v) => ({ groupVersion: `${name}/${v}`, version: v }));
  return { kind: 'APIGroup', apiVersion: 'v1', name, versions: vs, preferredVersion: vs[0] };
}

export function apiResourceList(reg: Registry, group: string, version: string): unknown {
  const resources: unknown[] = [];
  for (const t of reg.typesIn(group, version).sort((a, b) => (a.plural < b.plural ? -1 : 1))) {
    const main: Record<string, unknown> = {
      name: t.plural,
      singularName: t.singular,
      namespaced: t.namespaced,
      kind: t.kind,
      verbs: t.verbs,
      storageVersionHash: storageVersionHash(t),
    };
    if (t.shortNames.length) main.shortNames = t.shortNames;
    if (t.categories.length) main.categories = t.categories;
    resources.push(main);
    for (const s of subresourcesOf(t)) {
      const r: Record<string, unknown> = { name: `${t.plural}/${s.name}`, singularName: '', namespaced: t.namespaced, kind: s.kind, verbs: s.verbs };
      if (s.group !== undefined) r.group = s.group;
      if (s.version !== undefined) r.version = s.version;
      resources.push(r);
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: apiVersionOf(group, version), resources };
}

/** apidiscovery.k8s.io/v2 APIGroupDiscoveryList for /api (core) or /apis (named groups). */
export function aggregatedDiscovery(reg: Registry, core: boolean, version: 'v2' | 'v2beta1'): unknown {
  const groups = [...reg.groups()].filter(([g]) => (core ? g === '' : g !== ''));
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: `apidiscovery.k8s.io/${version}`,
    metadata: {},
    items: groups.map(([name, versions]) => ({
      metadata: { name, creationTimestamp: null },
      versions: versions.map((v) => ({
        version: v,
        resources: reg
          .typesIn(name, v)
          .sort((a, b) => (a.plural < b.plural ? -1 : 1))
          .map((t) => resourceDiscovery(t, v)),
        freshness: 'Current',
      })),
    })),
  };
}

function resourceDiscovery(t: ResourceType, version: string): Record<string, unknown> {
  const r: Record<string, unknown> = {
    resource: t.plural,
    responseKind: { group: t.group, version, kind: t.kind },
    scope: t.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: t.singular,
    verbs: t.verbs,
  };
  if (t.shortNames.length) r.shortNames = t.shortNames;
  if (t.categories.length) r.categories = t.categories;
  const subs = subresourcesOf(t);
  if (subs.length) {
    r.subresources = subs.map((s) => ({
      subresource: s.name,
      responseKind: { group: s.group ?? t.group, version: s.version ?? version, kind: s.kind },
      verbs: s.verbs,
    }));
  }
  return r;
}
