// The `ordinal` cluster commands (status, node, rollout) run as a user runs them, as a separate
// process against a real sandbox, checked by their output and exit codes.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually, freePort, KUBECTL, ORDINAL_BIN, ROOT, sandboxPerSuite, spawnOrdinal, type TestSandbox } from '../helpers/sandbox.js';
import { appStatefulSetYaml as sts } from '../helpers/statefulset.js';

interface Run {
  stdout: string;
  stderr: string;
  code: number;
}

function kubectl(kubeconfig: string, args: string[]): Promise<string> {
  return new Promise((res, rej) => execFile(KUBECTL, args, { env: { ...process.env, KUBECONFIG: kubeconfig } }, (err, stdout, stderr) => (err ? rej(new Error(`${err.message}: ${stderr}`)) : res(stdout))));
}

function ordinal(args: string[], env: Record<string, string> = {}, cwd = ROOT): Promise<Run> {
  return new Promise((res) => {
    execFile(process.execPath, [ORDINAL_BIN, ...args], { cwd, env: { ...process.env, ORDINAL_FROM_SOURCE: '1', NO_COLOR: '1', ...env }, timeout: 90_000 }, (err, stdout, stderr) =>
      res({ stdout, stderr, code: err ? (typeof err.code === 'number' ? err.code : 1) : 0 }),
    );
  });
}

describe('ordinal status / node / rollout', () => {
  let sb: TestSandbox;
  let kc: Record<string, string>;
  const run = (args: string[]) => ordinal([...args, '--kubeconfig', sb.kubeconfig]);
  sandboxPerSuite({ nodes: 2 }, (started) => {
    sb = started;
    kc = { KUBECONFIG: sb.kubeconfig };
  });

  it('explains a missing kubeconfig and how to fix it', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'ordinal-cli-'));
    const r = await ordinal(['status'], { KUBECONFIG: '' }, empty);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^error: no kubeconfig found .*run `ordinal up`.*--kubeconfig/);
  });

  it('status summarises nodes, workloads and a Pending pod with its reason', async () => {
    await sb.apply(sts('web', 2, 'nginx:1.25'));
    await sb.apply('apiVersion: v1\nkind: Pod\nmetadata: {name: picky}\nspec:\n  nodeSelector: {disk: ssd}\n  containers: [{name: c, image: busybox}]\n');
    const out = await eventually(async () => {
      const r = await ordinal(['status'], kc);
      return r.code === 0 && /default\/web\s+2\s+2\s+2\s+2/.test(r.stdout) && /FailedScheduling/.test(r.stdout) ? r.stdout : undefined;
    }, { timeoutMs: 30_000, message: 'status shows web ready and picky pending' });
    assert.match(out, /^Nodes: 2 \(2 Ready\)/);
    assert.match(out, /node-0\s+Ready\s+zone-a\s+\d/);
    assert.match(out, /default\/picky\s+FailedScheduling: 0\/2 nodes are available: 2 node\(s\) didn't match Pod's node affinity\/selector/);
    assert.ok(!out.includes('\u001b['), 'no colours when not a TTY');
  });

  it('node add / stop / start / remove go through the API and the agents follow', async () => {
    const add = await run(['node', 'add']);
    assert.equal(add.code, 0, add.stderr);
    assert.match(add.stdout, /^node\/node-2 created\nnode\/node-2 is Ready \(/);
    const labels = JSON.parse(await sb.k(['get', 'node', 'node-2', '-o', 'jsonpath={.metadata.labels}']));
    assert.equal(labels['node.ordinal.dev/simulated'], 'true');
    assert.equal(labels['kubernetes.io/hostname'], 'node-2');
    assert.equal(await sb.k(['get', 'node', 'node-2', '-o', 'jsonpath={.spec.podCIDR}']), '10.244.2.0/24');

    assert.match((await run(['node', 'stop', 'node-2'])).stdout, /node\/node-2 stopped/);
    assert.equal(await sb.k(['get', 'node', 'node-2', '-o', "jsonpath={.metadata.annotations['sim\\.ordinal\\.dev/down']}"]), 'true');
    await eventually(async () => (await sb.k(['get', 'node', 'node-2', '-o', 'jsonpath={.status.conditions[?(@.type=="Ready")].status}'])) === 'Unknown', { timeoutMs: 30_000, message: 'stopped node turns Unknown' });
    assert.match((await run(['status'])).stdout, /node-2\s+Down/);
    assert.match((await run(['node', 'start', 'node-2'])).stdout, /node\/node-2 started/);
    await eventually(async () => (await sb.k(['get', 'node', 'node-2', '-o', 'jsonpath={.status.conditions[?(@.type=="Ready")].status}'])) === 'True', { timeoutMs: 30_000, message: 'started node is Ready again' });

    const rm = await run(['node', 'remove', 'node-2']);
    assert.equal(rm.code, 0, rm.stderr);
    assert.match(rm.stdout, /^node "node-2" deleted/);
    await eventually(async () => (await sb.kubectl(['get', 'lease', '-n', 'kube-node-lease', 'node-2'])).code !== 0, { message: 'the lease is gone (GC) and not renewed' });
    await new Promise((r) => setTimeout(r, 1000));
    assert.notEqual((await sb.kubectl(['get', 'node', 'node-2'])).code, 0, 'the removed node stays removed');
    const missing = await run(['node', 'stop', 'nope']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /error: Error from server \(NotFound\): nodes "nope" not found/);
  });

  it('rollout status follows a rolling update with per-revision progress and events, then reports the time', async () => {
    // A 100 s readiness delay (5 s at --time-scale 0.05) per pod keeps the rollout going long enough
    // for the CLI (started from TypeScript sources, slow on a loaded machine) to watch it.
    await sb.apply(sts('roll', 3, 'nginx:1.25', { readinessDelay: 100 }));
    const first = await run(['rollout', 'status', 'sts/roll', '--timeout', '60s']);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /partitioned roll out complete: 3 new pods have been updated \(took [\d.]+m?s\)\n$/);

    await sb.k(['set', 'image', 'sts/roll', 'main=nginx:1.26']);
    const child = spawnOrdinal(['rollout', 'status', 'sts/roll', '--timeout', '60s', '--kubeconfig', sb.kubeconfig]);
    const exited = new Promise<number | null>((r) => child.once('exit', r));
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    const code = await exited;
    assert.equal(code, 0, out);
    assert.match(out, /\(update\): updated [0-2]\/3, ready \d\/3, available \d\/3/, 'intermediate progress');
    assert.match(out, /\(current\): \d\/3 pods/);
    assert.match(out, /Normal\s+SuccessfulDelete\s+statefulset\/roll\s+delete Pod roll-2 in StatefulSet roll successful/);
    assert.match(out, /Normal\s+Started\s+pod\/roll-\d/);
    assert.match(out, /Waiting for partitioned roll out to finish: \d out of 3 new pods have been updated.../);
    assert.match(out, /partitioned roll out complete: 3 new pods have been updated \(took [\d.]+m?s\)\n$/);
  });

  it('rollout status fails with kubectl messages: unknown set, timeout, OnDelete', async () => {
    const nf = await run(['rollout', 'status', 'sts/nope']);
    assert.equal(nf.code, 1);
    assert.match(nf.stderr, /^error: Error from server \(NotFound\): statefulsets.apps "nope" not found/);
    await sb.apply(sts('stuck', 1, 'nginx:1-broken'));
    const to = await run(['rollout', 'status', 'sts/stuck', '--timeout', '2s']);
    assert.equal(to.code, 1);
    assert.match(to.stderr, /error: timed out waiting for the condition/);
    assert.match(to.stdout, /Waiting for 1 pods to be ready.../);
    await sb.apply(sts('od', 1, 'nginx:1.25', { spec: { updateStrategy: { type: 'OnDelete' } } }));
    const od = await run(['rollout', 'status', 'sts/od']);
    assert.match(od.stderr, /error: rollout status is only available for RollingUpdate strategy type/);
    assert.match((await run(['rollout', 'status', 'web'])).stderr, /expected sts\/NAME/);
  });

  it('rollout history and undo for an Advanced StatefulSet patch the template with a JSON merge patch', async () => {
    const asts = (image: string, podAnnotations?: Record<string, string>) => sts('sample', 0, image, { apiVersion: 'apps.kruise.io/v1beta1', podAnnotations });
    const revisions = async () => JSON.parse(await sb.k(['get', 'controllerrevisions', '-l', 'app=sample', '-o', 'json'])).items.length;
    await sb.apply(asts('nginx:1.25'));
    await eventually(async () => (await revisions()) === 1, { message: 'first revision' });
    await sb.apply(asts('nginx:1.26', { added: 'later' }));
    await eventually(async () => (await revisions()) === 2, { message: 'second revision' });
    const hist = await eventually(async () => {
      const r = await run(['rollout', 'history', 'asts/sample']);
      return /2\s+sample-\w+\s+nginx:1.26\s+current,update/.test(r.stdout) ? r : undefined;
    }, { message: 'history shows revision 2 as current' });
    assert.match(hist.stdout, /^statefulset.apps.kruise.io\/sample\nREVISION\s+NAME\s+IMAGES\s+STATE\s+CHANGE-CAUSE\n1\s+sample-\w+\s+nginx:1.25\s+-\s+<none>\n2\s+sample-\w+\s+nginx:1.26\s+current,update\s+<none>\n$/);
    const undo = await run(['rollout', 'undo', 'asts/sample']);
    assert.equal(undo.code, 0, undo.stderr);
    assert.equal(undo.stdout, 'statefulset.apps.kruise.io/sample rolled back\n');
    const after = JSON.parse(await sb.k(['get', 'statefulsets.apps.kruise.io', 'sample', '-o', 'json']));
    assert.equal(after.spec.template.spec.containers[0].image, 'nginx:1.25');
    assert.equal(after.spec.template.metadata.annotations?.added, undefined, 'keys absent from the revision are removed');
    const again = await run(['rollout', 'undo', 'asts/sample', '--to-revision', '1']);
    assert.match(again.stdout + again.stderr, /skipped rollback \(current template already matches revision 1\)|unable to find specified revision 1/);
    assert.match((await run(['rollout', 'undo', 'asts/sample', '--to-revision', '9'])).stderr, /error: unable to find specified revision 9 in history/);
  });
});

describe('ordinal up --slow-commit-warning', () => {
  it('logs each commit that took at least the given duration, as JSON on stderr (stdout has only the banner)', async () => {
    // 0s: every commit is "slow", so the one that stores this ConfigMap must be reported.
    const dataDir = mkdtempSync(join(tmpdir(), 'ordinal-cli-'));
    const [port, dnsPort] = [await freePort(), await freePort()];
    const child = spawnOrdinal(['up', '--data-dir', dataDir, '--port', String(port), '--dns-port', String(dnsPort), '--nodes', '0', '--log-format', 'json', '--slow-commit-warning', '0s'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    try {
      await eventually(() => stdout.includes('Ordinal sandbox ready'), { timeoutMs: 60_000, message: `not ready: ${stderr}` });
      await kubectl(join(dataDir, 'kubeconfig'), ['create', 'configmap', 'slow-commit-probe', '--from-literal=a=b']);
      const line = await eventually(() => stderr.split('\n').find((l) => l.includes('slow disk')), { message: 'no slow disk warning' });
      const entry = JSON.parse(line) as { durationMs: unknown; rows: unknown; msg: string };
      assert.equal(typeof entry.durationMs, 'number');
      assert.ok((entry.rows as number) >= 1);
      assert.match(entry.msg, /^slow disk: a commit of \d+ writes took \d+ ms to write and fsync/);
      assert.doesNotMatch(stdout, /"level"/);
    } finally {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('rejects a duration without a unit, as Go durations do', async () => {
    const r = await ordinal(['up', '--slow-commit-warning', '5', '--data-dir', mkdtempSync(join(tmpdir(), 'ordinal-cli-'))]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /--slow-commit-warning: invalid duration "5": missing unit/);
  });
});

describe('ordinal up --heap-growth-percent', () => {
  for (const bad of ['0', '1001', '2.5', 'lots']) {
    it(`rejects ${bad}, naming the flag and the range`, async () => {
      const r = await ordinal(['up', '--heap-growth-percent', bad, '--data-dir', mkdtempSync(join(tmpdir(), 'ordinal-cli-'))]);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /option '--heap-growth-percent <n>' argument '[^']*' is invalid\. must be a whole number from 1 to 1000/);
    });
  }
});
