// kubectl exec / kubectl run -i --tty against the sandbox, as the seed document uses them: the
// web StatefulSet's pods answer `hostname`, exit codes travel back to kubectl, stdin feeds a
// shell, and an interactive busybox pod resolves web-0.nginx through the cluster DNS and is
// removed by --rm once its shell exits. Streams are WebSockets (v5.channel.k8s.io).

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import WebSocket from 'ws';
import { eventually, KUBECTL, sandboxPerSuite, type TestSandbox } from '../helpers/sandbox.js';

const ROOT = resolve(import.meta.dirname, '..', '..');

/** Runs `command` under a pseudo-terminal (util-linux script), typing each input once `waitFor` shows up. */
function inTerminal(sb: TestSandbox, command: string, steps: { waitFor: string; type: string }[], timeoutMs = 90_000): Promise<{ output: string; code: number | null }> {
  return new Promise((res, rej) => {
    const child = spawn('script', ['-qfec', command, '/dev/null'], { env: { ...process.env, KUBECONFIG: sb.kubeconfig, TERM: 'xterm' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    let step = 0;
    let seen = 0;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      rej(new Error(`terminal session timed out; output so far:\n${output}`));
    }, timeoutMs);
    const advance = (): void => {
      while (step < steps.length) {
        const at = output.indexOf(steps[step].waitFor, seen);
        if (at < 0) return;
        seen = at + steps[step].waitFor.length;
        child.stdin.write(steps[step++].type);
      }
    };
    const onData = (d: Buffer): void => {
      output += d.toString();
      advance();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      res({ output, code });
    });
  });
}

describe('kubectl exec and attach', () => {
  let sb: TestSandbox;
  sandboxPerSuite({ timeScale: 0.05, nodes: 2 }, async (started) => {
    sb = started;
    await sb.apply(readFileSync(join(ROOT, 'examples', 'web.yaml'), 'utf8'));
    await eventually(async () => (await sb.k(['get', 'pods', '-l', 'app=nginx', '-o', 'jsonpath={.items[*].status.phase}'])) === 'Running Running', { timeoutMs: 60_000, message: 'web-0 and web-1 Running' });
  });

  it("runs the seed's hostname loop", async () => {
    for (const i of [0, 1]) assert.equal(await sb.k(['exec', `web-${i}`, '--', 'sh', '-c', 'hostname']), `web-${i}\n`);
  });

  it('runs a command without a shell', async () => {
    assert.equal(await sb.k(['exec', 'web-1', '--', 'hostname']), 'web-1\n');
    const hosts = await sb.k(['exec', 'web-1', '--', 'cat', '/etc/hosts']);
    const ip = await sb.k(['get', 'pod', 'web-1', '-o', 'jsonpath={.status.podIP}']);
    assert.match(hosts, new RegExp(`\\n${ip.replace(/\./g, '\\.')}\\tweb-1\\.nginx\\.default\\.svc\\.cluster\\.local\\tweb-1\\n`));
  });

  it('passes exit codes back to kubectl', async () => {
    const r = await sb.kubectl(['exec', 'web-0', '--', 'sh', '-c', 'exit 3']);
    assert.equal(r.code, 3, r.stderr);
    assert.match(r.stderr, /command terminated with exit code 3/);
    const nf = await sb.kubectl(['exec', 'web-0', '--', 'sh', '-c', 'foo']);
    assert.equal(nf.code, 127, nf.stderr);
    assert.match(nf.stderr, /sh: foo: not found/);
  });

  it('feeds stdin lines to `kubectl exec -i ... sh`', async () => {
    const r = await sb.kubectl(['exec', '-i', 'web-0', '--', 'sh'], { input: 'hostname\necho "home=$HOME"\ncat /etc/hostname && exit 4\necho never\n' });
    assert.equal(r.stdout, 'web-0\nhome=/root\nweb-0\n');
    assert.equal(r.code, 4);
  });

  it('answers errors before the upgrade as HTTP Status', async () => {
    const r = await sb.kubectl(['exec', 'web-0', '-c', 'nope', '--', 'hostname']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /container nope is not valid for pod web-0/);
  });

  it('speaks v4.channel.k8s.io and refuses a bad token', async () => {
    const ca = Buffer.from(sb.kc.getCurrentCluster()!.caData!, 'base64');
    const url = `wss://127.0.0.1:${sb.port}/api/v1/namespaces/default/pods/web-0/exec?command=sh&command=-c&command=echo+out%3B+echo+err+1%3E%262%3B+exit+2&stdout=true&stderr=true`;
    const frames = await new Promise<Buffer[]>((res, rej) => {
      const got: Buffer[] = [];
      const ws = new WebSocket(url, ['v4.channel.k8s.io'], { ca, headers: { authorization: `Bearer ${sb.token}` } });
      ws.on('message', (d: Buffer) => got.push(d));
      ws.on('close', () => res(got));
      ws.on('error', rej);
    });
    const on = (ch: number) => Buffer.concat(frames.filter((f) => f[0] === ch).map((f) => f.subarray(1))).toString();
    assert.equal(on(1), 'out\n');
    assert.equal(on(2), 'err\n');
    assert.deepEqual(JSON.parse(on(3)).details.causes, [{ reason: 'ExitCode', message: '2' }]);
    const status = await new Promise<number>((res) => {
      const ws = new WebSocket(url, ['v4.channel.k8s.io'], { ca, headers: { authorization: 'Bearer wrong' } });
      ws.on('unexpected-response', (_req, resp) => res(resp.statusCode ?? 0));
      ws.on('error', () => undefined);
    });
    assert.equal(status, 401);
  });

  it('runs the seed\'s `kubectl run -i --tty ... /bin/sh` session with nslookup', async () => {
    const ip = await sb.k(['get', 'pod', 'web-0', '-o', 'jsonpath={.status.podIP}']);
    const { output, code } = await inTerminal(sb, `${KUBECTL} run -i --tty --image busybox:1.28 dns-test --restart=Never --rm /bin/sh`, [
      { waitFor: '/ # ', type: 'nslookup web-0.nginx\r' },
      { waitFor: '/ # ', type: 'exit\r' },
    ]);
    const text = output.replace(/\r/g, '');
    assert.match(text, /Server: {4}10\.96\.0\.10\nAddress 1: 10\.96\.0\.10 kube-dns\.kube-system\.svc\.cluster\.local\n\nName: {6}web-0\.nginx\n/);
    assert.match(text, new RegExp(`Address 1: ${ip.replace(/\./g, '\\.')}( |\\n)`));
    assert.match(text, /pod "dns-test" deleted/);
    assert.equal(code, 0, text);
    await eventually(async () => (await sb.kubectl(['get', 'pod', 'dns-test'])).code !== 0, { message: 'dns-test deleted' });
  });
});
