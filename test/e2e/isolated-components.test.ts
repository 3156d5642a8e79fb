// The garbage collector runs in a worker of its own (src/sandbox/isolated-component.ts): seen from
// outside, `ordinal up` must behave as before. Its log lines come out through the sandbox's logger
// (JSON here, at the level asked for), it collects dependents in each propagation mode, and the
// sandbox still stops cleanly on SIGTERM.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually, freePort, KUBECTL, spawnOrdinal } from '../helpers/sandbox.js';

function kubectl(kubeconfig: string, args: string[], input?: string): Promise<string> {
  return new Promise((res, rej) => {
    const p = execFile(KUBECTL, args, { env: { ...process.env, KUBECONFIG: kubeconfig }, timeout: 60_000 }, (err, stdout, stderr) => (err ? rej(new Error(`${err.message}: ${stderr}`)) : res(stdout)));
    if (input !== undefined) p.stdin!.end(input);
  });
}

const dependent = (name: string, owner: string, uid: string) =>
  JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: owner, uid, blockOwnerDeletion: true }] } });

describe('the garbage collector in its own isolate', () => {
  it('logs through the sandbox logger, collects in every propagation mode, and stops with the sandbox', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ordinal-isolated-'));
    const kc = join(dataDir, 'kubeconfig');
    const [port, dnsPort] = [await freePort(), await freePort()];
    const child = spawnOrdinal(['up', '--data-dir', dataDir, '--port', String(port), '--dns-port', String(dnsPort), '--nodes', '0', '--log-format', 'json'], {
      env: { ORDINAL_LOG_LEVEL: 'debug' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((r) => child.once('exit', r));
    try {
      await eventually(() => stdout.includes('Ordinal sandbox ready'), { timeoutMs: 60_000, message: `not ready: ${stderr}` });

      // The worker's record, re-emitted as one of the sandbox's own JSON lines, at debug level.
      const started = await eventually(
        () =>
          stderr
            .split('\n')
            .filter((l) => l.startsWith('{'))
            .map((l) => JSON.parse(l) as { level: number; component?: string; controller?: string; msg: string })
            .find((r) => r.component === 'garbage-collector' && r.msg === 'controller started'),
        { message: `no log line from the collector: ${stderr.slice(-2000)}` },
      );
      assert.equal(started.level, 20);
      assert.equal(started.controller, 'garbagecollector');

      const uidOf = async (name: string) => kubectl(kc, ['get', 'configmap', name, '-o', 'jsonpath={.metadata.uid}']);
      const names = async () => (await kubectl(kc, ['get', 'configmaps', '-o', 'jsonpath={.items[*].metadata.name}'])).split(' ').filter((n) => n !== 'kube-root-ca.crt' && n);

      // Background: the owner goes at once, its dependent once the collector sees it orphaned.
      await kubectl(kc, ['create', 'configmap', 'bg-owner']);
      await kubectl(kc, ['create', '-f', '-'], dependent('bg-dep', 'bg-owner', await uidOf('bg-owner')));
      await kubectl(kc, ['delete', 'configmap', 'bg-owner']);
      await eventually(async () => !(await names()).includes('bg-dep'), { message: 'the dependent of a deleted owner was not collected' });

      // Foreground: kubectl waits for the owner, which goes only after its blocking dependent.
      await kubectl(kc, ['create', 'configmap', 'fg-owner']);
      await kubectl(kc, ['create', '-f', '-'], dependent('fg-dep', 'fg-owner', await uidOf('fg-owner')));
      await kubectl(kc, ['delete', 'configmap', 'fg-owner', '--cascade=foreground']);
      assert.deepEqual((await names()).filter((n) => n.startsWith('fg-')), []);

      // Orphan: the dependent stays, without its owner reference.
      await kubectl(kc, ['create', 'configmap', 'or-owner']);
      await kubectl(kc, ['create', '-f', '-'], dependent('or-dep', 'or-owner', await uidOf('or-owner')));
      await kubectl(kc, ['delete', 'configmap', 'or-owner', '--cascade=orphan']);
      assert.equal(await kubectl(kc, ['get', 'configmap', 'or-dep', '-o', 'jsonpath={.metadata.ownerReferences}']), '');
    } finally {
      child.kill('SIGTERM');
      const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), 15_000).unref())]);
      if (code === 'timeout') child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
      assert.equal(code, 0, `the sandbox did not stop cleanly: ${stderr.slice(-2000)}`);
    }
  });
});
