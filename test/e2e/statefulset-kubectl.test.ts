// The seed's StatefulSet walkthrough and the kubectl workflows that depend on the controller, run
// with the real kubectl binary: `web` + headless `nginx` starting web-0 then web-1, `kubectl delete
// pod -l app=nginx` bringing both back under the same names (watched with `kubectl get pod -w`),
// rollout status/history/undo/restart, scale, describe, wait --for=jsonpath, delete --cascade=…,
// and identity never duplicated while a pod on a dead node is stuck Terminating.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { eventually, spawnKubectl, type TestSandbox } from '../helpers/sandbox.js';
import { InvariantChecker } from '../helpers/invariants.js';
import { isRunningAndReady, names, StsEnv, stsSandboxPerSuite } from '../helpers/statefulset.js';

const WEB = (ns: string, name = 'web', replicas = 2, extra = '') => `
apiVersion: v1
kind: Service
metadata: {name: nginx, namespace: ${ns}, labels: {app: nginx}}
spec:
  clusterIP: None
  selector: {app: nginx}
  ports: [{port: 80, name: web}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: ${name}, namespace: ${ns}}
spec:
  serviceName: nginx
  replicas: ${replicas}
  selector:
    matchLabels: {app: nginx}
  template:
    metadata:
      labels: {app: nginx}
    spec:
      terminationGracePeriodSeconds: 10
      containers:
      - name: nginx
        image: registry.k8s.io/nginx-slim:0.21
        ports: [{containerPort: 80, name: web}]
        readinessProbe: {httpGet: {path: /, port: 80}, periodSeconds: 1, failureThreshold: 1}
        volumeMounts: [{name: www, mountPath: /usr/share/nginx/html}]
${extra}
  volumeClaimTemplates:
  - metadata: {name: www}
    spec:
      accessModes: [ReadWriteOnce]
      resources: {requests: {storage: 1Gi}}
`;

describe('[kubectl] StatefulSet walkthrough and workflows', () => {
  let sb: TestSandbox;
  let env: StsEnv;
  let checker: InvariantChecker;
  stsSandboxPerSuite({ timeScale: 0.02, nodes: 3 }, (suite) => {
    ({ sb, env, checker } = suite);
    for (const n of ['bg', 'orph', 'fg']) env.selectors.set(n, `app=${n}`);
    env.selectors.set('web', 'app=nginx');
  });

  const web = (ns: string) => env.pods(ns, 'web');
  const waitWeb = (ns: string, n: number) =>
    env.waitPods(ns, (ps) => ps.length === n && ps.every((p) => isRunningAndReady(p) && !p.metadata!.deletionTimestamp), `${n} web pods ready`, 'web', 30_000);
  const kns = (ns: string, ...args: string[]) => sb.k([...args, '-n', ns]);

  it('walkthrough: web starts web-0 then web-1; delete pod -l brings both back with the same names', async () => {
    const ns = await env.namespace('walkthrough');
    const watch = spawnKubectl(sb, ['get', 'pod', '-w', '-l', 'app=nginx', '-n', ns]);
    let out = '';
    watch.stdout.on('data', (d: Buffer) => (out += d.toString()));
    watch.stderr.on('data', (d: Buffer) => (out += d.toString()));
    try {
      await eventually(() => out.length > 0 || watch.exitCode === null, { message: 'kubectl get -w started' });
      assert.match(await sb.apply(WEB(ns)), /statefulset.apps\/web created/);
      const first = await waitWeb(ns, 2);
      await checker.settle();
      assert.deepEqual(checker.order(ns, 'ADDED'), ['web-0', 'web-1'], 'web-0 first, then web-1');
      const web0Ready = checker.podHistory(ns).find((e) => e.name === 'web-0' && e.ready)!.rv;
      const web1Added = checker.podHistory(ns).find((e) => e.name === 'web-1')!.rv;
      assert.ok(web1Added > web0Ready, 'web-1 is created only after web-0 is Running and Ready');
      // --wait=false: kubectl <= 1.35 can wait forever when the StatefulSet re-creates web-0 between
      // its wait's GET and LIST (kubectl#1803); the new uids are awaited below instead.
      assert.match(await kns(ns, 'delete', 'pod', '-l', 'app=nginx', '--wait=false'), /pod "web-0" deleted\s+pod "web-1" deleted/);
      const again = await env.waitPods(ns, (ps) => ps.length === 2 && ps.every((p, i) => p.metadata!.uid !== first[i].metadata!.uid && isRunningAndReady(p)), 'both pods back', 'web');
      assert.deepEqual(names(again), ['web-0', 'web-1']);
      for (const p of again) assert.equal(p.spec!.volumes!.find((v) => v.name === 'www')!.persistentVolumeClaim!.claimName, `www-${p.metadata!.name}`);
      await eventually(() => (out.match(/^web-1\s+1\/1\s+Running/gm) ?? []).length >= 2, { message: `kubectl get -w showed web-1 Running twice:\n${out}` });
    } finally {
      watch.kill();
    }
    const lines = out.split('\n').filter((l) => /^web-/.test(l));
    const idx = (re: RegExp, from = 0) => lines.findIndex((l, i) => i >= from && re.test(l));
    assert.match(out, /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE/m);
    const web0Running = idx(/^web-0\s+1\/1\s+Running/);
    const web1First = idx(/^web-1\s/);
    assert.ok(web0Running >= 0 && web1First > web0Running, `web-0 Running 1/1 before web-1 appears:\n${lines.join('\n')}`);
    const terminating = idx(/^web-\d\s+\S+\s+Terminating/);
    assert.ok(terminating > web1First, `pods shown Terminating after the delete:\n${lines.join('\n')}`);
    assert.ok(idx(/^web-0\s+1\/1\s+Running/, terminating) > terminating, 'web-0 back Running');
    await checker.assertClean();
  });

  it('rollout status, history, undo [--to-revision], restart; scale; describe; wait --for=jsonpath', async () => {
    const ns = await env.namespace('rollout');
    await sb.apply(WEB(ns));
    await waitWeb(ns, 2);
    const status = (...extra: string[]) => sb.kubectl(['rollout', 'status', 'sts/web', '-n', ns, ...extra], { timeoutMs: 60_000 });
    let r = await status();
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /partitioned roll out complete: 2 new pods have been updated\.\.\./);

    // A template change with web-1 unready: rollout status reports the wait, then completes.
    assert.match(await kns(ns, 'annotate', 'sts', 'web', 'kubernetes.io/change-cause=image 0.22'), /annotated/);
    await env.setReady(ns, 'web-1', false);
    await env.waitSet(ns, 'web', (s) => s.status?.readyReplicas === 1, 'web-1 unready');
    await kns(ns, 'set', 'image', 'sts/web', 'nginx=registry.k8s.io/nginx-slim:0.22');
    await env.waitObserved(ns, 'web');
    r = await status('--watch=false');
    assert.match(r.stdout, /Waiting for 1 pods to be ready\.\.\./);
    const watching = status('--timeout=60s');
    await env.setReady(ns, 'web-1', true);
    r = await watching;
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /partitioned roll out complete: 2 new pods have been updated\.\.\.\n$/);
    // kubectl prints one line per watch event it sees; whether it sees the state between the two
    // pod updates depends on timing, so that message is checked whenever it appears.
    for (const line of r.stdout.split('\n').filter((l) => l.startsWith('Waiting for partitioned'))) {
      assert.match(line, /^Waiting for partitioned roll out to finish: [01] out of 2 new pods have been updated\.\.\.$/);
    }
    const rolled = await env.waitSet(ns, 'web', (s) => s.status?.currentRevision === s.status?.updateRevision && s.status?.updatedReplicas === 2, 'update complete');

    // rollout history lists both revisions with the change cause.
    const hist = await kns(ns, 'rollout', 'history', 'sts/web');
    assert.match(hist, /statefulset.apps\/web\s*\nREVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+image 0\.22\n/);
    assert.match(await kns(ns, 'rollout', 'history', 'sts/web', '--revision=2'), /Image:\s+registry.k8s.io\/nginx-slim:0\.22/);

    // undo: back to revision 1's template; the controller reuses that ControllerRevision.
    const revisions = async () => JSON.parse(await kns(ns, 'get', 'controllerrevisions', '-o', 'json')).items.map((c: any) => `${c.metadata.name}=${c.revision}`).sort();
    const before = await revisions();
    assert.match(await kns(ns, 'rollout', 'undo', 'sts/web'), /statefulset.apps\/web rolled back/);
    const undone = await env.waitSet(ns, 'web', (s) => s.status?.currentRevision === s.status?.updateRevision && s.status?.updateRevision !== rolled.status!.updateRevision && s.status?.updatedReplicas === 2 && s.status?.readyReplicas === 2, 'undo complete');
    assert.equal((await web(ns)).every((p) => p.spec!.containers[0].image === 'registry.k8s.io/nginx-slim:0.21'), true);
    const after = await revisions();
    assert.equal(after.length, before.length, 'no new ControllerRevision for a rollback');
    assert.ok(after.includes(`${undone.status!.updateRevision}=3`), `the old revision is renumbered 3: ${after}`);
    assert.match(await kns(ns, 'rollout', 'undo', 'sts/web', '--to-revision=2'), /rolled back/);
    await env.waitSet(ns, 'web', (s) => s.status?.updateRevision === rolled.status!.updateRevision && s.status?.currentRevision === s.status?.updateRevision && s.status?.readyReplicas === 2, 'undo --to-revision=2 complete');
    await waitWeb(ns, 2);
    assert.ok((await web(ns)).every((p) => p.spec!.containers[0].image === 'registry.k8s.io/nginx-slim:0.22'));

    // restart: a restartedAt annotation in the template replaces every pod.
    const uids = (await web(ns)).map((p) => p.metadata!.uid);
    assert.match(await kns(ns, 'rollout', 'restart', 'sts/web'), /statefulset.apps\/web restarted/);
    const restarted = await env.waitPods(ns, (ps) => ps.length === 2 && ps.every((p, i) => p.metadata!.uid !== uids[i] && isRunningAndReady(p)), 'all pods restarted', 'web');
    assert.ok(restarted[0].metadata!.annotations!['kubectl.kubernetes.io/restartedAt']);
    r = await status();
    assert.match(r.stdout, /partitioned roll out complete: 2 new pods have been updated/);

    // scale + wait --for=jsonpath.
    assert.match(await kns(ns, 'scale', 'sts', 'web', '--replicas=3'), /statefulset.apps\/web scaled/);
    const w = await sb.kubectl(['wait', 'sts/web', '--for=jsonpath={.status.readyReplicas}=3', '--timeout=60s', '-n', ns], { timeoutMs: 70_000 });
    assert.equal(w.code, 0, w.stderr);
    assert.match(w.stdout, /statefulset.apps\/web condition met/);

    // describe.
    const d = await kns(ns, 'describe', 'sts', 'web');
    assert.match(d, /^Name:\s+web$/m);
    assert.match(d, /^Replicas:\s+3 desired \| 3 total$/m);
    assert.match(d, /^Update Strategy:\s+RollingUpdate$/m);
    assert.match(d, /^\s*Partition:\s+0$/m);
    assert.match(d, /^Pods Status:\s+3 Running \/ 0 Waiting \/ 0 Succeeded \/ 0 Failed$/m);
    assert.match(d, /^Volume Claims:\n\s+Name:\s+www$/m);
    assert.match(d, /SuccessfulCreate\s+.*create Pod web-2 in StatefulSet web successful/);
    assert.match(d, /SuccessfulCreate\s+.*create Claim www-web-2 Pod web-2 in StatefulSet web success/);

    // OnDelete: rollout status refuses.
    await env.patchSet(ns, 'web', { spec: { updateStrategy: { type: 'OnDelete', rollingUpdate: null } } });
    r = await status('--watch=false');
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /rollout status is only available for RollingUpdate strategy type/);
    await checker.assertClean();
  });

  it('delete sts with --cascade=background|orphan|foreground', async () => {
    const ns = await env.namespace('cascade');
    const mk = (name: string) => WEB(ns, name, 1).replace(/app: nginx/g, `app: ${name}`).replace(/name: nginx,/, `name: ${name},`);
    for (const n of ['bg', 'orph', 'fg']) await sb.apply(mk(n));
    const ready = (n: string) => env.waitPods(ns, (ps) => ps.length === 1 && isRunningAndReady(ps[0]), `${n}-0 ready`, n);
    const [bg, orph, fg] = [await ready('bg'), await ready('orph'), await ready('fg')];
    void bg;
    void fg;
    assert.match(await kns(ns, 'delete', 'sts', 'bg'), /statefulset.apps "bg" deleted/);
    await env.waitPods(ns, (ps) => ps.length === 0, 'background: pod removed by GC', 'bg');
    assert.match(await kns(ns, 'delete', 'sts', 'orph', '--cascade=orphan'), /statefulset.apps "orph" deleted/);
    const left = await eventually(async () => {
      const p = await env.pod(ns, 'orph-0');
      return p && !(p.metadata!.ownerReferences ?? []).length && p;
    }, { message: 'orphan: pod kept without ownerReferences' });
    assert.equal(left.metadata!.uid, orph[0].metadata!.uid);
    // Re-creating the set adopts the orphaned pod and ControllerRevision: nothing restarts.
    await eventually(async () => JSON.parse(await kns(ns, 'get', 'controllerrevisions', '-l', 'app=orph', '-o', 'json')).items.every((c: any) => !(c.metadata.ownerReferences ?? []).length), { message: 'orphaned revision' });
    await sb.apply(mk('orph'));
    const readopted = await env.waitSet(ns, 'orph', (s) => s.status?.readyReplicas === 1 && s.status?.updatedReplicas === 1 && !!s.status?.updateRevision, 're-created set ready');
    const pod = (await env.pod(ns, 'orph-0'))!;
    assert.equal(pod.metadata!.uid, orph[0].metadata!.uid, 'the orphan is adopted, not replaced');
    assert.equal(pod.metadata!.ownerReferences?.[0]?.uid, readopted.metadata!.uid);
    const revs = JSON.parse(await kns(ns, 'get', 'controllerrevisions', '-l', 'app=orph', '-o', 'json')).items;
    assert.deepEqual(revs.map((c: any) => [c.metadata.name, c.revision, c.metadata.ownerReferences?.[0]?.uid]), [[readopted.status!.updateRevision, 1, readopted.metadata!.uid]], 'the old revision is adopted and reused');
    const fgDel = sb.kubectl(['delete', 'sts', 'fg', '--cascade=foreground', '-n', ns]);
    const during = await eventually(async () => {
      const s = await env.get(ns, 'fg').catch(() => undefined);
      return s?.metadata!.deletionTimestamp && s;
    }, { message: 'foreground: set terminating' }).catch(() => undefined);
    if (during) assert.ok(during.metadata!.finalizers?.includes('foregroundDeletion'));
    const r = await fgDel;
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /statefulset.apps "fg" deleted/);
    assert.equal(await env.pod(ns, 'fg-0'), undefined, 'foreground: pods gone before the set');
    await checker.assertClean();
  });

  it('never duplicates an identity while a pod on a dead node is stuck Terminating', async () => {
    const ns = await env.namespace('deadnode');
    const extra = '      nodeSelector: {kubernetes.io/hostname: node-1}';
    await sb.apply(WEB(ns, 'web', 1, extra));
    const [pod] = await waitWeb(ns, 1);
    assert.equal(pod.spec!.nodeName, 'node-1');
    try {
      await sb.k(['annotate', 'node', 'node-1', 'sim.ordinal.dev/down=true', '--overwrite']);
      await kns(ns, 'delete', 'pod', 'web-0', '--wait=false');
      await env.waitPods(ns, (ps) => ps.length === 1 && !!ps[0].metadata!.deletionTimestamp, 'web-0 Terminating', 'web');
      await env.consistently(async () => {
        const ps = await web(ns);
        return ps.length === 1 && ps[0].metadata!.uid === pod.metadata!.uid;
      }, 2000, 'no replacement while web-0 is stuck Terminating');
      await kns(ns, 'delete', 'pod', 'web-0', '--force', '--grace-period=0');
      await env.waitPods(ns, (ps) => ps.length === 1 && ps[0].metadata!.uid !== pod.metadata!.uid, 'web-0 re-created after force delete', 'web');
    } finally {
      await sb.k(['annotate', 'node', 'node-1', 'sim.ordinal.dev/down-']);
    }
    const [back] = await waitWeb(ns, 1);
    // Non-graceful node shutdown: the out-of-service taint lets PodGC remove the stuck pod.
    try {
      await sb.k(['annotate', 'node', 'node-1', 'sim.ordinal.dev/down=true', '--overwrite']);
      await eventually(async () => /False|Unknown/.test(await sb.k(['get', 'node', 'node-1', '-o', 'jsonpath={.status.conditions[?(@.type=="Ready")].status}'])), { message: 'node-1 NotReady' });
      await kns(ns, 'delete', 'pod', 'web-0', '--wait=false');
      await env.consistently(async () => (await web(ns)).every((p) => p.metadata!.uid === back.metadata!.uid), 1000, 'no replacement while web-0 is stuck Terminating');
      await sb.k(['taint', 'node', 'node-1', 'node.kubernetes.io/out-of-service=nodeshutdown:NoExecute']);
      await env.waitPods(ns, (ps) => ps.length === 1 && ps[0].metadata!.uid !== back.metadata!.uid, 'web-0 re-created once the node is out of service', 'web');
    } finally {
      await sb.kubectl(['taint', 'node', 'node-1', 'node.kubernetes.io/out-of-service-']);
      await sb.k(['annotate', 'node', 'node-1', 'sim.ordinal.dev/down-']);
    }
    await waitWeb(ns, 1);
    await checker.assertClean();
  });
});
