// The environment a container process sees: the image's basics (PATH, HOME), HOSTNAME, the
// Docker-links-style variables kubelet injects for Services (enableServiceLinks, always for the
// `kubernetes` Service in default) and the container's own env entries (literal values and the
// downward-API fields that are known).

import type { KubeObject } from '../../apimachinery/types.js';
import { podHostname } from './pod-files.js';

interface ServicePort {
  name?: string;
  port: number;
  protocol?: string;
}

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { fieldRef?: { fieldPath: string } };
}

const PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** kubelet's service environment variables for one Service (skipped when headless). */
export function serviceEnv(svc: KubeObject): [string, string][] {
  const spec = (svc.spec ?? {}) as { clusterIP?: string; ports?: ServicePort[] };
  const ip = spec.clusterIP;
  if (!ip || ip === 'None' || !spec.ports?.length) return [];
  const prefix = (svc.metadata.name ?? '').toUpperCase().replace(/-/g, '_');
  const first = spec.ports[0];
  const out: [string, string][] = [
    [`${prefix}_SERVICE_HOST`, ip],
    [`${prefix}_SERVICE_PORT`, String(first.port)],
  ];
  for (const p of spec.ports) if (p.name) out.push([`${prefix}_SERVICE_PORT_${p.name.toUpperCase().replace(/-/g, '_')}`, String(p.port)]);
  out.push([`${prefix}_PORT`, `${(first.protocol ?? 'TCP').toLowerCase()}://${ip}:${first.port}`]);
  for (const p of spec.ports) {
    const proto = (p.protocol ?? 'TCP').toUpperCase();
    const base = `${prefix}_PORT_${p.port}_${proto}`;
    out.push([base, `${proto.toLowerCase()}://${ip}:${p.port}`], [`${base}_PROTO`, proto.toLowerCase()], [`${base}_PORT`, String(p.port)], [`${base}_ADDR`, ip]);
  }
  return out;
}

function fieldValue(pod: KubeObject, path: string): string | undefined {
  const status = (pod.status ?? {}) as { podIP?: string; hostIP?: string };
  const spec = (pod.spec ?? {}) as { nodeName?: string; serviceAccountName?: string };
  const fields: Record<string, string | undefined> = {
    'metadata.name': pod.metadata.name,
    'metadata.namespace': pod.metadata.namespace,
    'metadata.uid': pod.metadata.uid,
    'spec.nodeName': spec.nodeName,
    'spec.serviceAccountName': spec.serviceAccountName,
    'status.podIP': status.podIP,
    'status.hostIP': status.hostIP,
  };
  const label = /^metadata\.labels\['(.+)'\]$/.exec(path);
  if (label) return pod.metadata.labels?.[label[1]];
  return fields[path];
}

/** The process environment of `container` in `pod`; `services` are the Services visible to it. */
export function containerEnv(pod: KubeObject, container: string, services: KubeObject[], tty: boolean): Map<string, string> {
  const env = new Map<string, string>([['PATH', PATH], ['HOSTNAME', podHostname(pod)], ['HOME', '/root']]);
  if (tty) env.set('TERM', 'xterm');
  const links = (pod.spec as { enableServiceLinks?: boolean } | undefined)?.enableServiceLinks !== false;
  for (const svc of services) {
    const isMaster = svc.metadata.namespace === 'default' && svc.metadata.name === 'kubernetes';
    if (isMaster || (links && svc.metadata.namespace === pod.metadata.namespace)) for (const [k, v] of serviceEnv(svc)) env.set(k, v);
  }
  const c = ((pod.spec as { containers?: { name: string; env?: EnvVar[] }[] } | undefined)?.containers ?? []).find((x) => x.name === container);
  for (const e of c?.env ?? []) {
    const v = e.value ?? (e.valueFrom?.fieldRef ? fieldValue(pod, e.valueFrom.fieldRef.fieldPath) : undefined);
    if (v !== undefined) env.set(e.name, v.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (m, n: string) => env.get(n) ?? m));
  }
  return env;
}
