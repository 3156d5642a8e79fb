// The merge patch behind `rollout undo` for custom resources, kubectl's revision choice, the
// history table, and the set argument parser.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../apimachinery/types.js';
import { CliError } from '../kube.js';
import { mergePatchFor, pickRevision, renderHistory, revisionTemplate } from './history.js';
import { parseTarget } from './target.js';

test('mergePatchFor produces an RFC 7386 patch that turns one template into the other', () => {
  const cases: Array<[string, unknown, unknown, unknown]> = [
    ['same', { a: 1, b: { c: [1] } }, { a: 1, b: { c: [1] } }, {}],
    ['changed scalar', { a: 1 }, { a: 2 }, { a: 2 }],
    ['removed key becomes null', { a: 1, b: 2 }, { a: 1 }, { b: null }],
    ['nested', { spec: { containers: [{ image: 'x:1' }], dnsPolicy: 'ClusterFirst' } }, { spec: { containers: [{ image: 'x:2' }], dnsPolicy: 'ClusterFirst' } }, { spec: { containers: [{ image: 'x:2' }] } }],
    ['annotation removed', { metadata: { annotations: { r: '1' }, labels: { a: 'b' } } }, { metadata: { labels: { a: 'b' } } }, { metadata: { annotations: null } }],
    ['object replaces scalar', { a: 1 }, { a: { b: 1 } }, { a: { b: 1 } }],
  ];
  for (const [name, from, to, want] of cases) assert.deepEqual(mergePatchFor(from, to), want, name);
});

const rev = (n: number, image: string, extra: Record<string, any> = {}): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'ControllerRevision',
  metadata: { name: `sample-${n}`, namespace: 'default', ...extra },
  revision: n,
  data: { spec: { template: { $patch: 'replace', metadata: { labels: { app: 'sample' } }, spec: { containers: [{ name: 'main', image }] } } } },
});

test('pickRevision: explicit revision, else the second newest; kubectl messages otherwise', () => {
  const revs = [rev(1, 'a'), rev(2, 'b'), rev(3, 'c')];
  assert.equal(pickRevision(revs, 0).revision, 2);
  assert.equal(pickRevision(revs, 1).revision, 1);
  assert.throws(() => pickRevision(revs, 7), (e: unknown) => e instanceof CliError && e.message === 'unable to find specified revision 7 in history');
  assert.throws(() => pickRevision([rev(1, 'a')], 0), /no last revision to roll back to/);
  assert.deepEqual(revisionTemplate(rev(1, 'a')), { metadata: { labels: { app: 'sample' } }, spec: { containers: [{ name: 'main', image: 'a' }] } });
});

test('renderHistory lists revisions with images, state and change cause', () => {
  const t = parseTarget('asts/sample');
  const set: KubeObject = { apiVersion: 'apps.kruise.io/v1beta1', kind: 'StatefulSet', metadata: { name: 'sample' }, status: { currentRevision: 'sample-1', updateRevision: 'sample-2' } };
  const out = renderHistory(t, set, [rev(1, 'nginx:1.25'), rev(2, 'nginx:1.26', { annotations: { 'kubernetes.io/change-cause': 'bump' } })]);
  assert.equal(
    out,
    [
      'statefulset.apps.kruise.io/sample',
      'REVISION   NAME       IMAGES       STATE     CHANGE-CAUSE',
      '1          sample-1   nginx:1.25   current   <none>',
      '2          sample-2   nginx:1.26   update    bump',
      '',
    ].join('\n'),
  );
});

test('parseTarget accepts kubectl and Kruise spellings and names the accepted forms otherwise', () => {
  assert.equal(parseTarget('sts/web').ref.group, 'apps');
  assert.equal(parseTarget('statefulsets.apps/web').display, 'statefulset.apps/web');
  assert.equal(parseTarget('asts/sample').ref.group, 'apps.kruise.io');
  assert.equal(parseTarget('statefulset.apps.kruise.io/sample').kind, 'asts');
  for (const bad of ['web', 'deploy/web', 'sts/']) assert.throws(() => parseTarget(bad), /expected sts\/NAME .* or asts\/NAME/);
});
