// Endpoints and EndpointSlice strategies.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { endpointSliceStrategy as esS } from './endpoint-slice.js';
import { endpointsStrategy as epS } from './endpoints.js';
import { create, update } from './test-helpers.js';

const meta = { name: 'nginx', namespace: 'default' };

describe('endpoints', () => {
  const cases: Array<{ name: string; subsets: any[]; want: string[] }> = [
    { name: 'valid', subsets: [{ addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 80 }] }], want: [] },
    { name: 'no addresses', subsets: [{ ports: [{ port: 80 }] }], want: ['subsets[0]: Required value: must specify `addresses` or `notReadyAddresses`'] },
    { name: 'bad ip', subsets: [{ addresses: [{ ip: '10.0.0' }] }], want: ['subsets[0].addresses[0].ip: Invalid value: "10.0.0": must be a valid IP address (e.g. 10.9.8.7 or 2001:db8::ffff)'] },
    { name: 'unnamed ports', subsets: [{ addresses: [{ ip: '::1' }], ports: [{ port: 80 }, { name: 'b', port: 81 }] }], want: ['subsets[0].ports[0].name: Required value'] },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(create(epS, { metadata: meta, subsets: c.subsets }).errors, c.want));
  it('defaults port protocol', () => assert.equal(create(epS, { metadata: meta, subsets: cases[0]!.subsets }).obj.subsets[0].ports[0].protocol, 'TCP'));
});

describe('endpointslice', () => {
  const slice = (mut: (o: any) => void = () => {}): any => {
    const o: any = { metadata: { ...meta, name: 'nginx-abc' }, addressType: 'IPv4', endpoints: [{ addresses: ['10.0.0.1'] }], ports: [{ name: 'http', port: 80 }] };
    mut(o);
    return o;
  };
  const cases: Array<{ name: string; mut: (o: any) => void; want: string[] }> = [
    { name: 'valid', mut: () => {}, want: [] },
    { name: 'missing addressType', mut: (o) => delete o.addressType, want: ['addressType: Unsupported value: "": supported values: "FQDN", "IPv4", "IPv6"'] },
    { name: 'endpoint without addresses', mut: (o) => (o.endpoints[0].addresses = []), want: ['endpoints[0].addresses: Required value: must contain at least 1 address'] },
    { name: 'wrong family', mut: (o) => (o.endpoints[0].addresses = ['fd00::1']), want: ['endpoints[0].addresses[0]: Invalid value: "fd00::1": must be a valid IPv4 address'] },
    {
      name: 'too many addresses',
      mut: (o) => (o.endpoints[0].addresses = Array.from({ length: 101 }, (_, i) => `10.0.0.${i % 250}`)),
      want: ['endpoints[0].addresses: Too many: 101: must have at most 100 items'],
    },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(create(esS, slice(c.mut)).errors, c.want));
  it('addressType is immutable', () => assert.deepEqual(update(esS, slice(), (o) => ((o.addressType = 'IPv6'), (o.endpoints = []))).errors, ['addressType: Invalid value: "IPv6": field is immutable']));
});
