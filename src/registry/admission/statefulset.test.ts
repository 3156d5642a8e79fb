import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../apimachinery/types.js';
import { fieldErrorString } from '../../apimachinery/field-errors.js';
import { NEGATIVE_HISTORY_WARNING, STS_SPEC_FORBIDDEN, statefulSetStrategy as s } from './statefulset.js';
import { create, statusUpdate, update } from './test-helpers.js';

function sts(mut: (o: any) => void = () => {}): KubeObject {
  const o: any = {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      serviceName: 'nginx',
      selector: { matchLabels: { app: 'nginx' } },
      template: {
        metadata: { labels: { app: 'nginx' } },
        spec: { containers: [{ name: 'nginx', image: 'nginx', volumeMounts: [{ name: 'www', mountPath: '/usr/share/nginx/html' }] }] },
      },
      volumeClaimTemplates: [{ metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
    },
  };
  mut(o);
  return o;
}

describe('statefulset defaults', () => {
  const cases: Array<{ name: string; mut: (o: any) => void; path: (o: any) => unknown; want: unknown }> = [
    { name: 'omitted updateStrategy materializes rollingUpdate', mut: () => {}, path: (o) => o.spec.updateStrategy, want: { type: 'RollingUpdate', rollingUpdate: { partition: 0, maxUnavailable: 1 } } },
    { name: 'explicit RollingUpdate type leaves rollingUpdate nil', mut: (o) => (o.spec.updateStrategy = { type: 'RollingUpdate' }), path: (o) => o.spec.updateStrategy, want: { type: 'RollingUpdate' } },
    { name: 'OnDelete stays bare', mut: (o) => (o.spec.updateStrategy = { type: 'OnDelete' }), path: (o) => o.spec.updateStrategy, want: { type: 'OnDelete' } },
    { name: 'partial rollingUpdate gets partition and maxUnavailable', mut: (o) => (o.spec.updateStrategy = { type: 'RollingUpdate', rollingUpdate: { partition: 2 } }), path: (o) => o.spec.updateStrategy.rollingUpdate, want: { partition: 2, maxUnavailable: 1 } },
    { name: 'replicas 1', mut: () => {}, path: (o) => o.spec.replicas, want: 1 },
    { name: 'explicit replicas 0 kept', mut: (o) => (o.spec.replicas = 0), path: (o) => o.spec.replicas, want: 0 },
    { name: 'revisionHistoryLimit 10', mut: () => {}, path: (o) => o.spec.revisionHistoryLimit, want: 10 },
    { name: 'podManagementPolicy OrderedReady', mut: () => {}, path: (o) => o.spec.podManagementPolicy, want: 'OrderedReady' },
    { name: 'retention policy Retain/Retain', mut: () => {}, path: (o) => o.spec.persistentVolumeClaimRetentionPolicy, want: { whenDeleted: 'Retain', whenScaled: 'Retain' } },
    { name: 'partial retention policy', mut: (o) => (o.spec.persistentVolumeClaimRetentionPolicy = { whenDeleted: 'Delete' }), path: (o) => o.spec.persistentVolumeClaimRetentionPolicy, want: { whenDeleted: 'Delete', whenScaled: 'Retain' } },
    {
      name: 'template pod spec defaults',
      mut: () => {},
      path: (o) => {
        const { containers: _c, ...rest } = o.spec.template.spec;
        return rest;
      },
      want: { restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', schedulerName: 'default-scheduler', securityContext: {}, terminationGracePeriodSeconds: 30 },
    },
    {
      name: 'template container defaults (untagged image pulls Always)',
      mut: () => {},
      path: (o) => {
        const { name: _n, image: _i, volumeMounts: _v, ...rest } = o.spec.template.spec.containers[0];
        return rest;
      },
      want: { imagePullPolicy: 'Always', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' },
    },
    { name: 'tagged image pulls IfNotPresent', mut: (o) => (o.spec.template.spec.containers[0].image = 'nginx:1.25'), path: (o) => o.spec.template.spec.containers[0].imagePullPolicy, want: 'IfNotPresent' },
    { name: 'registry with port, no tag pulls Always', mut: (o) => (o.spec.template.spec.containers[0].image = 'localhost:5000/nginx'), path: (o) => o.spec.template.spec.containers[0].imagePullPolicy, want: 'Always' },
    { name: 'digest pulls IfNotPresent', mut: (o) => (o.spec.template.spec.containers[0].image = 'nginx@sha256:abc'), path: (o) => o.spec.template.spec.containers[0].imagePullPolicy, want: 'IfNotPresent' },
    { name: 'template gets no pod-only defaults', mut: () => {}, path: (o) => [o.spec.template.spec.enableServiceLinks, o.spec.template.spec.tolerations], want: [undefined, undefined] },
    {
      name: 'volumeClaimTemplates defaulted as PVCs',
      mut: () => {},
      path: (o) => o.spec.volumeClaimTemplates[0],
      want: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, volumeMode: 'Filesystem' }, status: { phase: 'Pending' } },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const { obj, errors } = create(s, sts(c.mut));
      assert.deepEqual(errors, []);
      assert.deepEqual(c.path(obj), c.want);
    });
  }
});

describe('statefulset create validation', () => {
  const cases: Array<{ name: string; mut: (o: any) => void; want: string[] }> = [
    { name: 'valid', mut: () => {}, want: [] },
    { name: 'negative replicas', mut: (o) => (o.spec.replicas = -1), want: ['spec.replicas: Invalid value: -1: must be greater than or equal to 0'] },
    { name: 'negative minReadySeconds', mut: (o) => (o.spec.minReadySeconds = -5), want: ['spec.minReadySeconds: Invalid value: -5: must be greater than or equal to 0'] },
    { name: 'negative ordinals.start', mut: (o) => (o.spec.ordinals = { start: -1 }), want: ['spec.ordinals.start: Invalid value: -1: must be greater than or equal to 0'] },
    { name: 'missing selector', mut: (o) => delete o.spec.selector, want: ['spec.selector: Required value'] },
    { name: 'empty selector', mut: (o) => (o.spec.selector = {}), want: ['spec.selector: Invalid value: map[]: empty selector is invalid for statefulset'] },
    {
      name: 'selector does not match template',
      mut: (o) => (o.spec.template.metadata.labels = { app: 'other' }),
      want: ['spec.template.metadata.labels: Invalid value: map[app:other]: `selector` does not match template `labels`'],
    },
    { name: 'restartPolicy Never', mut: (o) => (o.spec.template.spec.restartPolicy = 'Never'), want: ['spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"'] },
    {
      name: 'activeDeadlineSeconds',
      mut: (o) => (o.spec.template.spec.activeDeadlineSeconds = 10),
      want: ['spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in StatefulSet is not Supported'],
    },
    { name: 'bad podManagementPolicy', mut: (o) => (o.spec.podManagementPolicy = 'Foo'), want: ['spec.podManagementPolicy: Invalid value: "Foo": must be \'OrderedReady\' or \'Parallel\''] },
    { name: 'bad updateStrategy type', mut: (o) => (o.spec.updateStrategy = { type: 'Rolling' }), want: ['spec.updateStrategy: Invalid value: map[type:Rolling]: must be \'RollingUpdate\' or \'OnDelete\''] },
    {
      name: 'OnDelete with rollingUpdate',
      mut: (o) => (o.spec.updateStrategy = { type: 'OnDelete', rollingUpdate: { partition: 1 } }),
      want: ["spec.updateStrategy.rollingUpdate: Invalid value: map[partition:1]: only allowed for updateStrategy 'RollingUpdate'"],
    },
    { name: 'negative partition', mut: (o) => (o.spec.updateStrategy = { type: 'RollingUpdate', rollingUpdate: { partition: -1 } }), want: ['spec.updateStrategy.rollingUpdate.partition: Invalid value: -1: must be greater than or equal to 0'] },
    { name: 'maxUnavailable 0', mut: (o) => (o.spec.updateStrategy = { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0 } }), want: ['spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: 0: cannot be 0'] },
    {
      name: 'maxUnavailable 150%',
      mut: (o) => (o.spec.updateStrategy = { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '150%' } }),
      want: ['spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: "150%": must not be greater than 100%'],
    },
    {
      name: 'maxUnavailable not a percent',
      mut: (o) => (o.spec.updateStrategy = { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 'x' } }),
      want: [
        "spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: \"x\": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
        'spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: "x": cannot be 0',
      ],
    },
    {
      name: 'bad retention policy',
      mut: (o) => (o.spec.persistentVolumeClaimRetentionPolicy = { whenDeleted: 'Keep', whenScaled: 'Delete' }),
      want: ['spec.persistentVolumeClaimRetentionPolicy.whenDeleted: Unsupported value: "Keep": supported values: "Retain", "Delete"'],
    },
    { name: 'name with dots (DNS label)', mut: (o) => (o.metadata.name = 'web.v1'), want: ['metadata.name: Invalid value: "web.v1": must not contain dots'] },
    {
      name: 'uppercase name',
      mut: (o) => (o.metadata.name = 'Web'),
      want: [
        "metadata.name: Invalid value: \"Web\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
      ],
    },
    { name: 'missing name', mut: (o) => delete o.metadata.name, want: ['metadata.name: Required value: name or generateName is required'] },
    { name: 'missing namespace', mut: (o) => delete o.metadata.namespace, want: ['metadata.namespace: Required value'] },
    { name: 'container without image', mut: (o) => delete o.spec.template.spec.containers[0].image, want: ['spec.template.spec.containers[0].image: Required value'] },
    {
      name: 'mount of an unknown volume',
      mut: (o) => (o.spec.template.spec.containers[0].volumeMounts[0].name = 'nope'),
      want: ['spec.template.spec.containers[0].volumeMounts[0].name: Not found: "nope"'],
    },
    {
      name: 'bad template label value',
      mut: (o) => {
        o.spec.template.metadata.labels.bad = 'a b';
      },
      want: [
        "spec.template.labels: Invalid value: \"a b\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
      ],
    },
  ];
  for (const c of cases) {
    it(c.name, () => assert.deepEqual(create(s, sts(c.mut)).errors, c.want));
  }
});

describe('statefulset update validation', () => {
  const forbidden = `spec: Forbidden: ${STS_SPEC_FORBIDDEN}`;
  const cases: Array<{ name: string; mut: (o: any) => void; want: string[] }> = [
    { name: 'scale', mut: (o) => (o.spec.replicas = 5), want: [] },
    { name: 'template image', mut: (o) => (o.spec.template.spec.containers[0].image = 'nginx:2'), want: [] },
    { name: 'updateStrategy', mut: (o) => (o.spec.updateStrategy = { type: 'OnDelete' }), want: [] },
    { name: 'minReadySeconds', mut: (o) => (o.spec.minReadySeconds = 3), want: [] },
    { name: 'ordinals', mut: (o) => (o.spec.ordinals = { start: 3 }), want: [] },
    { name: 'retention policy', mut: (o) => (o.spec.persistentVolumeClaimRetentionPolicy = { whenDeleted: 'Delete', whenScaled: 'Delete' }), want: [] },
    { name: 'revisionHistoryLimit', mut: (o) => (o.spec.revisionHistoryLimit = 2), want: [] },
    { name: 'serviceName', mut: (o) => (o.spec.serviceName = 'other'), want: [forbidden] },
    { name: 'podManagementPolicy', mut: (o) => (o.spec.podManagementPolicy = 'Parallel'), want: [forbidden] },
    { name: 'volumeClaimTemplates', mut: (o) => (o.spec.volumeClaimTemplates[0].spec.resources.requests.storage = '2Gi'), want: [forbidden] },
    {
      name: 'selector',
      mut: (o) => {
        o.spec.selector.matchLabels.tier = 'web';
        o.spec.template.metadata.labels.tier = 'web';
      },
      want: [forbidden],
    },
    { name: 'negative replicas', mut: (o) => (o.spec.replicas = -1), want: ['spec.replicas: Invalid value: -1: must be greater than or equal to 0'] },
    { name: 'rename', mut: (o) => (o.metadata.name = 'web2'), want: ['metadata.name: Invalid value: "web2": field is immutable'] },
    { name: 'uid change', mut: (o) => (o.metadata.uid = 'other'), want: ['metadata.uid: Invalid value: "other": field is immutable'] },
  ];
  for (const c of cases) {
    it(c.name, () => assert.deepEqual(update(s, sts(), c.mut).errors, c.want));
  }
  it('message matches the kubectl-visible prefix', () => {
    assert.match(STS_SPEC_FORBIDDEN, /^updates to statefulset spec for fields other than/);
  });
});

describe('statefulset status validation', () => {
  const cases: Array<{ name: string; status: any; oldStatus?: any; want: string[] }> = [
    { name: 'valid', status: { replicas: 3, readyReplicas: 2, availableReplicas: 2, currentReplicas: 3, updatedReplicas: 1 }, want: [] },
    {
      // Like upstream, zero counts are then "greater than" the negative replicas too.
      name: 'negative replicas',
      status: { replicas: -1 },
      want: [
        'status.replicas: Invalid value: -1: must be greater than or equal to 0',
        'status.readyReplicas: Invalid value: 0: cannot be greater than status.replicas',
        'status.currentReplicas: Invalid value: 0: cannot be greater than status.replicas',
        'status.updatedReplicas: Invalid value: 0: cannot be greater than status.replicas',
        'status.availableReplicas: Invalid value: 0: cannot be greater than status.replicas',
      ],
    },
    { name: 'ready > replicas', status: { replicas: 1, readyReplicas: 2, availableReplicas: 0 }, want: ['status.readyReplicas: Invalid value: 2: cannot be greater than status.replicas'] },
    {
      name: 'available > ready',
      status: { replicas: 3, readyReplicas: 1, availableReplicas: 2 },
      want: ['status.availableReplicas: Invalid value: 2: cannot be greater than status.readyReplicas'],
    },
    { name: 'collisionCount decremented', status: { replicas: 0, collisionCount: 1 }, oldStatus: { replicas: 0, collisionCount: 2 }, want: ['status.collisionCount: Invalid value: 1: cannot be decremented'] },
    { name: 'collisionCount dropped', status: { replicas: 0 }, oldStatus: { replicas: 0, collisionCount: 2 }, want: ['status.collisionCount: Invalid value: 0: cannot be decremented'] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const base = create(s, sts()).obj;
      base.status = c.oldStatus ?? { replicas: 0 };
      const obj = structuredClone(base);
      obj.status = c.status;
      s.prepareForStatusUpdate!(obj, base);
      assert.deepEqual(s.validateStatusUpdate!(obj, base).map(fieldErrorString), c.want);
    });
  }
});

describe('statefulset registry behaviour', () => {
  it('create wipes status and sets generation 1', () => {
    const { obj } = create(s, sts((o) => (o.status = { replicas: 9 })));
    assert.deepEqual(obj.status, { replicas: 0, availableReplicas: 0 });
    assert.equal(obj.metadata.generation, 1);
  });
  it('update keeps status and bumps generation only when the spec changes', () => {
    const changed = update(s, sts(), (o) => {
      o.spec.replicas = 4;
      o.status = { replicas: 100 };
    });
    assert.deepEqual(changed.obj.status, changed.old.status);
    assert.equal(changed.obj.metadata.generation, 2);
    const labelsOnly = update(s, sts(), (o) => (o.metadata.labels = { a: 'b' }));
    assert.equal(labelsOnly.obj.metadata.generation, 1);
  });
  it('an undefaulted but equivalent spec does not bump generation', () => {
    const r = update(s, sts(), (o) => {
      delete o.spec.revisionHistoryLimit;
      delete o.spec.template.spec.dnsPolicy;
      delete o.spec.updateStrategy;
    });
    assert.deepEqual(r.errors, []);
    assert.equal(r.obj.metadata.generation, 1);
  });
  it('status update keeps spec and generation', () => {
    const r = statusUpdate(s, sts(), (o) => {
      o.spec.replicas = 50;
      o.metadata.generation = 7;
      o.status = { replicas: 1, readyReplicas: 1, availableReplicas: 1, observedGeneration: 1 };
    });
    assert.equal(r.obj.spec.replicas, 1);
    assert.equal(r.obj.metadata.generation, 1);
    assert.equal(r.obj.status.readyReplicas, 1);
    assert.deepEqual(r.errors, []);
  });
  it('warns about a negative revisionHistoryLimit', () => {
    const { obj } = create(s, sts((o) => (o.spec.revisionHistoryLimit = -1)));
    assert.deepEqual(s.warnings!(obj), [NEGATIVE_HISTORY_WARNING]);
    assert.equal(NEGATIVE_HISTORY_WARNING, 'spec.revisionHistoryLimit: a negative value retains all historical revisions; a value >= 0 is recommended');
    assert.deepEqual(s.warnings!(create(s, sts()).obj), []);
  });
});
