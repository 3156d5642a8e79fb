import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import dgram from 'node:dgram';
import net from 'node:net';
import { promisify } from 'node:util';
import dnsPacket from 'dns-packet';
import { FakeClient } from '../../client/fake-client.js';
import { R, at } from '../../client/resources.js';
import { startClusterDns } from './server.js';
import { untilPasses } from '../../../test/helpers/retry.js';

const run = promisify(execFile);

async function hasDig(): Promise<boolean> {
  try {
    await run('dig', ['-v']);
    return true;
  } catch {
    return false;
  }
}

async function dig(port: number, ...args: string[]): Promise<string> {
  const { stdout } = await run('dig', ['@127.0.0.1', '-p', String(port), '+time=2', '+tries=1', ...args]);
  return stdout;
}

function udpQuery(port: number, name: string, type: string): Promise<dnsPacket.DecodedPacket> {
  const sock = dgram.createSocket('udp4');
  const id = Math.floor(Math.random() * 65535);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => (sock.close(), reject(new Error('timeout'))), 2000);
    sock.on('message', (msg) => {
      clearTimeout(timer);
      sock.close();
      resolve(dnsPacket.decode(msg));
    });
    sock.send(dnsPacket.encode({ type: 'query', id, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type: type as any, name }] }), port, '127.0.0.1');
  });
}

function tcpQuery(port: number, name: string, type: string): Promise<dnsPacket.DecodedPacket> {
  return new Promise((resolve, reject) => {
    const conn = net.connect(port, '127.0.0.1', () => conn.write(dnsPacket.streamEncode({ type: 'query', id: 7, questions: [{ type: type as any, name }] })));
    let buf = Buffer.alloc(0);
    conn.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      if (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
        conn.end();
        resolve(dnsPacket.streamDecode(buf) as dnsPacket.DecodedPacket);
      }
    });
    conn.on('error', reject);
  });
}

async function seed(c: FakeClient): Promise<void> {
  await c.create(at(R.services, 'kube-system'), { metadata: { name: 'kube-dns', namespace: 'kube-system' }, spec: { clusterIP: '10.96.0.10', ports: [{ name: 'dns', port: 53, protocol: 'UDP' }] } });
  await c.create(at(R.services, 'default'), { metadata: { name: 'nginx', namespace: 'default' }, spec: { clusterIP: 'None', ports: [{ name: 'web', port: 80 }] } });
  await c.create(at(R.endpointslices, 'default'), {
    metadata: { name: 'nginx-abcde', namespace: 'default', labels: { 'kubernetes.io/service-name': 'nginx' } },
    addressType: 'IPv4',
    ports: [{ name: 'web', port: 80, protocol: 'TCP' }],
    endpoints: [
      { addresses: ['10.244.1.7'], hostname: 'web-0', conditions: { ready: true } },
      { addresses: ['10.244.2.8'], hostname: 'web-1', conditions: { ready: true } },
    ],
  });
}

test('cluster DNS answers over UDP and TCP and follows changes within a second', async () => {
  const c = new FakeClient();
  await seed(c);
  const dns = await startClusterDns(c, { port: 0 });
  try {
    const a = await udpQuery(dns.port, 'web-0.nginx.default.svc.cluster.local', 'A');
    assert.equal((a as any).rcode, 'NOERROR');
    assert.equal(a.flag_aa, true);
    assert.equal(a.flag_rd, true, 'RD is echoed');
    assert.deepEqual(a.answers!.map((x) => (x as any).data), ['10.244.1.7']);

    const nx = await udpQuery(dns.port, 'web-9.nginx.default.svc.cluster.local', 'A');
    assert.equal((nx as any).rcode, 'NXDOMAIN');
    assert.equal(nx.authorities![0].type, 'SOA');

    const srv = await tcpQuery(dns.port, '_web._tcp.nginx.default.svc.cluster.local', 'SRV');
    assert.deepEqual(srv.answers!.map((x) => (x as any).data.target).sort(), ['web-0.nginx.default.svc.cluster.local', 'web-1.nginx.default.svc.cluster.local']);

    // web-0 is recreated with a new IP: the record follows.
    await c.patch(at(R.endpointslices, 'default', 'nginx-abcde'), 'merge', {
      endpoints: [
        { addresses: ['10.244.3.11'], hostname: 'web-0', conditions: { ready: true } },
        { addresses: ['10.244.2.8'], hostname: 'web-1', conditions: { ready: true } },
      ],
    });
    await untilPasses(async () => {
      const again = await udpQuery(dns.port, 'web-0.nginx.default.svc.cluster.local', 'A');
      assert.deepEqual(again.answers!.map((x) => (x as any).data), ['10.244.3.11']);
    });
  } finally {
    await dns.stop();
  }
});

test('dig resolves StatefulSet pod names, SRV, PTR and NXDOMAIN', async (t) => {
  if (!(await hasDig())) {
    t.skip('dig is not installed (apt-get install dnsutils)');
    return;
  }
  const c = new FakeClient();
  await seed(c);
  const dns = await startClusterDns(c, { port: 0 });
  try {
    assert.equal((await dig(dns.port, '+short', 'web-0.nginx.default.svc.cluster.local')).trim(), '10.244.1.7');
    assert.equal((await dig(dns.port, '+short', '+tcp', 'kube-dns.kube-system.svc.cluster.local')).trim(), '10.96.0.10');
    assert.deepEqual((await dig(dns.port, '+short', 'nginx.default.svc.cluster.local')).trim().split('\n').sort(), ['10.244.1.7', '10.244.2.8']);
    assert.match(await dig(dns.port, '+short', 'SRV', '_web._tcp.nginx.default.svc.cluster.local'), /^0 50 80 web-0\.nginx\.default\.svc\.cluster\.local\.$/m);
    assert.equal((await dig(dns.port, '+short', '-x', '10.96.0.10')).trim(), 'kube-dns.kube-system.svc.cluster.local.');
    const nx = await dig(dns.port, 'nope.default.svc.cluster.local');
    assert.match(nx, /status: NXDOMAIN/);
    assert.match(nx, /AUTHORITY SECTION:\ncluster\.local\.\s+5\s+IN\s+SOA\s+ns\.dns\.cluster\.local\. hostmaster\.cluster\.local\./);
    assert.match(await dig(dns.port, 'AAAA', 'web-0.nginx.default.svc.cluster.local'), /status: NOERROR.*\n.*ANSWER: 0/);
    assert.match(await dig(dns.port, '+short', 'TXT', 'dns-version.cluster.local'), /"1\.1\.0"/);
  } finally {
    await dns.stop();
  }
});
