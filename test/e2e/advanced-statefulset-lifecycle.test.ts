// Kruise lifecycle hooks on Advanced StatefulSet pods against the sandbox (pkg/util/lifecycle and
// stateful_set_control.go): preNormal (PreparingNormal → Normal once all handlers are on the pod),
// inPlaceUpdate with a label handler (Normal → PreparingUpdate → Updating → Updated → Normal, and
// handlers re-applied when a new revision reaches an Updated pod), preDelete with a finalizer
// handler (PreparingDelete holds the scale-in until the finalizer is gone).

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sandboxPerSuite, type TestSandbox } from '../helpers/sandbox.js';
import { AstsEnv, IMAGE, NEW_IMAGE, asts } from './advanced-statefulset-env.js';

describe('Advanced StatefulSet lifecycle hooks', { concurrency: 3 }, () => {
  let sb: TestSandbox;
  let env: AstsEnv;
  sandboxPerSuite({ timeScale: 0.05 }, (started) => {
    sb = started;
    env = new AstsEnv(sb);
  });

  it('preNormal: new pods wait in PreparingNormal until all handlers are on them', async () => {
    const ns = await env.namespace('prenormal');
    await env.create(ns, asts('web', { replicas: 2, lifecycle: { preNormal: { labelsHandler: { 'example.io/registered': 'true' } } } }));
    const ps = await env.waitPods(ns, 'web', (ps) => ps.length === 2 && ps.every((p) => p.ready), '2 ready pods');
    assert.deepEqual(ps.map((p) => p.state), ['PreparingNormal', 'PreparingNormal']);
    assert.ok(ps[0].annotations['lifecycle.apps.kruise.io/timestamp']);
    // held pods are not available (state other than "" or Normal)
    const s = await env.get(ns, 'web');
    assert.equal(s.status.availableReplicas ?? 0, 0);
    await env.patchPod(ns, 'web-0', { metadata: { labels: { 'example.io/registered': 'true' } } });
    await env.waitPods(ns, 'web', (ps) => ps[0]?.state === 'Normal' && ps[1]?.state === 'PreparingNormal', 'web-0 Normal, web-1 still held');
  });

  it('inPlaceUpdate label handler: PreparingUpdate → Updating → Updated → Normal, handlers re-applied on a new revision', async () => {
    const ns = await env.namespace('inplacehook');
    const hook = { 'example.io/serving': 'true' };
    await env.create(ns, asts('web', { replicas: 1, lifecycle: { inPlaceUpdate: { labelsHandler: hook } } }, { templateLabels: hook }));
    await env.waitRolledOut(ns, 'web');
    let [pod] = await env.pods(ns, 'web');
    assert.equal(pod.state, 'Normal');
    const uid = pod.uid;

    await env.setImage(ns, 'web', NEW_IMAGE);
    [pod] = await env.waitPods(ns, 'web', (ps) => ps[0]?.state === 'PreparingUpdate', 'PreparingUpdate');
    assert.equal(pod.image, IMAGE, 'not updated while hooked');
    // the user's controller takes the pod out of service by removing the handler label
    await env.patchPod(ns, 'web-0', { metadata: { labels: { 'example.io/serving': null } } });
    [pod] = await env.waitPods(ns, 'web', (ps) => ps[0]?.state === 'Updated' && ps[0].image === NEW_IMAGE && ps[0].gate === 'True', 'Updated');
    assert.equal(pod.uid, uid);

    // a new revision while Updated: the handler label comes back and the pod waits again
    await env.setImage(ns, 'web', 'nginx:1.28');
    [pod] = await env.waitPods(ns, 'web', (ps) => ps[0]?.state === 'PreparingUpdate', 'PreparingUpdate again');
    assert.equal(pod.labels['example.io/serving'], 'true', 'handler re-applied');
    assert.equal(pod.image, NEW_IMAGE);
    await env.patchPod(ns, 'web-0', { metadata: { labels: { 'example.io/serving': null } } });
    await env.waitPods(ns, 'web', (ps) => ps[0]?.state === 'Updated' && ps[0].image === 'nginx:1.28', 'second update done');
    // putting the pod back in service (all handlers on) makes it Normal
    await env.patchPod(ns, 'web-0', { metadata: { labels: { 'example.io/serving': 'true' } } });
    [pod] = await env.waitPods(ns, 'web', (ps) => ps[0]?.state === 'Normal', 'Normal');
    assert.equal(pod.uid, uid);
    assert.equal(pod.restarts, 2);
  });

  it('preDelete finalizer handler: scale-in waits in PreparingDelete until the finalizer is removed', async () => {
    const ns = await env.namespace('predelete');
    const fin = 'example.io/drain';
    await env.create(ns, asts('web', { replicas: 2, lifecycle: { preDelete: { finalizersHandler: [fin] } } }));
    await env.waitRolledOut(ns, 'web');
    await env.patchPod(ns, 'web-1', { metadata: { finalizers: [fin] } });
    await env.patch(ns, 'web', { spec: { replicas: 1 } });
    let ps = await env.waitPods(ns, 'web', (ps) => ps[1]?.state === 'PreparingDelete', 'PreparingDelete');
    assert.equal(ps[1].terminating, false, 'held, not deleted');
    const events = await env.events(ns, 'web');
    assert.ok(events.some((m) => m === 'pod web-1 is waiting for its preDelete hook before scaling in'), events.join('\n'));
    await env.patchPod(ns, 'web-1', { metadata: { finalizers: null } });
    ps = await env.waitPods(ns, 'web', (ps) => ps.length === 1, 'web-1 deleted');
    assert.equal(ps[0].name, 'web-0');
  });
});
