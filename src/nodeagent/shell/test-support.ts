// Builders for the shell's unit tests: a pod, a fake DNS that answers from a table, and a
// ShellState whose output is captured.

import type { KubeObject } from '../../apimachinery/types.js';
import type { DnsQuery, DnsReply } from './dns-client.js';
import { hostsFile, parseHosts, resolverConfig } from './pod-files.js';
import type { CommandIO, ShellState } from './state.js';

export function testPod(over: { name?: string; ns?: string; ip?: string; hostname?: string; subdomain?: string } = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: over.name ?? 'web-0', namespace: over.ns ?? 'default' },
    spec: { hostname: over.hostname, subdomain: over.subdomain, nodeName: 'node-1', containers: [{ name: 'nginx', image: 'nginx' }] },
    status: { phase: 'Running', podIP: over.ip ?? '10.244.1.7' },
  };
}

/** Answers A and PTR queries from `records` (name -> data list); NXDOMAIN otherwise. Records asked names. */
export function fakeDns(records: Record<string, string[]>, asked: string[] = []): DnsQuery {
  return async (name, type): Promise<DnsReply> => {
    asked.push(`${type} ${name}`);
    const data = records[`${type} ${name}`];
    return data ? { rcode: 0, answers: data.map((d) => ({ type, name, data: d })) } : { rcode: 3, answers: [] };
  };
}

export function testShell(pod: KubeObject, dns: DnsQuery = fakeDns({})): ShellState {
  return {
    pod,
    container: 'nginx',
    vars: new Map([['HOME', '/root'], ['HOSTNAME', 'web-0']]),
    cwd: '/',
    lastStatus: 0,
    signal: new AbortController().signal,
    lookup: async () => ({ resolver: resolverConfig(pod, '10.96.0.10'), hosts: parseHosts(hostsFile(pod)), dns }),
    dnsIp: async () => '10.96.0.10',
    now: () => new Date('2024-01-04T09:05:01Z'),
  };
}

export function capture(): CommandIO & { stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  return { out: (s) => (out += s), err: (s) => (err += s), stdout: () => out, stderr: () => err };
}
