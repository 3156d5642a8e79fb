// Cluster DNS as the seed shows it, queried with `dig` against the sandbox's DNS port: the
// StatefulSet pod record web-0.nginx follows the pod to its new IP after `kubectl delete pod`,
// SRV records for named ports, PTR for pod and service IPs, ClusterIP A records, NXDOMAIN.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createNamespace, eventually, sandboxPerSuite, type TestSandbox } from '../helpers/sandbox.js';

const WEB = `apiVersion: v1
kind: Service
metadata:
  name: nginx
  labels: {app: nginx}
spec:
  ports:
  - port: 80
    name: web
  clusterIP: None
  selector:
    app: nginx
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: "nginx"
  replicas: 2
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: registry.k8s.io/nginx-slim:0.8
        ports:
        - containerPort: 80
          name: web
`;

interface Dig {
  status: string;
  answers: string[][];
  authority: string[][];
  additional: string[][];
}

function dig(port: number, name: string, type = 'A', extra: string[] = []): Promise<Dig> {
  return new Promise((res, rej) => {
    execFile('dig', [`@127.0.0.1`, '-p', String(port), '+tries=1', '+time=2', ...extra, name, type], (err, stdout) => {
      if (err) return rej(err);
      const status = /status: (\w+)/.exec(stdout)?.[1] ?? '';
      const section = /;; ANSWER SECTION:\n([\s\S]*?)(?:\n\n|$)/.exec(stdout)?.[1] ?? '';
      const answers = section.split('\n').filter(Boolean).map((l) => l.split(/\s+/));
      const auth = /;; AUTHORITY SECTION:\n([\s\S]*?)(?:\n\n|$)/.exec(stdout)?.[1] ?? '';
      const add = /;; ADDITIONAL SECTION:\n([\s\S]*?)(?:\n\n|$)/.exec(stdout)?.[1] ?? '';
      const rows = (text: string): string[][] => text.split('\n').filter(Boolean).map((l) => l.split(/\s+/));
      res({ status, answers, authority: rows(auth), additional: rows(add) });
    });
  });
}
const rdata = (d: Dig, type: string): string[] => d.answers.filter((a) => a[3] === type).map((a) => a.slice(4).join(' ')).sort();

describe('cluster DNS', () => {
  let sb: TestSandbox;
  let n = 0;
  sandboxPerSuite({ timeScale: 0.02, nodes: 3 }, (started) => {
    sb = started;
  });

  const namespace = (): Promise<string> => createNamespace(sb, `dns-${++n}`);
  const podIP = async (ns: string, name: string): Promise<string> => sb.k(['-n', ns, 'get', 'pod', name, '-o', 'jsonpath={.status.podIP}']);
  const readyWeb = async (ns: string, replicas: number): Promise<void> => {
    await eventually(async () => (await sb.k(['-n', ns, 'get', 'sts', 'web', '-o', 'jsonpath={.status.readyReplicas}'])) === String(replicas), {
      message: `web has ${replicas} ready replicas`,
    });
  };

  it('resolves web-0.nginx to web-0\'s IP, and to its new IP after kubectl delete pod web-0', async () => {
    const ns = await namespace();
    await sb.k(['-n', ns, 'apply', '-f', '-'], WEB);
    await readyWeb(ns, 2);
    const fqdn = (p: string) => `${p}.nginx.${ns}.svc.cluster.local`;
    const ip0 = await podIP(ns, 'web-0');
    const ip1 = await podIP(ns, 'web-1');
    assert.match(ip0, /^10\.244\.\d+\.\d+$/);
    const a0 = await eventually(async () => {
      const d = await dig(sb.dnsPort, fqdn('web-0'));
      return d.status === 'NOERROR' && rdata(d, 'A').length > 0 && d;
    });
    assert.deepEqual(rdata(a0, 'A'), [ip0]);
    assert.deepEqual(rdata(await dig(sb.dnsPort, fqdn('web-1')), 'A'), [ip1]);
    // The headless service name answers with every ready endpoint.
    assert.deepEqual(rdata(await dig(sb.dnsPort, `nginx.${ns}.svc.cluster.local`), 'A'), [ip0, ip1].sort());
    // TCP answers the same.
    assert.deepEqual(rdata(await dig(sb.dnsPort, fqdn('web-0'), 'A', ['+tcp']), 'A'), [ip0]);

    // --wait=false: kubectl <= 1.35 can wait forever on the re-created web-0 (kubectl#1803).
    await sb.k(['-n', ns, 'delete', 'pod', 'web-0', '--wait=false']);
    const newIp = await eventually(async () => {
      const ip = await podIP(ns, 'web-0');
      return ip && ip !== ip0 && ip;
    }, { message: 'web-0 recreated with a new IP' });
    await eventually(async () => rdata(await dig(sb.dnsPort, fqdn('web-0')), 'A').join() === newIp, {
      message: `web-0.nginx resolves to the new IP ${newIp}`,
    });
  });

  it('answers SRV for named ports and PTR for pod IPs', async () => {
    const ns = await namespace();
    await sb.k(['-n', ns, 'apply', '-f', '-'], WEB);
    await readyWeb(ns, 2);
    const srv = await eventually(async () => {
      const d = await dig(sb.dnsPort, `_web._tcp.nginx.${ns}.svc.cluster.local`, 'SRV');
      return rdata(d, 'SRV').length === 2 && d;
    }, { message: 'two SRV records' });
    const targets = rdata(srv, 'SRV').map((r) => r.split(' '));
    for (const [priority, , port] of targets) assert.deepEqual([priority, port], ['0', '80']);
    assert.deepEqual(targets.map((t) => t[3]).sort(), [`web-0.nginx.${ns}.svc.cluster.local.`, `web-1.nginx.${ns}.svc.cluster.local.`]);
    // The targets come with their A records in the additional section, as CoreDNS sends them.
    const ip0 = await podIP(ns, 'web-0');
    const ip1 = await podIP(ns, 'web-1');
    assert.deepEqual(rdata({ status: '', answers: srv.additional, authority: [], additional: [] }, 'A'), [ip0, ip1].sort());
    const ptr = await dig(sb.dnsPort, ip0, 'PTR', ['-x']);
    assert.equal(ptr.status, 'NOERROR');
    assert.deepEqual(rdata(ptr, 'PTR'), [`web-0.nginx.${ns}.svc.cluster.local.`]);
  });

  it('follows readiness: a pod failing its readiness probe leaves the answers, and comes back', async () => {
    const ns = await namespace();
    await sb.k(['-n', ns, 'apply', '-f', '-'], WEB.replace('        ports:\n        - containerPort: 80', '        readinessProbe:\n          tcpSocket: {port: 80}\n          periodSeconds: 1\n        ports:\n        - containerPort: 80'));
    await readyWeb(ns, 2);
    const svc = `nginx.${ns}.svc.cluster.local`;
    const ip0 = await podIP(ns, 'web-0');
    const ip1 = await podIP(ns, 'web-1');
    await eventually(async () => rdata(await dig(sb.dnsPort, svc), 'A').join() === [ip0, ip1].sort().join(), { message: 'both endpoints' });
    await sb.k(['-n', ns, 'annotate', 'pod', 'web-1', 'sim.ordinal.dev/ready=false']);
    await eventually(async () => rdata(await dig(sb.dnsPort, svc), 'A').join() === ip0, { message: 'web-1 left the service answers' });
    assert.equal((await dig(sb.dnsPort, `web-1.${svc}`)).status, 'NXDOMAIN', 'a not-ready pod has no hostname record');
    const ep = JSON.parse(await sb.k(['-n', ns, 'get', 'endpoints', 'nginx', '-o', 'json']));
    assert.deepEqual(ep.subsets[0].notReadyAddresses.map((a: any) => a.ip), [ip1]);
    await sb.k(['-n', ns, 'annotate', 'pod', 'web-1', 'sim.ordinal.dev/ready-']);
    await eventually(async () => rdata(await dig(sb.dnsPort, `web-1.${svc}`), 'A').join() === ip1, { message: 'web-1 back' });
  });

  it('answers ClusterIP services (kubernetes, kube-dns) forward and reverse', async () => {
    const a = await dig(sb.dnsPort, 'kubernetes.default.svc.cluster.local');
    assert.deepEqual(rdata(a, 'A'), ['10.96.0.1']);
    assert.deepEqual(rdata(await dig(sb.dnsPort, 'kube-dns.kube-system.svc.cluster.local'), 'A'), ['10.96.0.10']);
    const ptr = await dig(sb.dnsPort, '10.96.0.1', 'PTR', ['-x']);
    assert.deepEqual(rdata(ptr, 'PTR'), ['kubernetes.default.svc.cluster.local.']);
  });

  it('answers NXDOMAIN for names that do not exist, with the zone SOA', async () => {
    const ns = await namespace();
    for (const name of [`missing.${ns}.svc.cluster.local`, `web-9.nginx.${ns}.svc.cluster.local`, 'nope.default.svc.cluster.local']) {
      const d = await dig(sb.dnsPort, name);
      assert.equal(d.status, 'NXDOMAIN', name);
      assert.equal(d.answers.length, 0);
      assert.deepEqual(d.authority.map((a) => [a[0], a[3]]), [['cluster.local.', 'SOA']], name);
    }
  });
});
