// Strategic merge patch against built-in kinds, driven by the bodies kubectl and controllers
// really send (apply with $setElementOrder, edit, set image, rollout restart/undo, ClaimPods
// adopt/release, retainKeys on volumes), plus directive semantics and error mapping.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyStrategicMergePatch, decodeStrategicPatch, strategicMergePatch } from './strategic-merge-patch.js';
import { patchMetaFor, type PatchSchema } from './patch-meta.js';
import type { JsonMap } from '../../apimachinery/json-value.js';

function statefulSet(): JsonMap {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'web', namespace: 'default', uid: 'sts-uid', resourceVersion: '7', labels: { app: 'web' } },
    spec: {
      replicas: 3,
      serviceName: 'web',
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            {
              name: 'nginx',
              image: 'nginx:1.24',
              ports: [{ containerPort: 80, name: 'web', protocol: 'TCP' }],
              env: [
                { name: 'A', value: '1' },
                { name: 'B', value: '2' },
              ],
              volumeMounts: [{ name: 'www', mountPath: '/usr/share/nginx/html' }],
            },
            { name: 'sidecar', image: 'busybox:1.36', args: ['sleep', 'inf'] },
          ],
          volumes: [{ name: 'cache', emptyDir: {} }],
          tolerations: [{ key: 'a', operator: 'Exists' }],
        },
      },
      volumeClaimTemplates: [{ metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'] } }],
    },
    status: { replicas: 3, conditions: [{ type: 'Ready', status: 'True' }] },
  };
}

function pod(): JsonMap {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'web-0',
      uid: 'pod-uid',
      finalizers: ['a', 'b'],
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: 'sts-uid', controller: true, blockOwnerDeletion: true }],
    },
    spec: { containers: [{ name: 'nginx', image: 'nginx:1.24' }] },
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'False' }, { type: 'PodScheduled', status: 'True' }] },
  };
}

type Mutator = (o: any) => void;

interface Case {
  name: string;
  kind: string;
  original: () => JsonMap;
  /** The exact JSON body the client sends. */
  body: string;
  /** Applied to a fresh original to build the expected result. */
  want: Mutator;
}

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

const cases: Case[] = [
  {
    name: 'kubectl apply: image change with $setElementOrder and last-applied annotation',
    kind: 'StatefulSet',
    original: statefulSet,
    body: JSON.stringify({
      metadata: { annotations: { [LAST_APPLIED]: '{"apiVersion":"apps/v1","kind":"StatefulSet"}\n' } },
      spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'nginx' }, { name: 'sidecar' }], containers: [{ image: 'nginx:1.25', name: 'nginx' }] } } },
    }),
    want: (o) => {
      o.metadata.annotations = { [LAST_APPLIED]: '{"apiVersion":"apps/v1","kind":"StatefulSet"}\n' };
      o.spec.template.spec.containers[0].image = 'nginx:1.25';
    },
  },
  {
    name: 'kubectl apply: env var removed from the manifest ($patch delete + $setElementOrder/env)',
    kind: 'StatefulSet',
    original: statefulSet,
    body: JSON.stringify({
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'nginx' }, { name: 'sidecar' }],
            containers: [{ '$setElementOrder/env': [{ name: 'A' }], env: [{ $patch: 'delete', name: 'B' }], name: 'nginx' }],
          },
        },
      },
    }),
    want: (o) => {
      o.spec.template.spec.containers[0].env = [{ name: 'A', value: '1' }];
    },
  },
  {
    name: 'kubectl apply: container added first in the manifest',
    kind: 'StatefulSet',
    original: statefulSet,
    body: JSON.stringify({
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'log' }, { name: 'nginx' }, { name: 'sidecar' }],
            containers: [{ image: 'fluentbit:3', name: 'log' }],
          },
        },
      },
    }),
    want: (o) => {
      o.spec.template.spec.containers.unshift({ image: 'fluentbit:3', name: 'log' });
    },
  },
  {
    name: 'kubectl apply: field removed from the manifest is nulled',
    kind: 'StatefulSet',
    original: statefulSet,
    body: '{"spec":{"serviceName":null,"template":{"metadata":{"labels":{"tier":"frontend"}}}}}',
    want: (o) => {
      delete o.spec.serviceName;
      o.spec.template.metadata.labels.tier = 'frontend';
    },
  },
  {
    name: 'kubectl edit: replicas and a new env var',
    kind: 'StatefulSet',
    original: statefulSet,
    body: JSON.stringify({
      spec: {
        replicas: 5,
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'nginx' }, { name: 'sidecar' }],
            containers: [{ '$setElementOrder/env': [{ name: 'A' }, { name: 'B' }, { name: 'C' }], env: [{ name: 'C', value: '3' }], name: 'nginx' }],
          },
        },
      },
    }),
    want: (o) => {
      o.spec.replicas = 5;
      o.spec.template.spec.containers[0].env.push({ name: 'C', value: '3' });
    },
  },
  {
    name: 'kubectl set image',
    kind: 'StatefulSet',
    original: statefulSet,
    body: '{"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"nginx"},{"name":"sidecar"}],"containers":[{"image":"nginx:1.26","name":"nginx"}]}}}}',
    want: (o) => {
      o.spec.template.spec.containers[0].image = 'nginx:1.26';
    },
  },
  {
    name: 'kubectl rollout restart',
    kind: 'StatefulSet',
    original: statefulSet,
    body: '{"spec":{"template":{"metadata":{"annotations":{"kubectl.kubernetes.io/restartedAt":"2025-01-02T03:04:05Z"}}}}}',
    want: (o) => {
      o.spec.template.metadata.annotations = { 'kubectl.kubernetes.io/restartedAt': '2025-01-02T03:04:05Z' };
    },
  },
  {
    name: 'kubectl rollout undo: revision data replaces the whole template',
    kind: 'StatefulSet',
    original: statefulSet,
    body: JSON.stringify({
      spec: {
        template: {
          $patch: 'replace',
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'nginx', image: 'nginx:1.23' }] },
        },
      },
    }),
    want: (o) => {
      o.spec.template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.23' }] } };
    },
  },
  {
    name: 'ClaimPods adopt: ownerReference merged by uid, uid precondition kept',
    kind: 'Pod',
    original: () => {
      const p = pod();
      (p.metadata as any).ownerReferences = [{ apiVersion: 'v1', kind: 'Other', name: 'x', uid: 'other-uid' }];
      return p;
    },
    body: JSON.stringify({
      metadata: {
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: 'sts-uid', controller: true, blockOwnerDeletion: true }],
        uid: 'pod-uid',
      },
    }),
    want: (o) => {
      o.metadata.ownerReferences = [
        { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: 'sts-uid', controller: true, blockOwnerDeletion: true },
        { apiVersion: 'v1', kind: 'Other', name: 'x', uid: 'other-uid' },
      ];
    },
  },
  {
    name: 'ClaimPods release: $patch delete by uid',
    kind: 'Pod',
    original: pod,
    body: '{"metadata":{"ownerReferences":[{"$patch":"delete","uid":"sts-uid"}],"uid":"pod-uid"}}',
    want: (o) => {
      o.metadata.ownerReferences = [];
    },
  },
  {
    name: 'retainKeys on volumes: switching emptyDir to hostPath clears emptyDir',
    kind: 'StatefulSet',
    original: statefulSet,
    body: JSON.stringify({
      spec: {
        template: {
          spec: {
            '$setElementOrder/volumes': [{ name: 'cache' }],
            volumes: [{ $retainKeys: ['hostPath', 'name'], hostPath: { path: '/tmp/cache' }, name: 'cache' }],
          },
        },
      },
    }),
    want: (o) => {
      o.spec.template.spec.volumes = [{ name: 'cache', hostPath: { path: '/tmp/cache' } }];
    },
  },
  {
    name: 'metadata.resourceVersion in the patch is left in the result for the caller to check',
    kind: 'StatefulSet',
    original: statefulSet,
    body: '{"metadata":{"resourceVersion":"7","labels":{"x":"y"}}}',
    want: (o) => {
      o.metadata.labels.x = 'y';
    },
  },
  {
    name: 'pod status conditions merge by type (kubelet status patch)',
    kind: 'Pod',
    original: pod,
    body: '{"status":{"$setElementOrder/conditions":[{"type":"Ready"},{"type":"PodScheduled"}],"conditions":[{"status":"True","type":"Ready"}]}}',
    want: (o) => {
      o.status.conditions[0].status = 'True';
    },
  },
  {
    name: 'finalizers union, $deleteFromPrimitiveList removes',
    kind: 'Pod',
    original: pod,
    body: '{"metadata":{"$setElementOrder/finalizers":["a","c"],"$deleteFromPrimitiveList/finalizers":["b"],"finalizers":["c"]}}',
    want: (o) => {
      o.metadata.finalizers = ['a', 'c'];
    },
  },
  {
    name: 'finalizers without order directive: union, duplicates dropped',
    kind: 'Pod',
    original: pod,
    body: '{"metadata":{"finalizers":["b","z"]}}',
    want: (o) => {
      o.metadata.finalizers = ['a', 'b', 'z'];
    },
  },
  {
    name: 'lists without a strategy are replaced (tolerations, args, volumeClaimTemplates)',
    kind: 'StatefulSet',
    original: statefulSet,
    body: JSON.stringify({
      spec: {
        volumeClaimTemplates: [{ metadata: { name: 'data' } }],
        template: {
          spec: {
            tolerations: [{ key: 'b', operator: 'Exists' }],
            containers: [{ name: 'sidecar', args: ['true'] }],
          },
        },
      },
    }),
    want: (o) => {
      o.spec.volumeClaimTemplates = [{ metadata: { name: 'data' } }];
      o.spec.template.spec.tolerations = [{ key: 'b', operator: 'Exists' }];
      o.spec.template.spec.containers[1].args = ['true'];
    },
  },
  {
    name: 'container ports merge by containerPort, volumeMounts by mountPath',
    kind: 'StatefulSet',
    original: statefulSet,
    body: JSON.stringify({
      spec: {
        template: {
          spec: {
            containers: [
              {
                name: 'nginx',
                ports: [{ containerPort: 443, name: 'tls' }],
                volumeMounts: [{ mountPath: '/usr/share/nginx/html', readOnly: true }],
              },
            ],
          },
        },
      },
    }),
    want: (o) => {
      const c = o.spec.template.spec.containers[0];
      c.ports = [{ containerPort: 443, name: 'tls' }, { containerPort: 80, name: 'web', protocol: 'TCP' }];
      c.volumeMounts[0].readOnly = true;
    },
  },
  {
    name: 'empty merge list leaves the live list alone',
    kind: 'StatefulSet',
    original: statefulSet,
    body: '{"spec":{"template":{"spec":{"containers":[]}}}}',
    want: () => undefined,
  },
  {
    name: '$patch replace inside a merging list replaces the list',
    kind: 'StatefulSet',
    original: statefulSet,
    body: '{"spec":{"template":{"spec":{"containers":[{"$patch":"replace"},{"name":"only","image":"x"}]}}}}',
    want: (o) => {
      o.spec.template.spec.containers = [{ name: 'only', image: 'x' }];
    },
  },
  {
    name: '$patch delete on a map clears it; null deletes a key',
    kind: 'StatefulSet',
    original: statefulSet,
    body: '{"spec":{"selector":{"$patch":"delete"},"serviceName":null}}',
    want: (o) => {
      o.spec.selector = {};
      delete o.spec.serviceName;
    },
  },
  {
    name: 'directives inside values new to the object are never stored',
    kind: 'StatefulSet',
    original: statefulSet,
    body: JSON.stringify({
      spec: {
        template: {
          spec: {
            containers: [{ name: 'new', image: 'x', '$setElementOrder/env': [{ name: 'E' }], env: [{ name: 'E', value: null }] }],
            nodeSelector: { $patch: 'replace', disk: 'ssd' },
            affinity: { podAffinity: { '$retainKeys': ['x'] }, nodeAffinity: null },
          },
        },
      },
    }),
    want: (o) => {
      o.spec.template.spec.containers.unshift({ name: 'new', image: 'x', env: [{ name: 'E' }] });
      o.spec.template.spec.affinity = { podAffinity: {} };
    },
  },
  {
    name: 'service ports merge by port; node addresses by type',
    kind: 'Service',
    original: () => ({ kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: 80, targetPort: 8080 }] } }),
    body: '{"spec":{"ports":[{"port":80,"name":"http"},{"port":443}]}}',
    want: (o) => {
      o.spec.ports = [{ port: 80, targetPort: 8080, name: 'http' }, { port: 443 }];
    },
  },
  {
    name: 'node status addresses merge by type',
    kind: 'Node',
    original: () => ({ kind: 'Node', metadata: { name: 'n' }, status: { addresses: [{ type: 'InternalIP', address: '10.0.0.1' }] } }),
    body: '{"status":{"addresses":[{"type":"Hostname","address":"n"}]}}',
    want: (o) => {
      o.status.addresses = [{ type: 'Hostname', address: 'n' }, { type: 'InternalIP', address: '10.0.0.1' }];
    },
  },
  {
    name: 'null patch body is an empty patch',
    kind: 'Pod',
    original: pod,
    body: 'null',
    want: () => undefined,
  },
];

for (const c of cases) {
  void test(`smp: ${c.name}`, () => {
    const original = c.original();
    const before = structuredClone(original);
    const got = applyStrategicMergePatch(original, c.body, patchMetaFor(c.kind));
    const want = c.original() as any;
    c.want(want);
    assert.deepEqual(got, want);
    assert.deepEqual(original, before, 'original must not be mutated');
  });
}

void test('smp: a "__proto__" key is stored as data, never as a prototype', () => {
  const got = applyStrategicMergePatch({ metadata: { name: 'x' } }, '{"metadata":{"labels":{"__proto__":{"polluted":"yes"}}}}', patchMetaFor('Pod'));
  const labels = (got.metadata as any).labels;
  assert.equal(Object.getPrototypeOf(labels), Object.prototype);
  assert.deepEqual(Object.keys(labels), ['__proto__']);
  assert.equal(({} as any).polluted, undefined);
});

void test('smp: the patch object passed in is not mutated either', () => {
  const patch = { spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'nginx' }], containers: [{ name: 'nginx', image: 'n' }] } } } };
  const before = structuredClone(patch);
  strategicMergePatch(statefulSet(), patch, patchMetaFor('StatefulSet'));
  assert.deepEqual(patch, before);
});

const generic: PatchSchema = { list: { strategy: 'merge', mergeKey: 'name' }, prims: { strategy: 'merge' } };

interface ErrorCase {
  name: string;
  original?: JsonMap;
  body: string;
  code: number;
  reason?: string;
  message: string | RegExp;
}

const errorCases: ErrorCase[] = [
  { name: 'syntax error', body: '{"a":}', code: 400, reason: 'BadRequest', message: "invalid character '}' looking for beginning of value" },
  { name: 'array body', body: '[]', code: 400, reason: 'BadRequest', message: 'json: cannot unmarshal array into Go value of type map[string]interface {}' },
  { name: 'retainKeys not a list', body: '{"m":{"$retainKeys":"a"}}', code: 400, reason: 'BadRequest', message: 'invalid patch format of retainKeys' },
  { name: 'patch key missing from retainKeys', body: '{"m":{"$retainKeys":["a"],"b":1}}', code: 400, reason: 'BadRequest', message: 'invalid patch format of retainKeys' },
  { name: 'bad deleteFromPrimitiveList key', body: '{"$deleteFromPrimitiveListprims":["a"]}', code: 400, reason: 'BadRequest', message: 'invalid patch format of primitive list' },
  { name: 'bad setElementOrder key', body: '{"$setElementOrderlist":[]}', code: 400, reason: 'BadRequest', message: 'invalid patch format of setElementOrder list' },
  {
    name: 'list of lists',
    original: { prims: [['a']] },
    body: '{"prims":[["b"]]}',
    code: 422,
    reason: 'Invalid',
    message: 'the server rejected our request due to an error in our request',
  },
  {
    name: 'merge key missing from a patch element',
    original: { list: [{ name: 'a' }] },
    body: '{"list":[{"image":"nginx"}]}',
    code: 500,
    message: 'map: map[image:nginx] does not contain declared merge key: name',
  },
  { name: 'unknown map directive', original: { m: { a: 1 } }, body: '{"m":{"$patch":"merge"}}', code: 500, message: 'unknown patch type: merge in map: map[$patch:merge]' },
  {
    name: 'merge directive inside a list',
    original: { list: [{ name: 'a' }] },
    body: '{"list":[{"$patch":"merge","name":"a"}]}',
    code: 500,
    message: 'merging lists cannot yet be specified in the patch',
  },
  {
    name: 'mixed element types',
    original: { prims: ['a'] },
    body: '{"prims":[1]}',
    code: 500,
    message: 'list element types are not identical: [[a] [1]]',
  },
];

for (const c of errorCases) {
  void test(`smp error: ${c.name}`, () => {
    assert.throws(
      () => applyStrategicMergePatch(c.original ?? { m: { a: 1 } }, c.body, generic),
      (e: any) => {
        assert.equal(e.name, 'ApiError');
        assert.equal(e.code, c.code);
        assert.equal(e.status.reason, c.reason);
        if (typeof c.message === 'string') assert.equal(e.message, c.message);
        else assert.match(e.message, c.message);
        return true;
      },
    );
  });
}

void test('decodeStrategicPatch returns the object as sent', () => {
  assert.deepEqual(decodeStrategicPatch('{"a":{"$patch":"delete"}}'), { a: { $patch: 'delete' } });
});

void test('smp: directives stored in an opaque field (ControllerRevision data) survive a metadata patch', () => {
  // The StatefulSet controller adopts orphaned revisions with an ownerReferences patch; the
  // revision's data is itself a strategic patch holding "$patch": "replace" and must not change.
  const revision = {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: { name: 'web-abc', namespace: 'default', uid: 'r1' },
    data: { spec: { template: { $patch: 'replace', spec: { containers: [{ name: 'c', image: 'nginx' }] } } } },
    revision: 1,
  };
  const patch = { metadata: { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: 's1', controller: true }], uid: 'r1' } };
  const out = strategicMergePatch(revision as unknown as JsonMap, patch as unknown as JsonMap, patchMetaFor('ControllerRevision'));
  assert.deepEqual(out.data, revision.data);
  assert.equal((out.metadata as any).ownerReferences.length, 1);
});
