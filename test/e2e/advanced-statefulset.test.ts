// OpenKruise Advanced StatefulSet against the sandbox, through kubectl: the seed's `sample`
// manifest (apps.kruise.io/v1alpha1) applies unchanged; an image change updates every pod in
// place (same UID/IP/node, restartCount 1, InPlaceUpdateReady False then True, ≤ maxUnavailable
// down at once); `kubectl get sts` still means apps/v1.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as k8s from '@kubernetes/client-node';
import { eventually, sandboxPerSuite, type TestSandbox } from '../helpers/sandbox.js';

const SAMPLE = `apiVersion: apps.kruise.io/v1alpha1
kind: StatefulSet
metadata:
  name: sample
spec:
  replicas: 3
  serviceName: fake-service
  selector:
    matchLabels:
      app: sample
  template:
    metadata:
      labels:
        app: sample
    spec:
      readinessGates:
         # A new condition that ensures the pod remains at NotReady state while the in-place update is happening
      - conditionType: InPlaceUpdateReady
      containers:
      - name: main
        image: nginx:alpine
  podManagementPolicy: Parallel # allow parallel updates, works together with maxUnavailable
  updateStrategy:
    type: RollingUpdate
    rollingUpdate:
      # Do in-place update if possible, currently only image update is supported for in-place update
      podUpdatePolicy: InPlaceIfPossible
      # Allow parallel updates with max number of unavailable instances equals to 2
      maxUnavailable: 2
`;

interface PodView {
  name: string;
  uid: string;
  ip: string;
  node: string;
  image: string;
  restarts: number;
  ready: boolean;
  gate?: string;
}

describe('Advanced StatefulSet (apps.kruise.io)', () => {
  let sb: TestSandbox;
  sandboxPerSuite({ timeScale: 0.05 }, (started) => {
    sb = started;
  });

  async function pods(): Promise<PodView[]> {
    const list = JSON.parse(await sb.k(['get', 'pods', '-l', 'app=sample', '-o', 'json']));
    return list.items
      .map((p: any) => ({
        name: p.metadata.name,
        uid: p.metadata.uid,
        ip: p.status?.podIP,
        node: p.spec.nodeName,
        image: p.spec.containers[0].image,
        restarts: p.status?.containerStatuses?.[0]?.restartCount ?? 0,
        ready: p.status?.conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True') ?? false,
        gate: p.status?.conditions?.find((c: any) => c.type === 'InPlaceUpdateReady')?.status,
        deleting: !!p.metadata.deletionTimestamp,
      }))
      .sort((a: PodView, b: PodView) => (a.name < b.name ? -1 : 1));
  }

  it('applies the seed sample unchanged and runs 3 ready pods', async () => {
    await sb.apply(SAMPLE);
    await eventually(async () => (await pods()).filter((p) => p.ready && p.gate === 'True').length === 3, { timeoutMs: 60_000, message: '3 ready pods' });
    const asts = JSON.parse(await sb.k(['get', 'asts', 'sample', '-o', 'json']));
    assert.equal(asts.apiVersion, 'apps.kruise.io/v1beta1');
    const sts = await sb.kubectl(['get', 'sts']);
    assert.doesNotMatch(sts.stdout, /sample/, 'kubectl get sts is apps/v1');
  });

  it('updates all pods in place on an image change', async () => {
    const before = await pods();
    let maxDown = 0;
    // Every pod event, through a watch: the gate is False only while a pod restarts (milliseconds
    // at this time scale), too short for polling to be sure to see it.
    const sawFalse = new Set<string>();
    const watch = await new k8s.Watch(sb.kc).watch('/api/v1/namespaces/default/pods', { labelSelector: 'app=sample' }, (_type, p: any) => {
      if (p.status?.conditions?.some((c: any) => c.type === 'InPlaceUpdateReady' && c.status === 'False')) sawFalse.add(p.metadata.name);
    }, () => undefined);
    await sb.k(['patch', 'statefulsets.apps.kruise.io', 'sample', '--type', 'json', '-p', '[{"op":"replace","path":"/spec/template/spec/containers/0/image","value":"nginx:1.27"}]']);
    await eventually(
      async () => {
        const now = await pods();
        maxDown = Math.max(maxDown, now.filter((p) => !p.ready).length + (3 - now.length));
        return now.length === 3 && now.every((p) => p.image === 'nginx:1.27' && p.ready && p.gate === 'True' && p.restarts === 1);
      },
      { timeoutMs: 90_000, intervalMs: 20, message: 'all pods updated in place' },
    );
    watch.abort();
    const after = await pods();
    assert.deepEqual(after.map((p) => [p.name, p.uid, p.ip, p.node]), before.map((p) => [p.name, p.uid, p.ip, p.node]));
    assert.ok(maxDown <= 2, `at most 2 unavailable, saw ${maxDown}`);
    assert.equal(sawFalse.size, 3, `InPlaceUpdateReady went False on every pod (saw ${[...sawFalse].join(', ')})`);
    const events = await sb.k(['get', 'events', '--field-selector', 'involvedObject.name=sample', '-o', 'jsonpath={.items[*].message}']);
    assert.match(events, /updating pod sample-\d in place: container main image nginx:alpine → nginx:1\.27/);
  });

  it('recreates pods for an env change with InPlaceIfPossible', async () => {
    const before = new Set((await pods()).map((p) => p.uid));
    await sb.k(['patch', 'statefulsets.apps.kruise.io', 'sample', '--type', 'json', '-p', '[{"op":"add","path":"/spec/template/spec/containers/0/env","value":[{"name":"A","value":"b"}]}]']);
    await eventually(async () => {
      const now = await pods();
      return now.length === 3 && now.every((p) => !before.has(p.uid) && p.ready);
    }, { timeoutMs: 90_000, message: 'all pods recreated' });
    const events = await sb.k(['get', 'events', '--field-selector', 'involvedObject.name=sample', '-o', 'jsonpath={.items[*].message}']);
    assert.match(events, /recreating pod sample-\d: env of container main cannot change in place/);
  });

  it('applies Kruise defaults and refuses an InPlaceOnly env change with a 422', async () => {
    const asts = JSON.parse(await sb.k(['get', 'asts', 'sample', '-o', 'json']));
    assert.equal(asts.spec.updateStrategy.rollingUpdate.partition, 0);
    await sb.k(['patch', 'statefulsets.apps.kruise.io', 'sample', '--type', 'merge', '-p', '{"spec":{"updateStrategy":{"rollingUpdate":{"podUpdatePolicy":"InPlaceOnly"}}}}']);
    const r = await sb.kubectl(['patch', 'statefulsets.apps.kruise.io', 'sample', '--type', 'json', '-p', '[{"op":"replace","path":"/spec/template/spec/containers/0/env/0/value","value":"c"}]']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /spec.template: Forbidden: invalid template modified with InPlaceOnly strategy: replace \/containers\/0\/env\/0\/value, currently only image update is allowed for InPlaceOnly/);
  });
});
