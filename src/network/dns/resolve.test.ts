import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../apimachinery/types.js';
import { RecordStore } from './record-store.js';
import { RCODE, resolve } from './resolve.js';

const services: KubeObject[] = [
  { metadata: { name: 'kube-dns', namespace: 'kube-system' }, spec: { clusterIP: '10.96.0.10', ports: [{ name: 'dns', port: 53, protocol: 'UDP' }, { name: 'dns-tcp', port: 53, protocol: 'TCP' }] } },
  { metadata: { name: 'web', namespace: 'default' }, spec: { clusterIP: '10.96.3.4', ports: [{ name: 'http', port: 80 }, { port: 81 }] } },
  { metadata: { name: 'nginx', namespace: 'default' }, spec: { clusterIP: 'None', ports: [{ name: 'web', port: 80 }] } },
  { metadata: { name: 'empty', namespace: 'default' }, spec: { clusterIP: 'None', ports: [{ name: 'web', port: 80 }] } },
  { metadata: { name: 'ext', namespace: 'default' }, spec: { type: 'ExternalName', externalName: 'example.com' } },
];

const slice = (svc: string, endpoints: unknown[], ports = [{ name: 'web', port: 8080, protocol: 'TCP' }]): KubeObject => ({
  metadata: { name: `${svc}-abc`, namespace: 'default', labels: { 'kubernetes.io/service-name': svc } },
  addressType: 'IPv4',
  ports,
  endpoints,
});

const slices = [
  slice('nginx', [
    { addresses: ['10.244.1.7'], hostname: 'web-0', conditions: { ready: true } },
    { addresses: ['10.244.2.8'], hostname: 'web-1', conditions: { ready: true } },
    { addresses: ['10.244.3.9'], hostname: 'web-2', conditions: { ready: false } },
    { addresses: ['10.244.3.10'], conditions: {} },
  ]),
  slice('empty', [{ addresses: ['10.244.4.4'], hostname: 'x', conditions: { ready: false } }]),
];

const store = RecordStore.build('cluster.local', services, slices);
const data = (name: string, type: string) => {
  const r = resolve(store, name, type);
  return { rcode: r.rcode, answers: r.answers.map((a) => (typeof (a as any).data === 'object' ? JSON.stringify((a as any).data) : String((a as any).data))).sort(), soa: r.authorities.length };
};

test('DNS name → record table', () => {
  const srv = (port: number, target: string, weight = 100) => JSON.stringify({ priority: 0, weight, port, target });
  const cases: Array<[string, string, { rcode: number; answers: string[]; soa: number }]> = [
    ['kube-dns.kube-system.svc.cluster.local', 'A', { rcode: RCODE.NOERROR, answers: ['10.96.0.10'], soa: 0 }],
    ['KUBE-DNS.kube-system.svc.cluster.local.', 'A', { rcode: RCODE.NOERROR, answers: ['10.96.0.10'], soa: 0 }],
    ['web.default.svc.cluster.local', 'A', { rcode: RCODE.NOERROR, answers: ['10.96.3.4'], soa: 0 }],
    ['web.default.svc.cluster.local', 'AAAA', { rcode: RCODE.NOERROR, answers: [], soa: 1 }],
    ['_http._tcp.web.default.svc.cluster.local', 'SRV', { rcode: RCODE.NOERROR, answers: [srv(80, 'web.default.svc.cluster.local')], soa: 0 }],
    ['_dns._udp.kube-dns.kube-system.svc.cluster.local', 'SRV', { rcode: RCODE.NOERROR, answers: [srv(53, 'kube-dns.kube-system.svc.cluster.local')], soa: 0 }],
    ['4.3.96.10.in-addr.arpa', 'PTR', { rcode: RCODE.NOERROR, answers: ['web.default.svc.cluster.local'], soa: 0 }],
    ['nginx.default.svc.cluster.local', 'A', { rcode: RCODE.NOERROR, answers: ['10.244.1.7', '10.244.2.8', '10.244.3.10'], soa: 0 }],
    ['web-0.nginx.default.svc.cluster.local', 'A', { rcode: RCODE.NOERROR, answers: ['10.244.1.7'], soa: 0 }],
    ['web-2.nginx.default.svc.cluster.local', 'A', { rcode: RCODE.NXDOMAIN, answers: [], soa: 1 }],
    ['10-244-3-10.nginx.default.svc.cluster.local', 'A', { rcode: RCODE.NOERROR, answers: ['10.244.3.10'], soa: 0 }],
    ['_web._tcp.nginx.default.svc.cluster.local', 'SRV', {
      rcode: RCODE.NOERROR,
      answers: [srv(8080, '10-244-3-10.nginx.default.svc.cluster.local', 33), srv(8080, 'web-0.nginx.default.svc.cluster.local', 33), srv(8080, 'web-1.nginx.default.svc.cluster.local', 33)],
      soa: 0,
    }],
    ['7.1.244.10.in-addr.arpa', 'PTR', { rcode: RCODE.NOERROR, answers: ['web-0.nginx.default.svc.cluster.local'], soa: 0 }],
    ['9.3.244.10.in-addr.arpa', 'PTR', { rcode: RCODE.NXDOMAIN, answers: [], soa: 1 }],
    ['empty.default.svc.cluster.local', 'A', { rcode: RCODE.NXDOMAIN, answers: [], soa: 1 }],
    ['nope.default.svc.cluster.local', 'A', { rcode: RCODE.NXDOMAIN, answers: [], soa: 1 }],
    ['default.svc.cluster.local', 'A', { rcode: RCODE.NOERROR, answers: [], soa: 1 }],
    ['svc.cluster.local', 'A', { rcode: RCODE.NOERROR, answers: [], soa: 1 }],
    ['ext.default.svc.cluster.local', 'A', { rcode: RCODE.NOERROR, answers: ['example.com'], soa: 0 }],
    ['dns-version.cluster.local', 'TXT', { rcode: RCODE.NOERROR, answers: ['1.1.0'], soa: 0 }],
    ['10-244-1-7.default.pod.cluster.local', 'A', { rcode: RCODE.NOERROR, answers: ['10.244.1.7'], soa: 0 }],
    ['cluster.local', 'SOA', { rcode: RCODE.NOERROR, answers: [JSON.stringify({ mname: 'ns.dns.cluster.local', rname: 'hostmaster.cluster.local', serial: 1, refresh: 7200, retry: 1800, expire: 86400, minimum: 5 })], soa: 0 }],
    ['example.com', 'A', { rcode: RCODE.REFUSED, answers: [], soa: 0 }],
  ];
  for (const [name, type, want] of cases) assert.deepEqual(data(name, type), want, `${name} ${type}`);
});

test('SRV answers carry the targets A records as additionals; the service name also answers SRV', () => {
  const r = resolve(store, '_web._tcp.nginx.default.svc.cluster.local', 'SRV');
  assert.deepEqual(r.additionals.map((a) => `${a.name} ${(a as any).data}`).sort(), [
    '10-244-3-10.nginx.default.svc.cluster.local 10.244.3.10',
    'web-0.nginx.default.svc.cluster.local 10.244.1.7',
    'web-1.nginx.default.svc.cluster.local 10.244.2.8',
  ]);
  assert.equal(resolve(store, 'nginx.default.svc.cluster.local', 'SRV').answers.length, 3);
  assert.equal(resolve(store, 'web.default.svc.cluster.local', 'SRV').answers.length, 1, 'unnamed ports have no SRV');
});

test('a custom cluster domain', () => {
  const s = RecordStore.build('kube.local', services, slices);
  assert.equal(resolve(s, 'web-0.nginx.default.svc.kube.local', 'A').answers.length, 1);
  assert.equal(resolve(s, 'web-0.nginx.default.svc.cluster.local', 'A').rcode, RCODE.REFUSED);
});
