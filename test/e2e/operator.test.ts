// Operator mode: the same StatefulSet controller, run as a separate process against a cluster it
// reaches only through a kubeconfig over HTTPS (here a sandbox whose own controller is disabled).

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { eventually, spawnOrdinal, startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

describe('ordinal operator against a cluster reached by kubeconfig', () => {
  let sb: TestSandbox;
  let operator: ChildProcess;
  let output = '';
  before(async () => {
    sb = await startTestSandbox({ args: ['--disable', 'statefulset-controller'] });
    operator = spawnOrdinal(['operator', '--kubeconfig', sb.kubeconfig, '--controllers', 'statefulset-controller', '--log-format', 'json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    operator.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    operator.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    await eventually(() => output.includes('operator running'), { timeoutMs: 30_000, message: 'operator started' });
  });
  after(async () => {
    operator?.kill('SIGTERM');
    await sb?.stop();
  });

  it('runs a StatefulSet to Ready through the API only', async () => {
    await sb.apply(`apiVersion: apps/v1
kind: StatefulSet
metadata: {name: op}
spec:
  replicas: 2
  serviceName: op
  selector: {matchLabels: {app: op}}
  template:
    metadata: {labels: {app: op}}
    spec: {containers: [{name: c, image: nginx:1.27}]}
`);
    await eventually(async () => (await sb.k(['get', 'sts', 'op', '-o', 'jsonpath={.status.readyReplicas}'])) === '2', { timeoutMs: 30_000, message: 'op ready' });
    const names = (await sb.k(['get', 'pods', '-l', 'app=op', '-o', 'jsonpath={.items[*].metadata.name}'])).split(' ').sort();
    assert.deepEqual(names, ['op-0', 'op-1']);
  });
});
