import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../apimachinery/types.js';
import { serviceStrategy as s } from './service.js';
import { create, update } from './test-helpers.js';

function svc(mut: (o: any) => void = () => {}): KubeObject {
  const o: any = { metadata: { name: 'nginx', namespace: 'default' }, spec: { selector: { app: 'nginx' }, ports: [{ port: 80 }] } };
  mut(o);
  return o;
}

describe('service defaults', () => {
  it('fills type, affinity, protocol, targetPort, ip families and traffic policy', () => {
    const { obj, errors } = create(s, svc());
    assert.deepEqual(errors, []);
    assert.deepEqual(obj.spec, {
      selector: { app: 'nginx' },
      ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }],
      type: 'ClusterIP',
      sessionAffinity: 'None',
      internalTrafficPolicy: 'Cluster',
      ipFamilyPolicy: 'SingleStack',
      ipFamilies: ['IPv4'],
    });
  });
  it('NodePort gets externalTrafficPolicy; headless keeps clusterIPs [None]', () => {
    assert.equal(create(s, svc((o) => (o.spec.type = 'NodePort'))).obj.spec.externalTrafficPolicy, 'Cluster');
    const h = create(s, svc((o) => (o.spec.clusterIP = 'None'))).obj.spec;
    assert.deepEqual([h.clusterIP, h.clusterIPs], ['None', ['None']]);
  });
});

describe('service validation', () => {
  const cases: Array<{ name: string; mut: (o: any) => void; want: string[] }> = [
    { name: 'valid', mut: () => {}, want: [] },
    { name: 'headless without ports', mut: (o) => ((o.spec.clusterIP = 'None'), (o.spec.ports = [])), want: [] },
    { name: 'no ports', mut: (o) => (o.spec.ports = []), want: ['spec.ports: Required value'] },
    { name: 'unnamed ports when several', mut: (o) => o.spec.ports.push({ name: 'b', port: 81 }), want: ['spec.ports[0].name: Required value'] },
    { name: 'duplicate port names', mut: (o) => (o.spec.ports = [{ name: 'a', port: 80 }, { name: 'a', port: 81 }]), want: ['spec.ports[1].name: Duplicate value: "a"'] },
    {
      // targetPort defaults to the (invalid) port, so upstream reports both.
      name: 'port range',
      mut: (o) => (o.spec.ports[0].port = 0),
      want: ['spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive', 'spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive'],
    },
    { name: 'duplicate port/protocol', mut: (o) => (o.spec.ports = [{ name: 'a', port: 80 }, { name: 'b', port: 80 }]), want: ['spec.ports[1]: Duplicate value: map[port:80 protocol:TCP]'] },
    { name: 'bad type', mut: (o) => (o.spec.type = 'Foo'), want: ['spec.type: Unsupported value: "Foo": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"'] },
    { name: 'nodePort on ClusterIP', mut: (o) => (o.spec.ports[0].nodePort = 30001), want: ["spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"] },
    {
      name: 'bad selector value',
      mut: (o) => (o.spec.selector = { app: '-x' }),
      want: [
        "spec.selector: Invalid value: \"-x\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
      ],
    },
    {
      name: 'name must be a DNS-1035 label',
      mut: (o) => (o.metadata.name = '1nginx'),
      want: [
        "metadata.name: Invalid value: \"1nginx\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
      ],
    },
    { name: 'ExternalName needs externalName', mut: (o) => (o.spec.type = 'ExternalName'), want: ['spec.externalName: Required value'] },
    { name: 'bad targetPort name', mut: (o) => (o.spec.ports[0].targetPort = 'HTTP'), want: ['spec.ports[0].targetPort: Invalid value: "HTTP": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)', 'spec.ports[0].targetPort: Invalid value: "HTTP": must contain at least one letter (a-z)'] },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(create(s, svc(c.mut)).errors, c.want));
});

describe('service update', () => {
  const base = svc((o) => ((o.spec.clusterIP = '10.96.0.10'), (o.spec.clusterIPs = ['10.96.0.10'])));
  it('clusterIP may not change once set', () => {
    assert.deepEqual(update(s, base, (o) => ((o.spec.clusterIP = '10.96.0.11'), (o.spec.clusterIPs = ['10.96.0.11']))).errors, [
      'spec.clusterIPs[0]: Invalid value: "10.96.0.11": may not change once set',
    ]);
  });
  it('an omitted clusterIP is carried over (kubectl replace / apply)', () => {
    const r = update(s, base, (o) => {
      delete o.spec.clusterIP;
      delete o.spec.clusterIPs;
    });
    assert.deepEqual(r.errors, []);
    assert.equal(r.obj.spec.clusterIP, '10.96.0.10');
  });
  it('status is kept on main-resource update', () => {
    const r = update(s, base, (o) => (o.status = { loadBalancer: { ingress: [{ ip: '1.2.3.4' }] } }));
    assert.deepEqual(r.obj.status, { loadBalancer: {} });
  });
});
