// The simulated shell: sh -c parsing and list semantics, the kubelet-written files, busybox
// nslookup's output and resolver search order, and the TTY line discipline.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { expandWord, parseScript } from './parse.js';
import { runScript } from './interpreter.js';
import { candidateNames, nslookup } from './nslookup.js';
import { hostsFile, parseHosts, resolvConf, resolverConfig } from './pod-files.js';
import { ExitRequest } from './state.js';
import { LineReader, TtyDiscipline } from './terminal.js';
import { formatDate } from './commands.js';
import { serviceEnv } from './environment.js';
import { capture, fakeDns, testPod, testShell } from './test-support.js';

const web0 = testPod({ name: 'web-0', hostname: 'web-0', subdomain: 'nginx', ip: '10.244.1.7' });

describe('parseScript', () => {
  const words = (s: string) => parseScript(s).map((i) => i.pipeline.map((c) => c.words.map((w) => expandWord(w, (n) => `<${n}>`))));
  const table: [string, string[][][]][] = [
    ['hostname', [[['hostname']]]],
    ["echo 'a b'  \"c $X\" d\\ e", [[['echo', 'a b', 'c <X>', 'd e']]]],
    ['a; b && c || d', [[['a']], [['b']], [['c']], [['d']]]],
    ['cat /etc/hosts | grep web', [[['cat', '/etc/hosts'], ['grep', 'web']]]],
    ['echo ${HOME}/x $? # comment', [[['echo', '<HOME>/x', '<?>']]]],
    ["echo 'it''s'", [[['echo', 'its']]]],
  ];
  for (const [src, want] of table) it(`parses ${JSON.stringify(src)}`, () => assert.deepEqual(words(src), want));
  it('records list operators and redirections', () => {
    const items = parseScript('a && b >/dev/null 2>&1');
    assert.equal(items[0].next, '&&');
    assert.deepEqual(items[1].pipeline[0].redirects, [{ fd: 1, to: 'null' }, { fd: 2, to: 1 }]);
  });
  const bad: [string, RegExp][] = [
    ["echo 'open", /unterminated/],
    ['a &&', /unexpected end of file/],
    ['| a', /unexpected "\|"/],
    ['echo $(date)', /command substitution/],
    ['sleep 1 &', /background jobs/],
    ['echo x > /tmp/f', /Read-only/],
  ];
  for (const [src, re] of bad) it(`rejects ${JSON.stringify(src)}`, () => assert.throws(() => parseScript(src), re));
});

describe('runScript', () => {
  const run = async (script: string) => {
    const io = capture();
    const sh = testShell(web0);
    let code: number;
    try {
      code = await runScript(script, sh, io);
    } catch (e) {
      if (!(e instanceof ExitRequest)) throw e;
      code = e.code;
    }
    return { code, out: io.stdout(), err: io.stderr() };
  };
  const table: [string, { code: number; out?: string; err?: string }][] = [
    ['hostname', { code: 0, out: 'web-0\n' }],
    ['hostname -f', { code: 0, out: 'web-0.nginx.default.svc.cluster.local\n' }],
    ['echo a; echo b', { code: 0, out: 'a\nb\n' }],
    ['false && echo no || echo yes', { code: 0, out: 'yes\n' }],
    ['true || echo no; echo $?', { code: 0, out: '0\n' }],
    ['foo', { code: 127, err: 'sh: foo: not found\n' }],
    ['foo; echo $?', { code: 0, out: '127\n', err: 'sh: foo: not found\n' }],
    ['exit 3', { code: 3 }],
    ['echo before; exit 7; echo after', { code: 7, out: 'before\n' }],
    ["sh -c 'exit 5'; echo $?", { code: 0, out: '5\n' }],
    ['cat /etc/hostname', { code: 0, out: 'web-0\n' }],
    ['cat /nope', { code: 1, err: "cat: can't open '/nope': No such file or directory\n" }],
    ['cat /etc/hosts | grep web-0', { code: 0, out: '10.244.1.7\tweb-0.nginx.default.svc.cluster.local\tweb-0\n' }],
    ['cat /etc/hosts | grep -c localhost', { code: 0, out: '2\n' }],
    ['nope 2>/dev/null; echo $?', { code: 0, out: '127\n', err: '' }],
    ['X=1; echo $X', { code: 0, out: '1\n' }],
    ['cd /etc && pwd && ls', { code: 0, out: '/etc\ngroup\nhostname\nhosts\npasswd\nresolv.conf\n' }],
    ['ls /etc | grep host', { code: 0, out: 'hostname\nhosts\n' }],
    ['echo -n x', { code: 0, out: 'x' }],
    ['echo "unterminated', { code: 2, err: 'sh: syntax error: unterminated quoted string\n' }],
    ['date', { code: 0, out: 'Thu Jan  4 09:05:01 UTC 2024\n' }],
  ];
  for (const [script, want] of table) {
    it(`runs ${JSON.stringify(script)}`, async () => {
      const r = await run(script);
      assert.equal(r.code, want.code);
      if (want.out !== undefined) assert.equal(r.out, want.out);
      if (want.err !== undefined) assert.equal(r.err, want.err);
    });
  }
  it('sleep is interrupted by the signal with status 130', async () => {
    const sh = testShell(web0);
    const ac = new AbortController();
    sh.signal = ac.signal;
    const p = runScript('sleep 30', sh, capture());
    ac.abort();
    assert.equal(await p, 130);
  });
});

describe('kubelet-written files', () => {
  it('renders /etc/hosts with the pod FQDN', () => {
    assert.equal(
      hostsFile(web0),
      '# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n10.244.1.7\tweb-0.nginx.default.svc.cluster.local\tweb-0\n',
    );
  });
  it('renders /etc/hosts without subdomain and with hostAliases', () => {
    const pod = testPod({ name: 'solo', ip: '10.244.2.3' });
    (pod.spec as Record<string, unknown>).hostAliases = [{ ip: '1.2.3.4', hostnames: ['foo.local', 'bar.local'] }];
    const text = hostsFile(pod);
    assert.match(text, /\n10\.244\.2\.3\tsolo\n\n# Entries added by HostAliases\.\n1\.2\.3\.4\tfoo\.local\tbar\.local\n$/);
    assert.deepEqual(parseHosts(text).at(-1), ['1.2.3.4', ['foo.local', 'bar.local']]);
  });
  it('renders /etc/resolv.conf for ClusterFirst', () => {
    assert.equal(resolvConf(testPod({ ns: 'shop' }), '10.96.0.10'), 'search shop.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n');
  });
  it('applies dnsConfig ndots and hostNetwork fallback', () => {
    const pod = testPod();
    (pod.spec as Record<string, unknown>).dnsConfig = { options: [{ name: 'ndots', value: '2' }] };
    assert.equal(resolverConfig(pod, '10.96.0.10').ndots, 2);
    (pod.spec as Record<string, unknown>).hostNetwork = true;
    assert.deepEqual(resolverConfig(pod, '10.96.0.10').search, []);
  });
  it('builds service link variables, skipping headless services', () => {
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'my-db', namespace: 'default' }, spec: { clusterIP: '10.96.5.5', ports: [{ name: 'pg', port: 5432 }] } };
    const env = new Map(serviceEnv(svc));
    assert.equal(env.get('MY_DB_SERVICE_HOST'), '10.96.5.5');
    assert.equal(env.get('MY_DB_PORT_5432_TCP'), 'tcp://10.96.5.5:5432');
    assert.deepEqual(serviceEnv({ ...svc, spec: { clusterIP: 'None', ports: [{ port: 80 }] } }), []);
  });
});

describe('nslookup (busybox 1.28)', () => {
  const records = {
    'A web-0.nginx.default.svc.cluster.local': ['10.244.1.7'],
    'A kubernetes.default.svc.cluster.local': ['10.96.0.1'],
    'PTR 10.0.96.10.in-addr.arpa': ['kube-dns.kube-system.svc.cluster.local'],
    'PTR 1.0.96.10.in-addr.arpa': ['kubernetes.default.svc.cluster.local'],
  };
  const env = async (pod = testPod({ name: 'dns-test', ip: '10.244.2.9' }), asked: string[] = []) => testShell(pod, fakeDns(records, asked)).lookup();

  it('prints the seed document output for web-0.nginx', async () => {
    const asked: string[] = [];
    const r = await nslookup(['web-0.nginx'], await env(undefined, asked));
    assert.equal(r.code, 0);
    assert.equal(r.stdout, 'Server:    10.96.0.10\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\nName:      web-0.nginx\nAddress 1: 10.244.1.7\n');
    assert.deepEqual(asked.filter((q) => q.startsWith('A ')), ['A web-0.nginx.default.svc.cluster.local']);
  });
  it('shows reverse names from PTR', async () => {
    const r = await nslookup(['kubernetes.default'], await env());
    assert.match(r.stdout, /\nName: {6}kubernetes\.default\nAddress 1: 10\.96\.0\.1 kubernetes\.default\.svc\.cluster\.local\n$/);
  });
  it('fails with busybox wording for unknown names', async () => {
    const r = await nslookup(['nope'], await env());
    assert.equal(r.code, 1);
    assert.equal(r.stderr, "nslookup: can't resolve 'nope'\n");
    assert.match(r.stdout, /^Server: {4}10\.96\.0\.10\n/);
  });
  it('answers the pod itself from /etc/hosts', async () => {
    const r = await nslookup(['dns-test'], await env());
    assert.match(r.stdout, /Name: {6}dns-test\nAddress 1: 10\.244\.2\.9 dns-test\n$/);
  });
  const order: [string, number, string[]][] = [
    ['web-0.nginx', 5, ['web-0.nginx.ns.svc.cluster.local', 'web-0.nginx.svc.cluster.local', 'web-0.nginx.cluster.local', 'web-0.nginx']],
    ['a.b.c.d.e.f', 5, ['a.b.c.d.e.f', 'a.b.c.d.e.f.ns.svc.cluster.local', 'a.b.c.d.e.f.svc.cluster.local', 'a.b.c.d.e.f.cluster.local']],
    ['abs.name.', 5, ['abs.name']],
  ];
  for (const [name, ndots, want] of order) {
    it(`tries ${name} in resolver order`, () => assert.deepEqual(candidateNames(name, ['ns.svc.cluster.local', 'svc.cluster.local', 'cluster.local'], ndots), want));
  }
});

describe('terminal', () => {
  it('echoes, edits and delivers lines; Ctrl-C interrupts; Ctrl-D ends', () => {
    let echo = '';
    const lines: string[] = [];
    let interrupts = 0;
    let eof = false;
    const d = new TtyDiscipline({ echo: (s) => (echo += s), line: (l) => lines.push(l), interrupt: () => interrupts++, eof: () => (eof = true) });
    d.feed('lsx\x7f\r');
    d.feed('\x1b[Aecho\x03');
    d.feed('abc\x04');
    assert.deepEqual(lines, ['ls']);
    assert.equal(interrupts, 1);
    assert.equal(eof, false, 'Ctrl-D on a non-empty line does nothing');
    d.feed('\x15\x04');
    assert.equal(eof, true);
    assert.equal(echo.slice(0, 8), 'lsx\b \b\r\n');
  });
  it('LineReader splits stdin and flushes the partial line at EOF', async () => {
    const r = new LineReader();
    r.push('a\nb');
    r.end();
    assert.deepEqual([await r.next(), await r.next(), await r.next()], ['a', 'b', null]);
  });
  it('formats busybox date', () => assert.equal(formatDate(new Date('2024-11-30T23:59:09Z')), 'Sat Nov 30 23:59:09 UTC 2024'));
});
