// Golden-style tests of the stage table: a pod goes in, time passes, and the status kubelet would
// have written comes out (checked through what `kubectl get pods` would print and the fields
// controllers read).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { harness, kubectlStatus, podFixture, readyColumn } from './test-support.js';
import { imageIdFor, imageSizeBytes } from './images.js';

const row = (h: ReturnType<typeof harness>, s: any) => `${kubectlStatus({ metadata: h.sim.pod.metadata, status: s })} ${readyColumn(s)} ${s.phase}`;
const cond = (s: any, type: string) => s.conditions.find((c: any) => c.type === type);

test('a plain pod pulls, starts and becomes Ready with kubelet-shaped status', () => {
  const h = harness(podFixture());
  let s = h.status();
  assert.equal(row(h, s), 'ContainerCreating 0/1 Pending');
  assert.deepEqual(cond(s, 'Ready'), {
    type: 'Ready', status: 'False', lastProbeTime: null, lastTransitionTime: '2025-01-01T00:00:00Z',
    reason: 'ContainersNotReady', message: 'containers with unready status: [nginx]',
  });
  assert.equal(cond(s, 'PodReadyToStartContainers').status, 'True');
  assert.equal(s.podIP, '10.244.0.2');
  assert.deepEqual(s.hostIPs, [{ ip: '172.18.0.2' }]);
  assert.equal(s.containerStatuses[0].imageID, '');
  s = h.advance(2000);
  assert.equal(row(h, s), 'ContainerCreating 0/1 Pending');
  s = h.advance(1000);
  assert.equal(row(h, s), 'Running 1/1 Running');
  const cs = s.containerStatuses[0];
  assert.equal(cs.image, 'docker.io/library/nginx:1.25');
  assert.equal(cs.imageID, imageIdFor('nginx:1.25'));
  assert.match(cs.imageID, /^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
  assert.match(cs.containerID, /^containerd:\/\/[0-9a-f]{64}$/);
  assert.deepEqual(cs.state, { running: { startedAt: '2025-01-01T00:00:03Z' } });
  assert.equal(cs.started, true);
  assert.equal(cond(s, 'Ready').status, 'True');
  assert.equal(cond(s, 'Ready').lastTransitionTime, '2025-01-01T00:00:03Z');
  assert.equal(cond(s, 'PodScheduled').status, 'True', 'conditions of others are kept');
  assert.ok(h.events.events.some((e) => e.startsWith('Normal Pulled Successfully pulled image "nginx:1.25" in 2s')));
  assert.match(h.logs.getLogs('default', 'web-0', 'nginx')!, /container nginx started/);
});

test('a cached image starts without a pull; imagePullPolicy Always pays the check', () => {
  const h = harness(podFixture(), {}, 1, ['nginx:1.25']);
  assert.equal(row(h, h.advance(1000)), 'Running 1/1 Running');
  assert.ok(h.events.events.includes('Normal Pulled Container image "nginx:1.25" already present on machine'));
  const a = harness(podFixture({ spec: { containers: [{ name: 'nginx', image: 'nginx:1.25', imagePullPolicy: 'Always' }] } }), {}, 1, ['nginx:1.25']);
  assert.equal(row(a, a.advance(1000)), 'ContainerCreating 0/1 Pending');
  assert.equal(row(a, a.advance(100)), 'Running 1/1 Running');
});

test('a -broken tag gives ErrImagePull then ImagePullBackOff with doubling back-off', () => {
  const h = harness(podFixture({ spec: { containers: [{ name: 'nginx', image: 'nginx:1.25-broken' }] } }));
  const seen: string[] = [];
  for (const ms of [2000, 1000, 10_000, 1500, 500, 18_000, 3500]) seen.push(row(h, h.advance(ms)));
  assert.deepEqual(seen, [
    'ErrImagePull 0/1 Pending', // t=2s: the pull failed
    'ImagePullBackOff 0/1 Pending', // t=3s: next sync finds it in back-off (10s)
    'ImagePullBackOff 0/1 Pending', // t=13s: retrying the pull since 12s
    'ErrImagePull 0/1 Pending', // t=14.5s: failed again at 14s → back-off 20s
    'ImagePullBackOff 0/1 Pending', // t=15s
    'ImagePullBackOff 0/1 Pending', // t=33s
    'ErrImagePull 0/1 Pending', // t=36.5s: the retry at 34s failed at 36s
  ]);
  assert.match(h.status().containerStatuses[0].state.waiting.message, /failed to pull and unpack image "docker.io\/library\/nginx:1.25-broken"/);
});

test('crash: exit 1, immediate first restart, then CrashLoopBackOff 10s, 20s', () => {
  const h = harness(podFixture({ annotations: { 'sim.ordinal.dev/crash': 'true' } }));
  assert.equal(row(h, h.advance(3000)), 'Running 1/1 Running');
  let s = h.advance(1000); // t=4: exits, restarts at once (image cached)
  assert.equal(s.containerStatuses[0].restartCount, 1);
  assert.equal(s.containerStatuses[0].lastState.terminated.exitCode, 1);
  assert.equal(s.containerStatuses[0].lastState.terminated.reason, 'Error');
  s = h.advance(1000); // t=5: running again
  assert.equal(row(h, s), 'Running 1/1 Running');
  s = h.advance(1000); // t=6: second crash → back-off 10s
  assert.equal(row(h, s), 'CrashLoopBackOff 0/1 Running');
  assert.equal(s.containerStatuses[0].state.waiting.message, 'back-off 10s restarting failed container=nginx pod=web-0_default(uid-1)');
  assert.equal(cond(s, 'Ready').status, 'False');
  s = h.advance(9999);
  assert.equal(row(h, s), 'CrashLoopBackOff 0/1 Running');
  s = h.advance(1 + 1000 + 1000); // t=18: restarted at 16, ran 1s, crashed → back-off 20s
  assert.equal(s.containerStatuses[0].restartCount, 2);
  assert.equal(s.containerStatuses[0].state.waiting.message, 'back-off 20s restarting failed container=nginx pod=web-0_default(uid-1)');
  h.setPod((p) => delete p.metadata.annotations!['sim.ordinal.dev/crash']);
  s = h.advance(21_000);
  assert.equal(row(h, s), 'Running 1/1 Running');
  assert.equal(s.containerStatuses[0].restartCount, 3);
  assert.match(h.logs.getLogs('default', 'web-0', 'nginx', true)!, /exited with code 1/);
});

test('restartPolicy Never/OnFailure with sim.ordinal.dev/exit-code end Completed or Error', () => {
  const cases: Array<[string, string, string]> = [
    ['Never', '0', 'Completed 0/1 Succeeded'],
    ['Never', '3', 'Error 0/1 Failed'],
    ['OnFailure', '0', 'Completed 0/1 Succeeded'],
    ['Always', '0', 'ContainerCreating 0/1 Running'], // restarted at once: t=4s exited, starting again
  ];
  for (const [restartPolicy, code, want] of cases) {
    const h = harness(podFixture({ annotations: { 'sim.ordinal.dev/exit-code': code }, spec: { restartPolicy } }));
    const s = h.advance(4000);
    assert.equal(row(h, s), want, `${restartPolicy} exit ${code}`);
    if (want.startsWith('Completed') || want.startsWith('Error')) assert.equal(cond(s, 'Ready').reason, 'PodCompleted');
  }
  const onFailure = harness(podFixture({ annotations: { 'sim.ordinal.dev/exit-code': '2', 'sim.ordinal.dev/run-for': '5s' }, spec: { restartPolicy: 'OnFailure' } }));
  assert.equal(row(onFailure, onFailure.advance(7999)), 'Running 1/1 Running');
  const s = onFailure.advance(1);
  assert.equal(s.containerStatuses[0].restartCount, 1);
  assert.equal(s.phase, 'Running');
});

test('readiness gates hold Ready until every gate condition is True', () => {
  const h = harness(podFixture({ spec: { readinessGates: [{ conditionType: 'InPlaceUpdateReady' }] } }));
  let s = h.advance(3000);
  assert.equal(cond(s, 'ContainersReady').status, 'True');
  assert.deepEqual(
    [cond(s, 'Ready').status, cond(s, 'Ready').reason, cond(s, 'Ready').message],
    ['False', 'ReadinessGatesNotReady', 'corresponding condition of pod readiness gate "InPlaceUpdateReady" does not exist.'],
  );
  s = h.setPod((p) => p.status!.conditions.push({ type: 'InPlaceUpdateReady', status: 'False' }));
  assert.equal(cond(s, 'Ready').message, 'the status of pod readiness gate "InPlaceUpdateReady" is not "True", but False');
  s = h.setPod((p) => (p.status!.conditions.find((c: any) => c.type === 'InPlaceUpdateReady').status = 'True'));
  assert.equal(cond(s, 'Ready').status, 'True');
  assert.equal(cond(s, 'InPlaceUpdateReady').status, 'True');
});

test('readiness probe: initialDelay and period; sim.ordinal.dev/ready=false flips after failureThreshold', () => {
  const probe = { initialDelaySeconds: 5, periodSeconds: 10, failureThreshold: 3 };
  const h = harness(podFixture({ spec: { containers: [{ name: 'nginx', image: 'nginx:1.25', readinessProbe: probe }] } }));
  assert.equal(row(h, h.advance(3000)), 'Running 0/1 Running'); // started at 3s
  assert.equal(row(h, h.advance(9999)), 'Running 0/1 Running');
  assert.equal(row(h, h.advance(1)), 'Running 1/1 Running'); // first probe past the delay: 3s + 10s
  h.setPod((p) => (p.metadata.annotations!['sim.ordinal.dev/ready'] = 'false'));
  assert.equal(row(h, h.advance(20_000)), 'Running 1/1 Running'); // failures at 23s, 33s
  assert.equal(row(h, h.advance(10_000)), 'Running 0/1 Running'); // third at 43s
  h.setPod((p) => delete p.metadata.annotations!['sim.ordinal.dev/ready']);
  assert.equal(row(h, h.advance(10_000)), 'Running 1/1 Running');
  assert.match(h.logs.getLogs('default', 'web-0', 'nginx')!, /readiness probe failed 3 times in a row/);
});

test('startup probe gates started/ready; liveness failure restarts the container', () => {
  const spec = { containers: [{ name: 'nginx', image: 'nginx:1.25', startupProbe: { periodSeconds: 5, initialDelaySeconds: 5 }, livenessProbe: { periodSeconds: 10 } }] };
  const h = harness(podFixture({ spec }));
  let s = h.advance(3000);
  assert.equal(s.containerStatuses[0].started, false);
  assert.equal(row(h, s), 'Running 0/1 Running');
  s = h.advance(5000);
  assert.equal(s.containerStatuses[0].started, true);
  assert.equal(row(h, s), 'Running 1/1 Running');
  h.setPod((p) => (p.metadata.annotations!['sim.ordinal.dev/live'] = 'false'));
  // liveness ticks at 8s, 18s, 28s ... annotation set at 8s: failures at 18, 28, 38 → killed, stopped 1s later.
  s = h.advance(30_000 + 1000);
  assert.equal(s.containerStatuses[0].restartCount, 1);
  assert.equal(s.containerStatuses[0].lastState.terminated.exitCode, 137);
});

test('an image change restarts only that container with a new imageID and containerID', () => {
  const spec = { containers: [{ name: 'nginx', image: 'nginx:1.25' }, { name: 'sidecar', image: 'busybox:1.36' }] };
  const h = harness(podFixture({ spec }));
  let s = h.advance(3000);
  assert.equal(row(h, s), 'Running 2/2 Running');
  const before = s.containerStatuses.map((c: any) => ({ ...c }));
  h.setPod((p) => (p.spec.containers[0].image = 'nginx:1.26'));
  s = h.advance(1000); // stopped after containerStop
  assert.equal(readyColumn(s), '1/2');
  s = h.advance(3000); // pulled (2s) and started (1s)
  assert.equal(row(h, s), 'Running 2/2 Running');
  const [nginx, sidecar] = s.containerStatuses;
  assert.equal(nginx.restartCount, 1);
  assert.equal(nginx.image, 'docker.io/library/nginx:1.26');
  assert.notEqual(nginx.imageID, before[0].imageID);
  assert.notEqual(nginx.containerID, before[0].containerID);
  assert.deepEqual(Object.keys(nginx.lastState), ['terminated']);
  assert.equal(nginx.lastState.terminated.containerID, before[0].containerID);
  assert.deepEqual(sidecar, before[1], 'the other container keeps running untouched');
});

test('graceful deletion stops containers within the grace period, then reports terminated', () => {
  const h = harness(podFixture());
  h.advance(3000);
  let s = h.setPod((p) => {
    p.metadata.deletionTimestamp = '2025-01-01T00:00:33Z';
    p.metadata.deletionGracePeriodSeconds = 30;
  });
  assert.equal(kubectlStatus({ metadata: h.sim.pod.metadata, status: s }), 'Terminating');
  assert.equal(h.terminated, false);
  s = h.advance(1000);
  assert.equal(h.terminated, true);
  assert.equal(s.containerStatuses[0].state.terminated.exitCode, 0);
  const short = harness(podFixture());
  short.advance(3000);
  short.setPod((p) => {
    p.metadata.deletionTimestamp = '2025-01-01T00:00:03Z';
    p.metadata.deletionGracePeriodSeconds = 0.5 as any;
  });
  s = short.advance(500);
  assert.equal(short.terminated, true, 'stop time is capped by the grace period');
  assert.equal(s.containerStatuses[0].state.terminated.exitCode, 137);
});

test('init containers run to completion in order before the app container', () => {
  const spec = { initContainers: [{ name: 'setup', image: 'busybox:1.36' }] };
  const h = harness(podFixture({ spec }));
  assert.equal(row(h, h.status()), 'Init:0/1 0/1 Pending');
  let s = h.advance(3000); // pulled + started
  assert.equal(cond(s, 'Initialized').message, 'containers with incomplete status: [setup]');
  s = h.advance(1000); // ran to completion (runToCompletion 1s)
  assert.equal(cond(s, 'Initialized').status, 'True');
  assert.equal(s.initContainerStatuses[0].state.terminated.reason, 'Completed');
  s = h.advance(3000);
  assert.equal(row(h, s), 'Running 1/1 Running');
});

test('zero timings reach Running synchronously; time scale multiplies every delay', () => {
  const zero = harness(podFixture(), { imagePull: 0, containerStart: 0 });
  assert.equal(row(zero, zero.status()), 'Running 1/1 Running');
  const fast = harness(podFixture(), {}, 0.1);
  assert.equal(row(fast, fast.advance(299)), 'ContainerCreating 0/1 Pending');
  assert.equal(row(fast, fast.advance(1)), 'Running 1/1 Running');
});

test('a preStop sleep keeps the pod Terminating, and counts against the grace period', () => {
  const lifecycle = { preStop: { exec: { command: ['sh', '-c', 'nginx -s quit; sleep 10'] } } };
  const h = harness(podFixture({ spec: { containers: [{ name: 'nginx', image: 'nginx:1.25', lifecycle }] } }));
  h.advance(3000);
  h.setPod((p) => {
    p.metadata.deletionTimestamp = '2025-01-01T00:00:33Z';
    p.metadata.deletionGracePeriodSeconds = 30;
  });
  h.advance(10_999);
  assert.equal(h.terminated, false, 'preStop 10s + stop 1s');
  let s = h.advance(1);
  assert.equal(h.terminated, true);
  assert.equal(s.containerStatuses[0].state.terminated.exitCode, 0);
  const capped = harness(podFixture({ spec: { containers: [{ name: 'nginx', image: 'nginx:1.25', lifecycle: { preStop: { sleep: { seconds: 60 } } } }] } }));
  capped.advance(3000);
  capped.setPod((p) => {
    p.metadata.deletionTimestamp = '2025-01-01T00:00:33Z';
    p.metadata.deletionGracePeriodSeconds = 5;
  });
  s = capped.advance(5000);
  assert.equal(capped.terminated, true, 'the grace period caps preStop');
  assert.equal(s.containerStatuses[0].state.terminated.exitCode, 137);
});

// ---- image pull events (kubelet's EnsureImageExists: Pulling only when a pull really starts) --------

const imageEvents = (h: ReturnType<typeof harness>) =>
  h.events.events.filter((e) => /^\w+ (Pulling|Pulled|Failed|BackOff|ErrImageNeverPull) /.test(e));
const withPolicy = (name: string, imagePullPolicy?: string) =>
  podFixture({ name, spec: { containers: [{ name: 'nginx', image: 'nginx:1.25', ...(imagePullPolicy ? { imagePullPolicy } : {}) }] } });
const PULLING = 'Normal Pulling Pulling image "nginx:1.25"';
const PRESENT = 'Normal Pulled Container image "nginx:1.25" already present on machine';

test('a pull announces Pulling when it starts, once, and Pulled when it ends', () => {
  const h = harness(podFixture());
  assert.deepEqual(imageEvents(h), [PULLING], 'announced at t=0, before the pull finishes');
  h.advance(1000);
  h.setPod((p) => (p.metadata.labels = { touched: 'yes' })); // a re-match mid-pull is not a new pull
  h.advance(1000);
  assert.deepEqual(imageEvents(h), [
    PULLING,
    `Normal Pulled Successfully pulled image "nginx:1.25" in 2s (2s including waiting). Image size: ${imageSizeBytes('nginx:1.25')} bytes.`,
  ]);
  const zero = harness(podFixture(), { imagePull: 0, containerStart: 0 });
  assert.deepEqual(imageEvents(zero).map((e) => e.split(' ')[1]), ['Pulling', 'Pulled'], 'zero delays keep the order');
});

test('a second IfNotPresent pod on the node finds the image present; one joining an in-flight pull pulls too', () => {
  const first = harness(podFixture());
  const joiner = first.sameNode(withPolicy('web-1', 'IfNotPresent'));
  first.advance(1000);
  const lateJoiner = first.sameNode(withPolicy('web-2'));
  assert.deepEqual(imageEvents(lateJoiner), [PULLING], 'not present yet: kubelet pulls (the runtime shares the transfer)');
  first.advance(1000);
  for (const h of [first, joiner, lateJoiner]) {
    assert.equal(imageEvents(h).length, 2);
    assert.equal(imageEvents(h)[0], PULLING);
    assert.match(imageEvents(h)[1], /^Normal Pulled Successfully pulled image "nginx:1.25" in /);
  }
  assert.equal(row(lateJoiner, lateJoiner.advance(1000)), 'Running 1/1 Running', 'the shared pull ended at t=2s for everyone');
  const second = first.sameNode(withPolicy('web-3', 'IfNotPresent'));
  assert.deepEqual(imageEvents(second), [PRESENT]);
  const never = first.sameNode(withPolicy('web-4', 'Never'));
  assert.deepEqual(imageEvents(never), [PRESENT]);
  second.advance(1000);
  assert.deepEqual(imageEvents(second), [PRESENT], 'nothing more once started');
});

test('imagePullPolicy Always pulls again (Pulling, then Pulled after the registry check); Never never pulls', () => {
  const first = harness(podFixture());
  first.advance(2000);
  const always = first.sameNode(withPolicy('web-1', 'Always'));
  assert.deepEqual(imageEvents(always), [PULLING]);
  always.advance(100);
  assert.equal(imageEvents(always).length, 2);
  assert.match(imageEvents(always)[1], /^Normal Pulled Successfully pulled image "nginx:1.25" in 100ms \(100ms including waiting\)\. Image size: \d+ bytes\.$/);
  const latest = harness(podFixture({ spec: { containers: [{ name: 'app', image: 'busybox' }] } }), {}, 1, ['busybox:latest']);
  assert.deepEqual(imageEvents(latest), ['Normal Pulling Pulling image "busybox"'], ':latest defaults to Always');
  const missing = harness(withPolicy('web-0', 'Never'));
  missing.advance(5000);
  assert.deepEqual(imageEvents(missing), ['Warning ErrImageNeverPull Container image "nginx:1.25" is not present with pull policy of Never']);
});

test('a failing pull announces Pulling on every attempt, each followed by Failed and BackOff', () => {
  const h = harness(podFixture({ spec: { containers: [{ name: 'nginx', image: 'nginx:1.25-broken' }] } }));
  const reasons = () => imageEvents(h).map((e) => e.split(' ').slice(0, 2).join(' '));
  const attempt = ['Normal Pulling', 'Warning Failed', 'Warning Failed', 'Normal BackOff', 'Warning Failed'];
  h.advance(3000); // t=3s: first attempt failed at 2s, back-off 10s
  assert.deepEqual(reasons(), attempt);
  h.advance(9000); // t=12s: the retry starts
  assert.deepEqual(reasons(), [...attempt, 'Normal Pulling']);
  h.setPod((p) => (p.metadata.labels = { touched: 'yes' }));
  h.advance(24_500); // t=36.5s: second attempt failed at 14s, third started at 34s and failed at 36s
  assert.deepEqual(reasons(), [...attempt, ...attempt, ...attempt.slice(0, 3)]);
  assert.deepEqual(
    imageEvents(h).filter((e) => e.startsWith('Normal Pulling')),
    Array(3).fill('Normal Pulling Pulling image "nginx:1.25-broken"'),
  );
  assert.match(imageEvents(h)[1], /^Warning Failed Failed to pull image "nginx:1.25-broken": failed to pull and unpack image/);
});

test('an image change during a pull announces a pull of the new image', () => {
  const h = harness(podFixture());
  h.advance(1000);
  h.setPod((p) => (p.spec.containers[0].image = 'nginx:1.26'));
  assert.deepEqual(imageEvents(h), [PULLING, 'Normal Pulling Pulling image "nginx:1.26"']);
  h.advance(2000);
  assert.match(imageEvents(h)[2], /^Normal Pulled Successfully pulled image "nginx:1.26" in 2s/);
});
