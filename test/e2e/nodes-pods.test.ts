// The node agent as kubectl users see it: readiness gates and probe timing, an image change on a
// running pod restarting only that container, crash loops, broken images, graceful and force
// deletion, and `kubectl logs` (with --previous). One sandbox, one namespace per test.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as k8s from '@kubernetes/client-node';
import { createNamespace, eventually, sandboxPerSuite, type TestSandbox } from '../helpers/sandbox.js';

// 1 simulated second = 20 ms: pulls 40 ms, starts 20 ms, a 100 s probe delay 2 s.
const SCALE = 0.02;

describe('node agent: pod lifecycle', () => {
  let sb: TestSandbox;
  let n = 0;
  sandboxPerSuite({ timeScale: SCALE, nodes: 3 }, (started) => {
    sb = started;
  });

  const namespace = (): Promise<string> => createNamespace(sb, `pods-${++n}`);
  const pod = async (ns: string, name: string): Promise<any> => JSON.parse(await sb.k(['-n', ns, 'get', 'pod', name, '-o', 'json']));
  const cond = (p: any, type: string): string | undefined => p.status?.conditions?.find((c: any) => c.type === type)?.status;
  /** The STATUS column of `kubectl get pod`. */
  const statusColumn = async (ns: string, name: string): Promise<string> => {
    const line = (await sb.k(['-n', ns, 'get', 'pod', name, '--no-headers'])).trim();
    return line.split(/\s+/)[2];
  };
  const podYaml = (name: string, body: string, annotations = ''): string =>
    `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n${annotations ? `  annotations:\n${annotations}` : ''}spec:\n${body}`;

  it('keeps a pod with a readiness gate unready until the gate condition is patched True', async () => {
    const ns = await namespace();
    await sb.k(
      ['-n', ns, 'apply', '-f', '-'],
      podYaml('gated', '  readinessGates:\n  - conditionType: example.com/ready\n  containers:\n  - name: c\n    image: nginx:1.25\n'),
    );
    const p = await eventually(async () => {
      const p = await pod(ns, 'gated');
      return cond(p, 'ContainersReady') === 'True' && p;
    });
    assert.equal(cond(p, 'Ready'), 'False');
    const ready = p.status.conditions.find((c: any) => c.type === 'Ready');
    assert.equal(ready.reason, 'ReadinessGatesNotReady');
    assert.equal(ready.message, 'corresponding condition of pod readiness gate "example.com/ready" does not exist.');
    // kubectl's READINESS GATES column counts satisfied gates.
    assert.match(await sb.k(['-n', ns, 'get', 'pod', 'gated', '-o', 'wide', '--no-headers']), /\s0\/1\s*$/);
    await sb.k([
      '-n', ns, 'patch', 'pod', 'gated', '--subresource=status', '--type=strategic',
      '-p', '{"status":{"conditions":[{"type":"example.com/ready","status":"True"}]}}',
    ]);
    await eventually(async () => cond(await pod(ns, 'gated'), 'Ready') === 'True', { message: 'gated pod Ready after the gate is True' });
    assert.match(await sb.k(['-n', ns, 'get', 'pod', 'gated', '-o', 'wide', '--no-headers']), /\s1\/1\s*$/);
  });

  it('honours readinessProbe.initialDelaySeconds (scaled) before the pod turns Ready', async () => {
    const ns = await namespace();
    const probe = '    readinessProbe:\n      httpGet: {path: /, port: 80}\n      initialDelaySeconds: 100\n      periodSeconds: 5\n';
    await sb.k(['-n', ns, 'apply', '-f', '-'], podYaml('probed', `  containers:\n  - name: c\n    image: nginx:1.25\n${probe}`));
    const running = await eventually(async () => {
      const p = await pod(ns, 'probed');
      return p.status?.containerStatuses?.[0]?.state?.running && p;
    });
    const startedAt = Date.parse(running.status.containerStatuses[0].state.running.startedAt);
    assert.equal(running.status.containerStatuses[0].ready, false);
    assert.equal(cond(running, 'Ready'), 'False');
    // 100 s × 0.02 = 2 s after the container started (timestamps have 1 s resolution).
    const p = await eventually(async () => {
      const p = await pod(ns, 'probed');
      return cond(p, 'Ready') === 'True' && p;
    }, { message: 'probed pod Ready' });
    const readyAt = Date.parse(p.status.conditions.find((c: any) => c.type === 'Ready').lastTransitionTime);
    assert.ok(readyAt - startedAt >= 1000, `Ready ${readyAt - startedAt} ms after start, expected about 2000`);
    assert.ok(readyAt - startedAt <= 5000, `Ready ${readyAt - startedAt} ms after start, expected about 2000`);
  });

  it('restarts only the container when its image changes on a running pod', async () => {
    const ns = await namespace();
    await sb.k(['-n', ns, 'apply', '-f', '-'], podYaml('img', '  containers:\n  - name: c\n    image: nginx:1.25\n'));
    const before = await eventually(async () => {
      const p = await pod(ns, 'img');
      return p.status?.containerStatuses?.[0]?.ready === true && p;
    });
    const cs0 = before.status.containerStatuses[0];
    assert.equal(cs0.restartCount, 0);
    await sb.k(['-n', ns, 'set', 'image', 'pod/img', 'c=nginx:1.26']);
    const after = await eventually(async () => {
      const p = await pod(ns, 'img');
      const cs = p.status?.containerStatuses?.[0];
      return cs?.restartCount === 1 && cs.ready && p;
    }, { message: 'container restarted with the new image' });
    const cs1 = after.status.containerStatuses[0];
    assert.equal(after.metadata.uid, before.metadata.uid);
    assert.equal(after.status.podIP, before.status.podIP);
    assert.equal(after.spec.nodeName, before.spec.nodeName);
    assert.match(cs1.image, /nginx:1\.26$/);
    assert.notEqual(cs1.containerID, cs0.containerID);
    assert.notEqual(cs1.imageID, cs0.imageID);
    assert.equal(cs1.lastState.terminated.containerID, cs0.containerID);
    const events = await sb.k(['-n', ns, 'get', 'events', '--field-selector', 'involvedObject.name=img', '-o', 'jsonpath={range .items[*]}{.reason}:{.message}{"\\n"}{end}']);
    assert.match(events, /Killing:Container c definition changed, will be restarted/);
  });

  it('shows CrashLoopBackOff for a crashing container and keeps the previous log', async () => {
    const ns = await namespace();
    await sb.k(
      ['-n', ns, 'apply', '-f', '-'],
      podYaml('crash', '  containers:\n  - name: c\n    image: nginx:1.25\n', '    sim.ordinal.dev/crash: "true"\n'),
    );
    await eventually(async () => (await statusColumn(ns, 'crash')) === 'CrashLoopBackOff', { message: 'CrashLoopBackOff' });
    // The container alternates running (a restart) and waiting in back-off, as with kubelet: check
    // one object that is in the back-off state.
    const p = await eventually(async () => {
      const candidate = await pod(ns, 'crash');
      return candidate.status.containerStatuses?.[0]?.state?.waiting?.reason === 'CrashLoopBackOff' ? candidate : undefined;
    }, { intervalMs: 10, message: 'a pod object in CrashLoopBackOff' });
    const cs = p.status.containerStatuses[0];
    assert.equal(cs.state.waiting.reason, 'CrashLoopBackOff');
    assert.match(cs.state.waiting.message, /^back-off \d+\S* restarting failed container=c pod=crash_/);
    assert.equal(cs.lastState.terminated.exitCode, 1);
    assert.equal(cs.lastState.terminated.reason, 'Error');
    assert.ok(cs.restartCount >= 1);
    assert.equal(p.status.phase, 'Running');
    const prev = await sb.k(['-n', ns, 'logs', 'crash', '--previous']);
    assert.match(prev, /exited with code 1/);
  });

  it('shows ErrImagePull then ImagePullBackOff for a broken image', async () => {
    const ns = await namespace();
    await sb.k(['-n', ns, 'apply', '-f', '-'], podYaml('broken', '  containers:\n  - name: c\n    image: nginx:1.0-broken\n'));
    await eventually(async () => (await statusColumn(ns, 'broken')) === 'ImagePullBackOff', { intervalMs: 10, message: 'ImagePullBackOff' });
    // The agent alternates ErrImagePull (a retry) and ImagePullBackOff (waiting), as kubelet does:
    // check one object that is in the back-off state.
    const p = await eventually(async () => {
      const candidate = await pod(ns, 'broken');
      return candidate.status.containerStatuses?.[0]?.state?.waiting?.reason === 'ImagePullBackOff' ? candidate : undefined;
    }, { intervalMs: 10, message: 'a pod object in ImagePullBackOff' });
    const cs = p.status.containerStatuses[0];
    assert.equal(cs.state.waiting.reason, 'ImagePullBackOff');
    assert.match(cs.state.waiting.message, /Back-off pulling image "nginx:1\.0-broken"/);
    assert.equal(p.status.phase, 'Pending');
    const events = await sb.k(['-n', ns, 'get', 'events', '--field-selector', 'involvedObject.name=broken', '-o', 'jsonpath={range .items[*]}{.reason}{"\\n"}{end}']);
    assert.match(events, /^Failed$/m);
    assert.match(events, /^BackOff$/m);
    const msgs = await sb.k(['-n', ns, 'get', 'events', '--field-selector', 'involvedObject.name=broken,reason=Failed', '-o', 'jsonpath={.items[*].message}']);
    assert.match(msgs, /Error: ErrImagePull|Failed to pull image "nginx:1\.0-broken"/);
  });

  it('deletes gracefully (Terminating while preStop runs, then gone) and force-deletes at once', async () => {
    const ns = await namespace();
    // preStop sleeps 100 s (2 s scaled), well inside the 300 s grace period.
    const spec =
      '  terminationGracePeriodSeconds: 300\n  containers:\n  - name: c\n    image: nginx:1.25\n    lifecycle:\n      preStop:\n        exec:\n          command: ["sleep", "100"]\n';
    await sb.k(['-n', ns, 'apply', '-f', '-'], podYaml('slow', spec) + '---\n' + podYaml('victim', spec));
    for (const name of ['slow', 'victim']) await eventually(async () => (await statusColumn(ns, name)) === 'Running');
    const t0 = Date.now();
    await sb.k(['-n', ns, 'delete', 'pod', 'slow', '--wait=false']);
    assert.equal(await statusColumn(ns, 'slow'), 'Terminating');
    const p = await pod(ns, 'slow');
    assert.ok(p.metadata.deletionTimestamp);
    assert.equal(p.metadata.deletionGracePeriodSeconds, 300);
    await eventually(async () => (await sb.kubectl(['-n', ns, 'get', 'pod', 'slow'])).stderr.includes('NotFound'), { message: 'slow pod gone' });
    const took = Date.now() - t0;
    assert.ok(took >= 1500, `graceful deletion took ${took} ms; the preStop hook alone is 2000 ms`);
    assert.ok(took < 6000, `graceful deletion took ${took} ms`);
    // Force deletion removes the object at once, whatever the container does.
    const r = await sb.kubectl(['-n', ns, 'delete', 'pod', 'victim', '--grace-period=0', '--force']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /pod "victim" force deleted/);
    assert.match((await sb.kubectl(['-n', ns, 'get', 'pod', 'victim'])).stderr, /pods "victim" not found/);
  });

  it('serves kubectl logs for the current and the previous container', async () => {
    const ns = await namespace();
    await sb.k(['-n', ns, 'apply', '-f', '-'], podYaml('logs', '  containers:\n  - name: c\n    image: nginx:1.25\n'));
    await eventually(async () => (await pod(ns, 'logs')).status?.containerStatuses?.[0]?.ready === true);
    const now = await sb.k(['-n', ns, 'logs', 'logs']);
    assert.match(now, /starting container c from image docker\.io\/library\/nginx:1\.25/);
    const none = await sb.kubectl(['-n', ns, 'logs', 'logs', '--previous']);
    assert.notEqual(none.code, 0);
    assert.match(none.stderr, /previous terminated container "c" in pod "logs" not found/);
    await sb.k(['-n', ns, 'set', 'image', 'pod/logs', 'c=nginx:1.26']);
    await eventually(async () => (await pod(ns, 'logs')).status?.containerStatuses?.[0]?.restartCount === 1);
    const prev = await sb.k(['-n', ns, 'logs', 'logs', '--previous']);
    assert.match(prev, /nginx:1\.25/);
    assert.doesNotMatch(prev, /nginx:1\.26/);
    assert.match(await sb.k(['-n', ns, 'logs', 'logs', '-c', 'c']), /nginx:1\.26/);
  });

  it('reports pod status through client-node like kubelet (hostIP, podIPs, startTime, conditions)', async () => {
    const ns = await namespace();
    const api = sb.kc.makeApiClient(k8s.CoreV1Api);
    await api.createNamespacedPod({ namespace: ns, body: { metadata: { name: 'cn' }, spec: { containers: [{ name: 'c', image: 'nginx:1.25' }] } } });
    const p = await eventually(async () => {
      const p = await api.readNamespacedPod({ namespace: ns, name: 'cn' });
      return p.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True' && p;
    });
    assert.equal(p.status!.phase, 'Running');
    assert.ok(p.status!.hostIP);
    assert.equal(p.status!.podIPs?.[0]?.ip, p.status!.podIP);
    assert.ok(p.status!.startTime);
    const node = await api.readNode({ name: p.spec!.nodeName! });
    const prefix = node.spec!.podCIDR!.replace(/\.0\/24$/, '.');
    assert.ok(p.status!.podIP!.startsWith(prefix), `${p.status!.podIP} inside ${node.spec!.podCIDR}`);
    assert.equal(p.status!.hostIP, node.status!.addresses!.find((a) => a.type === 'InternalIP')!.address);
    const types = p.status!.conditions!.map((c) => c.type).sort();
    for (const t of ['ContainersReady', 'Initialized', 'PodScheduled', 'Ready']) assert.ok(types.includes(t), `condition ${t}`);
  });
});
