// Discovery over the API: which resources the server serves, in their preferred versions.
// The garbage collector and namespace controller use it to find every kind of object.

import type { ResourceRef } from '../apimachinery/types.js';

export interface DiscoveredResource extends ResourceRef {
  kind: string;
  namespaced: boolean;
  verbs: string[];
}

export interface PathGetter {
  getPath<T = unknown>(path: string): Promise<T>;
}

interface ApiResourceList {
  groupVersion: string;
  resources: { name: string; kind: string; namespaced: boolean; verbs: string[] }[];
}

/** Preferred version of every resource (subresources excluded). */
export async function discoverResources(client: PathGetter): Promise<DiscoveredResource[]> {
  const out: DiscoveredResource[] = [];
  const gvs: { group: string; version: string; path: string }[] = [{ group: '', version: 'v1', path: '/api/v1' }];
  const groups = await client.getPath<{ groups: { name: string; preferredVersion: { version: string } }[] }>('/apis');
  for (const g of groups.groups) gvs.push({ group: g.name, version: g.preferredVersion.version, path: `/apis/${g.name}/${g.preferredVersion.version}` });
  const lists = await Promise.all(gvs.map((gv) => client.getPath<ApiResourceList>(gv.path).then((l) => ({ gv, l })).catch(() => undefined)));
  for (const x of lists) {
    if (!x) continue;
    for (const r of x.l.resources) {
      if (r.name.includes('/')) continue;
      out.push({ group: x.gv.group, version: x.gv.version, resource: r.name, kind: r.kind, namespaced: r.namespaced, verbs: r.verbs });
    }
  }
  return out;
}
