// Pod IP identity, black-box: Calico's fixed IP annotation (and the FailedCreatePodSandBox event
// of a conflicting pod), sticky IPs for a StatefulSet across pod deletion, node failure and scale
// 3→1→3 (shown by `kubectl get ipclaims`), and the seed's Tencent TKE manifest, unmodified.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createNamespace, eventually, getPod, sandboxPerSuite, type TestSandbox } from '../helpers/sandbox.js';

// Node grace period 50 s → 1 s and the 300 s unreachable toleration → 6 s.
const SCALE = 0.02;

const STICKY = (replicas: number) => `apiVersion: v1
kind: Service
metadata:
  name: db
spec:
  clusterIP: None
  selector: {app: db}
  ports: [{port: 5432, name: pg}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
  annotations:
    network.ordinal.dev/sticky-ip: "true"
spec:
  serviceName: db
  replicas: ${replicas}
  podManagementPolicy: Parallel
  selector:
    matchLabels: {app: db}
  template:
    metadata:
      labels: {app: db}
    spec:
      containers:
      - name: pg
        image: postgres:16
`;

/** The seed's TKE StatefulSet, byte for byte from the seed document. */
function seedTkeManifest(): string {
  const doc = readFileSync('/work/shared/seed/stateful-apps-on-kubernetes.zh.md', 'utf8');
  const block = doc.split('```').find((b) => b.includes('tke.cloud.tencent.com/enable-static-ip'));
  assert.ok(block, 'TKE manifest found in the seed');
  return block.replace(/^\n/, '');
}

describe('pod IPs: fixed, sticky, TKE', () => {
  let sb: TestSandbox;
  let n = 0;
  sandboxPerSuite({ timeScale: SCALE, nodes: 3 }, (started) => {
    sb = started;
  });

  const namespace = (): Promise<string> => createNamespace(sb, `ips-${++n}`);
  const pod = (ns: string, name: string): Promise<any> => getPod(sb, ns, name);
  const ready = (p: any): boolean => p?.status?.conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True') ?? false;
  /** pod name → IP for the ready pods of a set, once all `names` are ready. */
  const readyIPs = async (ns: string, names: string[]): Promise<Record<string, string>> =>
    eventually(async () => {
      const out: Record<string, string> = {};
      for (const name of names) {
        const p = await pod(ns, name);
        if (!ready(p) || !p.status.podIP) return undefined;
        out[name] = p.status.podIP;
      }
      return out;
    }, { message: `${names.join(', ')} ready with IPs`, timeoutMs: 30_000 });
  const calicoPod = (name: string, ip: string) =>
    `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  annotations:\n    cni.projectcalico.org/ipAddrs: '["${ip}"]'\nspec:\n  containers:\n  - name: c\n    image: nginx:1.25\n`;

  it('gives a Calico ipAddrs pod exactly that IP; a conflicting pod stays ContainerCreating with FailedCreatePodSandBox', async () => {
    const ns = await namespace();
    await sb.k(['-n', ns, 'apply', '-f', '-'], calicoPod('fixed', '10.244.7.9'));
    const ips = await readyIPs(ns, ['fixed']);
    assert.equal(ips.fixed, '10.244.7.9');
    const p = await pod(ns, 'fixed');
    assert.deepEqual(p.status.podIPs, [{ ip: '10.244.7.9' }]);

    await sb.k(['-n', ns, 'apply', '-f', '-'], calicoPod('conflict', '10.244.7.9'));
    const msg = await eventually(async () => {
      const out = await sb.k(['-n', ns, 'get', 'events', '--field-selector', 'involvedObject.name=conflict,reason=FailedCreatePodSandBox', '-o', 'jsonpath={.items[*].message}']);
      return out || undefined;
    }, { message: 'FailedCreatePodSandBox event' });
    assert.match(msg, /10\.244\.7\.9/);
    assert.match(msg, /already|in use|allocated/i);
    assert.match(await sb.k(['-n', ns, 'get', 'pod', 'conflict', '--no-headers']), /^conflict\s+0\/1\s+ContainerCreating\s/);
    const c = await pod(ns, 'conflict');
    assert.equal(c.status.podIP, undefined);

    // Outside the cluster CIDR: refused with a reason.
    await sb.k(['-n', ns, 'apply', '-f', '-'], calicoPod('outside', '192.168.0.1'));
    const out = await eventually(async () => {
      const o = await sb.k(['-n', ns, 'get', 'events', '--field-selector', 'involvedObject.name=outside,reason=FailedCreatePodSandBox', '-o', 'jsonpath={.items[*].message}']);
      return o || undefined;
    });
    assert.match(out, /192\.168\.0\.1/);

    // Once the holder is gone the address is free and the waiting pod gets it.
    await sb.k(['-n', ns, 'delete', 'pod', 'fixed']);
    const got = await readyIPs(ns, ['conflict']);
    assert.equal(got.conflict, '10.244.7.9');
  });

  it('keeps every ordinal\'s IP across pod deletion, node failure and scale 3→1→3', async () => {
    const ns = await namespace();
    await sb.k(['-n', ns, 'apply', '-f', '-'], STICKY(3));
    const names = ['db-0', 'db-1', 'db-2'];
    const ips = await readyIPs(ns, names);
    assert.equal(new Set(Object.values(ips)).size, 3);

    // kubectl get ipclaims: one claim per pod, columns POD IP NODE PHASE AGE.
    const table = await eventually(async () => {
      const t = await sb.k(['-n', ns, 'get', 'ipclaims']);
      return t.trim().split('\n').length === 4 && t.includes('Bound') && t;
    }, { message: 'three bound IP claims' });
    const [header, ...rows] = table.trim().split('\n');
    assert.deepEqual(header.split(/\s+/), ['NAME', 'POD', 'IP', 'NODE', 'PHASE', 'AGE']);
    for (const row of rows) {
      const [name, podName, ip, node, phase] = row.split(/\s+/);
      assert.equal(podName, name);
      assert.equal(ip, ips[name]);
      assert.equal(node, (await pod(ns, name)).spec.nodeName);
      assert.equal(phase, 'Bound');
    }
    const owner = JSON.parse(await sb.k(['-n', ns, 'get', 'ipclaim', 'db-0', '-o', 'jsonpath={.metadata.ownerReferences}']));
    assert.equal(owner[0].kind, 'StatefulSet');
    assert.equal(owner[0].name, 'db');

    // 1. Pod deletion: the recreated pod (new UID) has the same IP.
    const uid = (await pod(ns, 'db-1')).metadata.uid;
    // --wait=false: kubectl <= 1.35 can wait forever on the re-created db-1 (kubectl#1803).
    await sb.k(['-n', ns, 'delete', 'pod', 'db-1', '--wait=false']);
    await eventually(async () => {
      const p = await pod(ns, 'db-1');
      return p && p.metadata.uid !== uid && ready(p);
    }, { message: 'db-1 recreated' });
    assert.equal((await readyIPs(ns, ['db-1']))['db-1'], ips['db-1']);

    // 2. Node failure: db-2's node goes down; it is evicted, force-deleted, and comes back on another node with its IP.
    const deadNode = (await pod(ns, 'db-2')).spec.nodeName;
    await sb.k(['annotate', 'node', deadNode, 'sim.ordinal.dev/down=true']);
    await eventually(async () => (await pod(ns, 'db-2'))?.metadata.deletionTimestamp, { timeoutMs: 20_000, message: 'db-2 evicted' });
    // Pods of the dead node that are not db-2 are evicted too; force-delete whatever of ours sits there.
    const onDead = JSON.parse(await sb.k(['-n', ns, 'get', 'pods', '--field-selector', `spec.nodeName=${deadNode}`, '-o', 'json'])).items;
    for (const p of onDead) await sb.k(['-n', ns, 'delete', 'pod', p.metadata.name, '--grace-period=0', '--force']);
    const moved = await eventually(async () => {
      const p = await pod(ns, 'db-2');
      return p && ready(p) && !p.metadata.deletionTimestamp && p;
    }, { timeoutMs: 30_000, message: 'db-2 rescheduled' });
    assert.notEqual(moved.spec.nodeName, deadNode, 'db-2 moved to a live node');
    assert.equal(moved.status.podIP, ips['db-2'], 'db-2 kept its IP on the new node');
    const claimNode = await sb.k(['-n', ns, 'get', 'ipclaim', 'db-2', '-o', 'jsonpath={.status.nodeName}']);
    assert.equal(claimNode, moved.spec.nodeName);
    await sb.k(['annotate', 'node', deadNode, 'sim.ordinal.dev/down-']);
    await eventually(async () => !(JSON.parse(await sb.k(['get', 'node', deadNode, '-o', 'json'])).spec.taints?.length), { message: 'node back' });

    // 3. Scale 3 → 1 → 3: the default policy (OnStatefulSetDelete) keeps the claims; ordinals get their IPs back.
    await sb.k(['-n', ns, 'scale', 'statefulset', 'db', '--replicas=1']);
    await eventually(async () => (await pod(ns, 'db-1')) === undefined && (await pod(ns, 'db-2')) === undefined, { message: 'scaled to 1' });
    const released = await eventually(async () => {
      const t = await sb.k(['-n', ns, 'get', 'ipclaim', 'db-2', '--no-headers']);
      return /\sReleased\s/.test(t) && t;
    }, { message: 'db-2 claim Released' });
    assert.ok(released.includes(ips['db-2']));
    await sb.k(['-n', ns, 'scale', 'statefulset', 'db', '--replicas=3']);
    const after = await readyIPs(ns, names);
    assert.deepEqual(after, ips);
    const current = await readyIPs(ns, names);
    assert.deepEqual(current, ips);
  });

  it('runs the seed\'s TKE static-IP StatefulSet unmodified and keeps its IPs', async () => {
    const ns = await namespace();
    const manifest = seedTkeManifest();
    assert.match(manifest, /namespace: default/);
    // The manifest names namespace default; -n would conflict, so it goes where it says.
    await sb.k(['apply', '-f', '-'], manifest);
    const names = ['busybox-0', 'busybox-1', 'busybox-2'];
    const ips = await readyIPs('default', names);
    assert.equal(new Set(Object.values(ips)).size, 3);
    for (const name of names) {
      const p = await pod('default', name);
      assert.equal(p.spec.containers[0].resources.requests['tke.cloud.tencent.com/eni-ip'], '1');
    }
    const oldUids = new Set([(await pod('default', 'busybox-0')).metadata.uid, (await pod('default', 'busybox-2')).metadata.uid]);
    // --wait=false: kubectl <= 1.35 can wait forever on the same-name successor a StatefulSet
    // re-creates while kubectl's wait starts (kubectl#1803); we wait for the new uids instead.
    await sb.k(['-n', 'default', 'delete', 'pod', 'busybox-0', 'busybox-2', '--wait=false']);
    await eventually(async () => {
      for (const name of ['busybox-0', 'busybox-2']) {
        const p = await pod('default', name);
        if (!p || oldUids.has(p.metadata.uid) || !ready(p)) return false;
      }
      return true;
    }, { message: 'busybox-0 and busybox-2 re-created and ready' });
    assert.deepEqual(await readyIPs('default', names), ips);
    // vpc-ip-claim-delete-policy: Never keeps the claims even when the StatefulSet is deleted.
    await sb.k(['-n', 'default', 'delete', 'statefulset', 'busybox']);
    await eventually(async () => (await sb.k(['-n', 'default', 'get', 'pods', '-l', 'k8s-app=busybox', '-o', 'name'])) === '', { message: 'busybox pods gone' });
    const claims = await sb.k(['-n', 'default', 'get', 'ipclaims', '-o', 'jsonpath={range .items[*]}{.metadata.name}={.spec.ip}{"\\n"}{end}']);
    for (const name of names) assert.ok(claims.includes(`${name}=${ips[name]}`), `claim ${name} kept:\n${claims}`);
    await sb.k(['apply', '-f', '-'], manifest);
    assert.deepEqual(await readyIPs('default', names), ips, 'a recreated set gets the same IPs');
    void ns;
  });
});
