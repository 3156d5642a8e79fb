// The scheduler and the simulated nodes as the seed uses them: the `zk` StatefulSet with required
// podAntiAffinity on kubernetes.io/hostname spreads over three nodes, a fourth replica stays
// Pending with kube-scheduler's FailedScheduling message until a node is added, and
// `kubectl get nodes -o wide` prints what a real cluster prints.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createNamespace, eventually, sandboxPerSuite, type TestSandbox } from '../helpers/sandbox.js';

const ZK = (replicas: number) => `apiVersion: v1
kind: Service
metadata:
  name: zk-hs
  labels: {app: zk}
spec:
  clusterIP: None
  selector: {app: zk}
  ports: [{name: client, port: 2181}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: zk
spec:
  serviceName: zk-hs
  replicas: ${replicas}
  podManagementPolicy: Parallel
  selector:
    matchLabels: {app: zk}
  template:
    metadata:
      labels: {app: zk}
    spec:
      affinity:
        podAntiAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            - labelSelector:
                matchExpressions:
                  - key: "app"
                    operator: In
                    values:
                    - zk
              topologyKey: "kubernetes.io/hostname"
      containers:
      - name: kubernetes-zookeeper
        image: registry.k8s.io/kubernetes-zookeeper:1.0-3.4.10
        resources:
          requests: {cpu: 500m, memory: 1Gi}
`;

describe('scheduler: zk anti-affinity on simulated nodes', () => {
  let sb: TestSandbox;
  let n = 0;
  sandboxPerSuite({ timeScale: 0.02, nodes: 3 }, (started) => {
    sb = started;
  });

  const namespace = (): Promise<string> => createNamespace(sb, `sched-${++n}`);
  const nodeOf = async (ns: string, pod: string): Promise<string> => sb.k(['-n', ns, 'get', 'pod', pod, '--template', '{{.spec.nodeName}}']);

  it('prints nodes with kubectl get nodes -o wide like a real cluster', async () => {
    const out = await sb.k(['get', 'nodes', '-o', 'wide']);
    const [header, ...rows] = out.trim().split('\n');
    assert.deepEqual(header.split(/\s{2,}/), [
      'NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION', 'INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME',
    ]);
    assert.equal(rows.length, 3);
    for (const [i, row] of rows.entries()) {
      const cols = row.split(/\s{2,}/);
      assert.equal(cols[0], `node-${i}`);
      assert.equal(cols[1], 'Ready');
      assert.equal(cols[2], '<none>');
      assert.match(cols[4], /^v1\.\d+\.\d+$/);
      assert.match(cols[5], /^\d+\.\d+\.\d+\.\d+$/);
      assert.equal(cols[6], '<none>');
      assert.match(cols[9], /^\w+:\/\/\S+$/);
    }
    const labels = JSON.parse(await sb.k(['get', 'node', 'node-0', '-o', 'jsonpath={.metadata.labels}']));
    assert.equal(labels['kubernetes.io/hostname'], 'node-0');
    assert.equal(labels['kubernetes.io/os'], 'linux');
    assert.ok(labels['topology.kubernetes.io/zone']);
    const zones = await sb.k(['get', 'nodes', '-o', 'jsonpath={.items[*].metadata.labels.topology\\.kubernetes\\.io/zone}']);
    assert.equal(new Set(zones.split(' ')).size, 3, 'three nodes spread over three zones');
    const leases = await sb.k(['-n', 'kube-node-lease', 'get', 'leases', '-o', 'jsonpath={.items[*].metadata.name}']);
    assert.deepEqual(leases.split(' ').sort(), ['node-0', 'node-1', 'node-2']);
  });

  it('lands zk-0..2 on three different nodes; zk-3 stays Pending with FailedScheduling until a node is added', async () => {
    const ns = await namespace();
    await sb.k(['-n', ns, 'apply', '-f', '-'], ZK(3));
    await eventually(async () => (await sb.k(['-n', ns, 'get', 'sts', 'zk', '-o', 'jsonpath={.status.readyReplicas}'])) === '3', {
      message: 'zk has 3 ready replicas',
    });
    const nodes = [];
    for (let i = 0; i < 3; i++) nodes.push(await nodeOf(ns, `zk-${i}`));
    assert.equal(new Set(nodes).size, 3, `zk pods on ${nodes.join(', ')}`);
    for (const node of nodes) assert.match(node, /^node-[0-2]$/);

    await sb.k(['-n', ns, 'scale', 'statefulset', 'zk', '--replicas=4']);
    const msg = '0/3 nodes are available: 3 node(s) didn\'t match pod anti-affinity rules. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.';
    const events = await eventually(async () => {
      const out = await sb.k(['-n', ns, 'get', 'events', '--field-selector', 'involvedObject.name=zk-3,reason=FailedScheduling', '-o', 'json']);
      const items = JSON.parse(out).items;
      return items.length > 0 && items;
    }, { message: 'FailedScheduling event for zk-3' });
    assert.equal(events[0].type, 'Warning');
    assert.equal(events[0].message, msg);
    assert.equal(events[0].source?.component ?? events[0].reportingComponent, 'default-scheduler');
    const pod = JSON.parse(await sb.k(['-n', ns, 'get', 'pod', 'zk-3', '-o', 'json']));
    assert.equal(pod.status.phase, 'Pending');
    assert.equal(pod.spec.nodeName, undefined);
    const scheduled = pod.status.conditions.find((c: any) => c.type === 'PodScheduled');
    assert.deepEqual([scheduled.status, scheduled.reason, scheduled.message], ['False', 'Unschedulable', msg]);
    assert.match(await sb.k(['-n', ns, 'get', 'pod', 'zk-3', '--no-headers']), /^zk-3\s+0\/1\s+Pending\s/);
    const describe = await sb.k(['-n', ns, 'describe', 'pod', 'zk-3']);
    assert.ok(describe.includes(`Warning  FailedScheduling`), describe);

    // A new node makes the pod schedulable: the scheduler retries when nodes change.
    await sb.apply('apiVersion: v1\nkind: Node\nmetadata:\n  name: node-3\n  labels:\n    node.ordinal.dev/simulated: "true"\n');
    await eventually(async () => (await nodeOf(ns, 'zk-3')) === 'node-3', { message: 'zk-3 scheduled onto the new node-3' });
    await eventually(async () => (await sb.k(['-n', ns, 'get', 'sts', 'zk', '-o', 'jsonpath={.status.readyReplicas}'])) === '4');
    await sb.k(['-n', ns, 'delete', 'statefulset', 'zk', '--wait=false']);
    await sb.k(['delete', 'node', 'node-3']);
  });

  it('does not schedule beyond allocatable resources and says why', async () => {
    const ns = await namespace();
    await sb.k(
      ['-n', ns, 'apply', '-f', '-'],
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: huge\nspec:\n  containers:\n  - name: c\n    image: nginx:1.25\n    resources:\n      requests: {cpu: "100"}\n',
    );
    const msg = await eventually(async () => {
      const p = JSON.parse(await sb.k(['-n', ns, 'get', 'pod', 'huge', '-o', 'json']));
      return p.status?.conditions?.find((c: any) => c.type === 'PodScheduled' && c.status === 'False')?.message;
    });
    assert.match(msg, /^0\/\d+ nodes are available: \d+ Insufficient cpu\. preemption: /);
  });
});
