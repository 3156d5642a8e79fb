// `ordinal rollout status` through two 20-replica rollouts, as a user sees it: under a real
// pseudo-terminal (`script`) the bars must be redrawn in place with growing updated counts while
// the controller's events scroll above, and the run must end with the completion line and the time
// taken; piped, the same rollout must come out as monotonic one-line-per-change progress.
// One in-place rollout (Kruise Advanced StatefulSet, InPlaceIfPossible, maxUnavailable 5) and one
// recreate rollout (apps/v1 RollingUpdate), each followed by both variants at once.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { eventually, startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const ORDINAL = join(ROOT, 'bin', 'ordinal.js');

interface Follow {
  output(): string;
  exited: Promise<number | null>;
}

/** Runs the CLI under a pseudo-terminal (120x40) when `tty`, else with stdout piped. */
function follow(sb: TestSandbox, target: string, tty: boolean): Follow {
  const args = ['rollout', 'status', target, '--timeout', '90s', '--kubeconfig', sb.kubeconfig];
  const env = { ...process.env, ORDINAL_FROM_SOURCE: '1', NO_COLOR: '' };
  const child = tty
    ? spawn('script', ['-qfec', `stty cols 120 rows 40; exec '${process.execPath}' '${ORDINAL}' ${args.join(' ')}`, '/dev/null'], { cwd: ROOT, env })
    : spawn(process.execPath, [ORDINAL, ...args], { cwd: ROOT, env });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  return { output: () => out, exited: new Promise((r) => child.once('exit', r)) };
}

/** What a terminal would have been sent, minus control sequences: frames split on \r and \n. */
function screenLines(raw: string): string[] {
  // eslint-disable-next-line no-control-regex
  return raw.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').split(/\r\n|\r|\n/);
}

/** The updated counts of the update revision, in order of appearance, from bar or plain lines. */
function updatedCounts(lines: string[], pattern: RegExp): number[] {
  return lines.flatMap((l) => {
    const m = pattern.exec(l);
    return m ? [Number(m[1])] : [];
  });
}

const BAR = /\(update\)\s+[█▒░]{10,}\s+updated (\d+)\/20\s+ready \d+\/20\s+available \d+\/20/;
const PLAIN = /^\s*[\d.]+m?s\s+\S+ \(update\): updated (\d+)\/20, ready \d+\/20, available \d+\/20/;

function assertMonotonic(counts: number[], what: string): void {
  for (let i = 1; i < counts.length; i++) assert.ok(counts[i] >= counts[i - 1], `${what}: updated went back from ${counts[i - 1]} to ${counts[i]} (${counts.join(',')})`);
}

/** Several distinct, non-decreasing updated counts, ending at 20: the bars really moved. */
function assertBarsMoved(raw: string): void {
  const lines = screenLines(raw);
  const counts = updatedCounts(lines, BAR);
  assert.ok(raw.split('\x1b[J').length > 5, 'the live region was redrawn several times');
  assertMonotonic(counts, 'tty');
  assert.ok(new Set(counts).size >= 3, `at least 3 different updated counts were drawn: ${counts.join(',')}`);
  assert.equal(counts.at(-1), 20);
}

function assertPlain(out: string): void {
  assert.ok(!out.includes('\x1b['), 'no control sequences when stdout is a pipe');
  const lines = out.split('\n');
  const counts = updatedCounts(lines, PLAIN);
  assertMonotonic(counts, 'plain');
  assert.equal(counts.at(-1), 20);
  assert.equal(new Set(lines.filter((l) => PLAIN.test(l))).size, lines.filter((l) => PLAIN.test(l)).length, 'no progress line is printed twice');
}

const DONE = (what: RegExp) => new RegExp(`${what.source} \\(took [\\d.]+m?s\\)\\r?\\n$`);

const set = (apiVersion: string, name: string, strategy: string, extraSpec = '') => `apiVersion: ${apiVersion}
kind: StatefulSet
metadata: {name: ${name}}
spec:
  replicas: 20
  serviceName: ${name}
  podManagementPolicy: Parallel
  selector: {matchLabels: {app: ${name}}}
  updateStrategy: ${strategy}
  template:
    metadata: {labels: {app: ${name}}}
    spec:${extraSpec}
      containers:
      - name: main
        image: nginx:1.25
        # 40 s at --time-scale 0.02: each pod takes ~0.8 s to become ready, so the rollouts last
        # long enough for the CLIs (started from TypeScript sources) to watch them move.
        readinessProbe: {tcpSocket: {port: 80}, initialDelaySeconds: 40}
`;

describe('ordinal rollout status through 20-replica rollouts', () => {
  let sb: TestSandbox;
  before(async () => {
    sb = await startTestSandbox({ nodes: 3, timeScale: 0.02 });
  });
  after(async () => {
    await sb?.stop();
  });

  const ready = (kind: string, name: string) =>
    eventually(async () => (await sb.k(['get', kind, name, '-o', 'jsonpath={.status.readyReplicas}'])) === '20', { timeoutMs: 40_000, message: `${name} has 20 ready pods` });

  it('in place: Advanced StatefulSet, maxUnavailable 5, bars and UpdatePodInPlace events', async () => {
    const ip = '{podUpdatePolicy: InPlaceIfPossible, maxUnavailable: 5}';
    await sb.apply(set('apps.kruise.io/v1beta1', 'big', `{type: RollingUpdate, rollingUpdate: ${ip}}`, '\n      readinessGates: [{conditionType: InPlaceUpdateReady}]'));
    await ready('statefulsets.apps.kruise.io', 'big');
    // Paused with the new image, so both CLIs are up and watching before the first pod moves. A
    // merge patch replaces the containers list: keep the probe, or the change is not in-place.
    const container = { name: 'main', image: 'nginx:1.26', readinessProbe: { tcpSocket: { port: 80 }, initialDelaySeconds: 40 } };
    const patch = { spec: { updateStrategy: { rollingUpdate: { paused: true } }, template: { spec: { containers: [container] } } } };
    await sb.k(['patch', 'statefulsets.apps.kruise.io', 'big', '--type', 'merge', '-p', JSON.stringify(patch)]);
    const tty = follow(sb, 'asts/big', true);
    const plain = follow(sb, 'asts/big', false);
    await eventually(() => /\(paused: /.test(tty.output()) && /\(paused: /.test(plain.output()), { timeoutMs: 30_000, message: 'both CLIs show the paused rollout' });
    await sb.k(['patch', 'statefulsets.apps.kruise.io', 'big', '--type', 'merge', '-p', '{"spec":{"updateStrategy":{"rollingUpdate":{"paused":false}}}}']);
    assert.equal(await tty.exited, 0, tty.output());
    assert.equal(await plain.exited, 0, plain.output());

    assertBarsMoved(tty.output());
    const screen = screenLines(tty.output()).join('\n');
    assert.match(screen, /Normal\s+UpdatePodInPlace\s+statefulset\/big\s+updating pod big-\d+ in place: container main image nginx:1.25 → nginx:1.26/);
    assert.match(tty.output(), DONE(/advanced statefulset rolling update complete 20 pods at revision big-\w+/));
    assertPlain(plain.output());
    // One event per pod is recorded until the set's event budget runs out: like every client-go
    // recorder, the controller's spam filter allows 25 events per object (the 20 creations used
    // most of it), then one per 5 minutes, and similar events are combined after 10.
    const inPlace = plain.output().match(/updating pod big-\d+ in place/g) ?? [];
    assert.ok(inPlace.length >= 1 && inPlace.length <= 20, `in-place events shown: ${inPlace.length}`);
    assert.equal(new Set(inPlace).size, inPlace.length, 'each in-place event names another pod');
    assert.match(plain.output(), DONE(/advanced statefulset rolling update complete 20 pods at revision big-\w+/));
    const images = JSON.parse(await sb.k(['get', 'pods', '-l', 'app=big', '-o', 'json'])).items.map((p: any) => p.spec.containers[0].image);
    assert.deepEqual(new Set(images), new Set(['nginx:1.26']));
  });

  it('recreate: apps/v1 RollingUpdate, bars and SuccessfulDelete/SuccessfulCreate events', async () => {
    await sb.apply(set('apps/v1', 'web', '{type: RollingUpdate}'));
    await ready('statefulsets.apps', 'web');
    await sb.k(['set', 'image', 'statefulsets.apps/web', 'main=nginx:1.26']);
    const tty = follow(sb, 'sts/web', true);
    const plain = follow(sb, 'sts/web', false);
    assert.equal(await tty.exited, 0, tty.output());
    assert.equal(await plain.exited, 0, plain.output());

    assertBarsMoved(tty.output());
    const screen = screenLines(tty.output()).join('\n');
    assert.match(screen, /Normal\s+SuccessfulDelete\s+statefulset\/web\s+delete Pod web-\d+ in StatefulSet web successful/);
    assert.match(screen, /Normal\s+SuccessfulCreate\s+statefulset\/web\s+create Pod web-\d+ in StatefulSet web successful/);
    assert.match(tty.output(), DONE(/statefulset rolling update complete 20 pods at revision web-\w+/));
    assertPlain(plain.output());
    assert.match(plain.output(), /^\s+waiting for statefulset rolling update to complete \d+ pods at revision web-\w+\.\.\.$/m);
    assert.match(plain.output(), DONE(/statefulset rolling update complete 20 pods at revision web-\w+/));
  });
});
