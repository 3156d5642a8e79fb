// ClusterListers backed by informers: the read-only lookups plugins need beyond nodes and pods.

import type { KubeObject } from '../apimachinery/types.js';
import type { Informer } from '../controller/contracts.js';
import type { ClusterListers } from './framework/types.js';

export interface ListerInformers {
  pvcs: Informer;
  pvs: Informer;
  storageClasses: Informer;
  namespaces: Informer;
}

export function informerListers(i: ListerInformers): ClusterListers {
  return {
    pvc: (ns, name) => i.pvcs.get(`${ns}/${name}`),
    pv: (name) => i.pvs.get(name),
    pvs: () => i.pvs.list(),
    storageClass: (name) => i.storageClasses.get(name),
    namespace: (name) => i.namespaces.get(name),
    namespaces: () => i.namespaces.list(),
  };
}

/** Listers over plain arrays, for tests and tools. */
export function staticListers(objs: { pvcs?: KubeObject[]; pvs?: KubeObject[]; storageClasses?: KubeObject[]; namespaces?: KubeObject[] } = {}): ClusterListers {
  const by = (list: KubeObject[] | undefined, key: (o: KubeObject) => string) => new Map((list ?? []).map((o) => [key(o), o]));
  const pvcs = by(objs.pvcs, (o) => `${o.metadata.namespace}/${o.metadata.name}`);
  const pvs = by(objs.pvs, (o) => o.metadata.name as string);
  const scs = by(objs.storageClasses, (o) => o.metadata.name as string);
  const nss = by(objs.namespaces, (o) => o.metadata.name as string);
  return {
    pvc: (ns, name) => pvcs.get(`${ns}/${name}`),
    pv: (name) => pvs.get(name),
    pvs: () => [...pvs.values()],
    storageClass: (name) => scs.get(name),
    namespace: (name) => nss.get(name),
    namespaces: () => [...nss.values()],
  };
}
