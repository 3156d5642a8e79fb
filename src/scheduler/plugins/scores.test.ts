// Table-driven tests of the Score plugins: raw scores, normalization and the weighted total.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scoreNodes, selectHost } from '../framework/schedule-one.js';
import { cycle, node, pod, snapshot } from '../framework/test-helpers.js';
import type { Node, Plugin, Pod } from '../framework/types.js';
import { balancedAllocation, balancedScore } from './balanced-allocation.js';
import { interPodAffinity } from './inter-pod-affinity.js';
import { nodeAffinity } from './node-affinity.js';
import { leastRequestedScore, nodeResourcesFit } from './node-resources-fit.js';
import { defaultNormalize } from './normalize.js';
import { podTopologySpread } from './pod-topology-spread.js';
import { taintToleration } from './taint-toleration.js';

function scores(plugin: Plugin, p: Pod, nodes: Node[], existing: Pod[] = []): Record<string, number> {
  const snap = snapshot(nodes, existing);
  const ctx = cycle(p, snap);
  const total = scoreNodes(ctx, [plugin], snap.nodes);
  const w = plugin.weight ?? 1;
  return Object.fromEntries(snap.nodes.map((n, i) => [n.name, total[i] / w]));
}

const zone = (z: string) => ({ 'topology.kubernetes.io/zone': z });

void describe('score helpers', () => {
  const normalize: Array<[number[], boolean, number[]]> = [
    [[0, 0], false, [0, 0]],
    [[0, 0], true, [100, 100]],
    [[1, 2, 4], false, [25, 50, 100]],
    [[0, 1, 2], true, [100, 50, 0]],
  ];
  for (const [input, reverse, want] of normalize) {
    void it(`defaultNormalize(${input}, reverse=${reverse})`, () => {
      const s = [...input];
      defaultNormalize(s, reverse);
      assert.deepEqual(s, want);
    });
  }
  void it('leastRequestedScore', () => {
    assert.equal(leastRequestedScore(0, 4000), 100);
    assert.equal(leastRequestedScore(1000, 4000), 75);
    assert.equal(leastRequestedScore(5000, 4000), 0);
    assert.equal(leastRequestedScore(1, 0), 0);
  });
  void it('balancedScore', () => {
    assert.equal(balancedScore([0.5, 0.5]), 100);
    assert.equal(balancedScore([0.2, 0.6]), 80);
  });
  void it('selectHost picks only among the top scores and spreads ties', () => {
    const seen = new Set<number>();
    let r = 0;
    const rand = () => ((r = (r * 9301 + 49297) % 233280) / 233280);
    for (let i = 0; i < 200; i++) seen.add(selectHost([5, 9, 1, 9, 9], rand));
    assert.deepEqual([...seen].sort(), [1, 3, 4]);
  });
});

void describe('score plugins', () => {
  void it('NodeResourcesFit LeastAllocated prefers the emptier node (non-zero defaults for request-less pods)', () => {
    const got = scores(nodeResourcesFit, pod('p'), [node('a', { cpu: '1', memory: '1Gi' }), node('b', { cpu: '1', memory: '1Gi' })], [pod('x', { cpu: '500m', memory: '512Mi', nodeName: 'a' })]);
    // a: cpu (1000-600)/1000=40, mem (1024-712)/1024=30 -> 35; b: cpu 90, mem 80 -> 85
    assert.deepEqual(got, { a: 35, b: 85 });
  });
  void it('BalancedAllocation prefers equal cpu/memory utilisation', () => {
    const got = scores(balancedAllocation, pod('p', { cpu: '500m', memory: '256Mi' }), [node('a', { cpu: '1', memory: '1Gi' }), node('b', { cpu: '1', memory: '512Mi' })]);
    assert.deepEqual(got, { a: 87, b: 100 });
  });
  void it('TaintToleration scores untolerated PreferNoSchedule taints, reversed', () => {
    const t = (k: string) => ({ key: k, value: 'v', effect: 'PreferNoSchedule' });
    const got = scores(taintToleration, pod('p', { spec: { tolerations: [{ key: 'ok', operator: 'Exists' }] } }), [
      node('none'),
      node('one', { taints: [t('x')] }),
      node('two', { taints: [t('x'), t('y')] }),
      node('tolerated', { taints: [t('ok')] }),
    ]);
    assert.deepEqual(got, { none: 100, one: 50, two: 0, tolerated: 100 });
  });
  void it('TaintToleration skips scoring (a constant for every node) when no candidate has a PreferNoSchedule taint', () => {
    const p = pod('p');
    const nodes = [node('a'), node('b', { taints: [{ key: 'x', value: 'v', effect: 'NoSchedule' }] })];
    const ctx = cycle(p, snapshot(nodes));
    assert.equal(taintToleration.preScore!(ctx, snapshot(nodes).nodes), true);
    const withPrefer = [node('a'), node('b', { taints: [{ key: 'x', value: 'v', effect: 'PreferNoSchedule' }] })];
    assert.equal(taintToleration.preScore!(cycle(p, snapshot(withPrefer)), snapshot(withPrefer).nodes), false);
  });
  void it('skipping a constant score keeps the weighted ranking of the other plugins', () => {
    const nodes = [node('a', { cpu: '1', memory: '1Gi' }), node('b', { cpu: '2', memory: '2Gi' })];
    const snap = snapshot(nodes);
    const total = scoreNodes(cycle(pod('p'), snap), [nodeResourcesFit, balancedAllocation, taintToleration], snap.nodes);
    assert.ok(total[1] > total[0], JSON.stringify(total));
    assert.equal(selectHost(total), 1);
  });
  void it('NodeAffinity sums preferred weights, normalized to the best node', () => {
    const pref = (weight: number, key: string) => ({ weight, preference: { matchExpressions: [{ key, operator: 'Exists' }] } });
    const p = pod('p', { spec: { affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [pref(80, 'ssd'), pref(20, 'fast')] } } } });
    const got = scores(nodeAffinity, p, [node('both', { labels: { ssd: '1', fast: '1' } }), node('ssd', { labels: { ssd: '1' } }), node('none')]);
    assert.deepEqual(got, { both: 100, ssd: 80, none: 0 });
  });
  void it('InterPodAffinity: preferred anti-affinity pushes away, preferred affinity pulls in', () => {
    const term = (labels: Record<string, string>) => ({ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: labels } });
    const p = pod('p', {
      spec: {
        affinity: {
          podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, podAffinityTerm: term({ app: 'cache' }) }] },
          podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 50, podAffinityTerm: term({ app: 'web' }) }] },
        },
      },
    });
    const existing = [pod('w', { labels: { app: 'web' }, nodeName: 'a' }), pod('c', { labels: { app: 'cache' }, nodeName: 'b' })];
    const got = scores(interPodAffinity, p, [node('a'), node('b'), node('c')], existing);
    // raw a=-50, b=10, c=0 -> (s - min) * 100 / 60
    assert.deepEqual(got, { a: 0, b: 100, c: 83 });
  });
  void it("InterPodAffinity: existing pods' preferred terms count toward the incoming pod", () => {
    const existing = [
      pod('e', {
        nodeName: 'a',
        spec: { affinity: { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 5, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'p' } } } }] } } },
      }),
    ];
    assert.deepEqual(scores(interPodAffinity, pod('p', { labels: { app: 'p' } }), [node('a'), node('b')], existing), { a: 100, b: 0 });
  });
  void it('PodTopologySpread ScheduleAnyway prefers the emptier domain', () => {
    const p = pod('p', {
      labels: { app: 's' },
      spec: { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { app: 's' } } }] },
    });
    const existing = [pod('s0', { labels: { app: 's' }, nodeName: 'a' }), pod('s1', { labels: { app: 's' }, nodeName: 'a' })];
    const got = scores(podTopologySpread, p, [node('a', { labels: zone('z1') }), node('b', { labels: zone('z2') }), node('nolabel')], existing);
    // weight log(2+2); a raw round(2*1.386)=3, b 0 -> a = 100*(3+0-3)/3 = 0, b = 100; unlabeled node ignored (0)
    assert.deepEqual(got, { a: 0, b: 100, nolabel: 0 });
  });
  void it('PodTopologySpread system defaults spread pods of one controller across hosts', () => {
    const owner = [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 's', uid: 'u1', controller: true }];
    const mk = (name: string, nodeName?: string) => {
      const p = pod(name, { nodeName });
      p.metadata.ownerReferences = owner;
      return p;
    };
    const got = scores(podTopologySpread, mk('s-2'), [node('a'), node('b')], [mk('s-0', 'a'), mk('s-1', 'a')]);
    assert.ok(got.b > got.a, JSON.stringify(got));
  });
});
