// Node and Namespace strategies.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../apimachinery/types.js';
import { namespaceStrategy as nsS } from './namespace.js';
import { nodeStrategy as nodeS } from './node.js';
import { create, statusUpdate, update } from './test-helpers.js';

const node = (mut: (o: any) => void = () => {}): KubeObject => {
  const o: any = { metadata: { name: 'node-1' }, spec: {}, status: { capacity: { cpu: '4', pods: '110' } } };
  mut(o);
  return o;
};

describe('node', () => {
  it('defaults allocatable from capacity and keeps status given on create', () => {
    const { obj, errors } = create(nodeS, node());
    assert.deepEqual(errors, []);
    assert.deepEqual(obj.status.allocatable, { cpu: '4', pods: '110' });
  });
  const cases: Array<{ name: string; mut: (o: any) => void; want: string[] }> = [
    { name: 'taint without effect', mut: (o) => (o.spec.taints = [{ key: 'k' }]), want: ['spec.taints[0].effect: Required value'] },
    { name: 'bad taint effect', mut: (o) => (o.spec.taints = [{ key: 'k', effect: 'Evict' }]), want: ['spec.taints[0].effect: Unsupported value: "Evict": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"'] },
    { name: 'duplicate taint', mut: (o) => (o.spec.taints = [{ key: 'k', effect: 'NoSchedule' }, { key: 'k', effect: 'NoSchedule' }]), want: ['spec.taints[1]: Duplicate value: map[effect:NoSchedule key:k]'] },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(create(nodeS, node(c.mut)).errors, c.want));
  it('podCIDR may be set once, not changed', () => {
    assert.deepEqual(update(nodeS, node(), (o) => (o.spec.podCIDR = '10.244.1.0/24')).errors, []);
    const withCIDR = node((o) => (o.spec.podCIDR = '10.244.1.0/24'));
    assert.deepEqual(create(nodeS, withCIDR).obj.spec.podCIDRs, ['10.244.1.0/24']);
    assert.deepEqual(update(nodeS, withCIDR, (o) => ((o.spec.podCIDR = '10.244.2.0/24'), (o.spec.podCIDRs = ['10.244.2.0/24']))).errors, [
      'spec.podCIDRs: Forbidden: node updates may not change podCIDR except from "" to valid',
    ]);
  });
  it('status only via /status', () => {
    assert.deepEqual(update(nodeS, node(), (o) => (o.status.capacity.cpu = '8')).obj.status.capacity.cpu, '4');
    const r = statusUpdate(nodeS, node(), (o) => ((o.status.capacity.cpu = '8'), (o.spec.unschedulable = true)));
    assert.deepEqual([r.obj.status.capacity.cpu, r.obj.spec.unschedulable], ['8', undefined]);
  });
});

describe('namespace', () => {
  it('adds the kubernetes finalizer, Active phase and the name label', () => {
    const { obj, errors } = create(nsS, { metadata: { name: 'team-a' } });
    assert.deepEqual(errors, []);
    assert.deepEqual(obj.spec, { finalizers: ['kubernetes'] });
    assert.deepEqual(obj.status, { phase: 'Active' });
    assert.deepEqual(obj.metadata.labels, { 'kubernetes.io/metadata.name': 'team-a' });
  });
  const cases: Array<{ name: string; meta: any; want: string[] }> = [
    { name: 'dots not allowed', meta: { name: 'a.b' }, want: ['metadata.name: Invalid value: "a.b": must not contain dots'] },
    {
      // The defaulted kubernetes.io/metadata.name label carries the name, so (as upstream) it fails too.
      name: 'too long',
      meta: { name: 'a'.repeat(64) },
      want: [`metadata.name: Invalid value: "${'a'.repeat(64)}": must be no more than 63 characters`, `metadata.labels: Invalid value: "${'a'.repeat(64)}": must be no more than 63 characters`],
    },
    { name: 'missing name', meta: {}, want: ['metadata.name: Required value: name or generateName is required'] },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(create(nsS, { metadata: c.meta }).errors, c.want));
  it('spec finalizers and status survive a plain update', () => {
    const r = update(nsS, { metadata: { name: 'x' } }, (o) => ((o.spec.finalizers = []), (o.status.phase = 'Terminating')));
    assert.deepEqual([r.obj.spec.finalizers, r.obj.status.phase], [['kubernetes'], 'Active']);
  });
  it('status phase rules', () => {
    assert.deepEqual(statusUpdate(nsS, { metadata: { name: 'x' } }, (o) => (o.status.phase = 'Terminating')).errors, [
      "status.Phase: Invalid value: \"Terminating\": may only be 'Active' if `deletionTimestamp` is empty",
    ]);
  });
});
