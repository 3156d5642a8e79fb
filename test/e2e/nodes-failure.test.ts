// Node failure as on a real cluster: a node that stops heartbeating (`sim.ordinal.dev/down`)
// turns Ready=Unknown after the node-monitor grace period, gets the unreachable taints, its pods
// are evicted after their tolerationSeconds and stay Terminating (nobody is there to stop them)
// until force-deleted; a node that comes back clears its taints; the out-of-service taint
// force-deletes the pods of a dead node (non-graceful node shutdown).

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createNamespace, eventually, getPod, sandboxPerSuite, type TestSandbox } from '../helpers/sandbox.js';

// Grace period 50 s → 1 s; the default 300 s unreachable toleration → 6 s.
const SCALE = 0.02;

describe('node lifecycle: node down, eviction, node back, out-of-service', () => {
  let sb: TestSandbox;
  let n = 0;
  sandboxPerSuite({ timeScale: SCALE, nodes: 3 }, (started) => {
    sb = started;
  });

  const namespace = (): Promise<string> => createNamespace(sb, `fail-${++n}`);
  const node = async (name: string): Promise<any> => JSON.parse(await sb.k(['get', 'node', name, '-o', 'json']));
  const readyCond = (o: any): any => o.status?.conditions?.find((c: any) => c.type === 'Ready');
  const pod = (ns: string, name: string): Promise<any> => getPod(sb, ns, name);
  const pinned = (name: string, nodeName: string, extra = ''): string =>
    `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  nodeSelector:\n    kubernetes.io/hostname: ${nodeName}\n${extra}  containers:\n  - name: c\n    image: nginx:1.25\n`;
  const runningReady = async (ns: string, name: string): Promise<boolean> =>
    readyCond((await pod(ns, name)) ?? {})?.status === 'True';

  it('node down → Unknown → unreachable taint → eviction stuck Terminating → force delete → node back clears taints', async () => {
    const ns = await namespace();
    const tolerant =
      '  tolerations:\n  - key: node.kubernetes.io/unreachable\n    operator: Exists\n    effect: NoExecute\n    tolerationSeconds: 100000\n';
    await sb.k(['-n', ns, 'apply', '-f', '-'], `${pinned('plain', 'node-1')}---\n${pinned('tolerant', 'node-1', tolerant)}`);
    for (const p of ['plain', 'tolerant']) await eventually(() => runningReady(ns, p), { message: `${p} Ready` });
    // Admission added the default 300 s tolerations to the plain pod.
    const plain = await pod(ns, 'plain');
    const tol = plain.spec.tolerations.find((t: any) => t.key === 'node.kubernetes.io/unreachable');
    assert.deepEqual(tol, { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 });

    await sb.k(['annotate', 'node', 'node-1', 'sim.ordinal.dev/down=true']);
    const down = await eventually(async () => {
      const nd = await node('node-1');
      return readyCond(nd)?.status === 'Unknown' && nd;
    }, { message: 'node-1 Ready=Unknown' });
    assert.equal(readyCond(down).reason, 'NodeStatusUnknown');
    assert.equal(readyCond(down).message, 'Kubelet stopped posting node status.');
    assert.match(await sb.k(['get', 'node', 'node-1', '--no-headers']), /^node-1\s+NotReady\s/);
    const taints = await eventually(async () => {
      const t = (await node('node-1')).spec?.taints ?? [];
      return t.some((x: any) => x.key === 'node.kubernetes.io/unreachable' && x.effect === 'NoExecute') && t;
    }, { message: 'unreachable NoExecute taint' });
    assert.ok(taints.some((t: any) => t.key === 'node.kubernetes.io/unreachable' && t.effect === 'NoSchedule'));
    assert.ok(taints.find((t: any) => t.effect === 'NoExecute').timeAdded);
    // Pods on the unreachable node are marked not Ready by the node lifecycle controller.
    await eventually(async () => readyCond(await pod(ns, 'tolerant'))?.status === 'False', { message: 'tolerant pod marked not Ready' });

    // After 300 s (scaled) the plain pod is evicted; the node is down, so it stays Terminating.
    const evicted = await eventually(async () => {
      const p = await pod(ns, 'plain');
      return p?.metadata.deletionTimestamp && p;
    }, { timeoutMs: 20_000, message: 'plain pod evicted' });
    const taintedAt = Date.parse(taints.find((t: any) => t.effect === 'NoExecute').timeAdded);
    const evictedAt = Date.parse(evicted.metadata.deletionTimestamp) - evicted.metadata.deletionGracePeriodSeconds * 1000;
    assert.ok(evictedAt - taintedAt >= 300 * 1000 * SCALE - 2000, `evicted ${evictedAt - taintedAt} ms after the taint`);
    const events = await sb.k(['-n', ns, 'get', 'events', '--field-selector', 'involvedObject.name=plain', '-o', 'jsonpath={range .items[*]}{.reason}:{.message}{"\\n"}{end}']);
    assert.match(events, new RegExp(`TaintManagerEviction:Marking for deletion Pod ${ns}/plain`));
    assert.match(await sb.k(['-n', ns, 'get', 'pod', 'plain', '--no-headers']), /\sTerminating\s/);
    // Stuck: long after its grace period would have run out on a live node, it is still there.
    const since = Date.now();
    await eventually(async () => Date.now() - since > 1500 && (await pod(ns, 'plain'))?.metadata.deletionTimestamp, { message: 'still Terminating' });
    const tolerantNow = await pod(ns, 'tolerant');
    assert.equal(tolerantNow.metadata.deletionTimestamp, undefined, 'a pod tolerating the taint for long is not evicted');

    const r = await sb.kubectl(['-n', ns, 'delete', 'pod', 'plain', '--grace-period=0', '--force']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(await pod(ns, 'plain'), undefined);

    await sb.k(['annotate', 'node', 'node-1', 'sim.ordinal.dev/down-']);
    await eventually(async () => {
      const nd = await node('node-1');
      return readyCond(nd)?.status === 'True' && (nd.spec.taints ?? []).length === 0;
    }, { message: 'node-1 Ready with no taints' });
    await eventually(() => runningReady(ns, 'tolerant'), { message: 'tolerant pod Ready again' });
    assert.match(await sb.k(['get', 'node', 'node-1', '--no-headers']), /^node-1\s+Ready\s/);
  });

  it('force-deletes the pods of a dead node tainted node.kubernetes.io/out-of-service', async () => {
    const ns = await namespace();
    await sb.k(['-n', ns, 'apply', '-f', '-'], `${pinned('a', 'node-2')}---\n${pinned('b', 'node-2')}`);
    for (const p of ['a', 'b']) await eventually(() => runningReady(ns, p), { message: `${p} Ready` });
    await sb.k(['annotate', 'node', 'node-2', 'sim.ordinal.dev/down=true']);
    await eventually(async () => readyCond(await node('node-2'))?.status === 'Unknown', { message: 'node-2 Unknown' });
    await sb.k(['taint', 'node', 'node-2', 'node.kubernetes.io/out-of-service=nodeshutdown:NoExecute']);
    // Well before the 300 s tolerations run out, both pods are gone for good.
    await eventually(async () => (await pod(ns, 'a')) === undefined && (await pod(ns, 'b')) === undefined, {
      timeoutMs: 4000,
      message: 'pods on the out-of-service node deleted',
    });
    await sb.k(['taint', 'node', 'node-2', 'node.kubernetes.io/out-of-service-']);
    await sb.k(['annotate', 'node', 'node-2', 'sim.ordinal.dev/down-']);
    await eventually(async () => {
      const nd = await node('node-2');
      return readyCond(nd)?.status === 'True' && (nd.spec.taints ?? []).length === 0;
    }, { message: 'node-2 back' });
  });
});
