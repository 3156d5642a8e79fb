import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../apimachinery/types.js';
import { POD_UPDATABLE_FIELDS, podStrategy as s } from './pod.js';
import { create, statusUpdate, update } from './test-helpers.js';

function pod(mut: (o: any) => void = () => {}): KubeObject {
  const o: any = {
    metadata: { name: 'web-0', namespace: 'default' },
    spec: { containers: [{ name: 'app', image: 'nginx:1.25', ports: [{ containerPort: 80 }], readinessProbe: { httpGet: { port: 80 } } }] },
  };
  mut(o);
  return o;
}

describe('pod defaults and admission', () => {
  it('fills PodSpec, Pod and admission-plugin defaults', () => {
    const { obj, errors } = create(s, pod());
    assert.deepEqual(errors, []);
    const { containers, tolerations, ...spec } = obj.spec;
    assert.deepEqual(spec, {
      dnsPolicy: 'ClusterFirst',
      restartPolicy: 'Always',
      securityContext: {},
      terminationGracePeriodSeconds: 30,
      schedulerName: 'default-scheduler',
      enableServiceLinks: true,
      serviceAccountName: 'default',
      serviceAccount: 'default',
      priority: 0,
      preemptionPolicy: 'PreemptLowerPriority',
    });
    assert.deepEqual(tolerations, [
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ]);
    assert.deepEqual(containers[0], {
      name: 'app',
      image: 'nginx:1.25',
      imagePullPolicy: 'IfNotPresent',
      terminationMessagePath: '/dev/termination-log',
      terminationMessagePolicy: 'File',
      ports: [{ containerPort: 80, protocol: 'TCP' }],
      readinessProbe: { httpGet: { port: 80, path: '/', scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 },
    });
    assert.deepEqual(obj.status, { phase: 'Pending', qosClass: 'BestEffort' });
  });
  it('keeps an existing matching toleration and copies limits into requests', () => {
    const { obj } = create(
      s,
      pod((o) => {
        o.spec.tolerations = [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 10 }];
        o.spec.containers[0].resources = { limits: { cpu: '1', memory: '1Gi' } };
      }),
    );
    assert.equal(obj.spec.tolerations.length, 2);
    assert.equal(obj.spec.tolerations[0].tolerationSeconds, 10);
    assert.deepEqual(obj.spec.containers[0].resources.requests, { cpu: '1', memory: '1Gi' });
    assert.equal(obj.status.qosClass, 'Guaranteed');
  });
  it('a volume without a source becomes an emptyDir; configMap gets defaultMode 420', () => {
    const { obj } = create(s, pod((o) => (o.spec.volumes = [{ name: 'a' }, { name: 'b', configMap: { name: 'c' } }])));
    assert.deepEqual(obj.spec.volumes, [{ name: 'a', emptyDir: {} }, { name: 'b', configMap: { name: 'c', defaultMode: 420 } }]);
  });
});

describe('pod create validation', () => {
  const cases: Array<{ name: string; mut: (o: any) => void; want: string[] }> = [
    { name: 'valid', mut: () => {}, want: [] },
    { name: 'no containers', mut: (o) => (o.spec.containers = []), want: ['spec.containers: Required value'] },
    { name: 'missing image', mut: (o) => delete o.spec.containers[0].image, want: ['spec.containers[0].image: Required value'] },
    {
      name: 'duplicate container names',
      mut: (o) => o.spec.containers.push({ name: 'app', image: 'busybox' }),
      want: ['spec.containers[1].name: Duplicate value: "app"'],
    },
    { name: 'init/app name clash', mut: (o) => (o.spec.initContainers = [{ name: 'app', image: 'busybox' }]), want: ['spec.containers[0].name: Duplicate value: "app"'] },
    { name: 'port out of range', mut: (o) => (o.spec.containers[0].ports[0].containerPort = 70000), want: ['spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive'] },
    { name: 'bad protocol', mut: (o) => (o.spec.containers[0].ports[0].protocol = 'HTTP'), want: ['spec.containers[0].ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"'] },
    {
      name: 'requests above limits',
      mut: (o) => (o.spec.containers[0].resources = { requests: { cpu: '2' }, limits: { cpu: '1' } }),
      want: ['spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1'],
    },
    { name: 'bad restartPolicy', mut: (o) => (o.spec.restartPolicy = 'Sometimes'), want: ['spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"'] },
    {
      name: 'duplicate volume names',
      mut: (o) => (o.spec.volumes = [{ name: 'v', emptyDir: {} }, { name: 'v', emptyDir: {} }]),
      want: ['spec.volumes[1].name: Duplicate value: "v"'],
    },
    { name: 'mount of missing volume', mut: (o) => (o.spec.containers[0].volumeMounts = [{ name: 'data', mountPath: '/d' }]), want: ['spec.containers[0].volumeMounts[0].name: Not found: "data"'] },
    {
      name: 'bad readiness gate',
      mut: (o) => (o.spec.readinessGates = [{ conditionType: 'a/b/c' }]),
      want: [
        "spec.readinessGates[0].conditionType: Invalid value: \"a/b/c\": a valid label key must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
      ],
    },
    { name: 'hostname with dots', mut: (o) => (o.spec.hostname = 'a.b'), want: ['spec.hostname: Invalid value: "a.b": must not contain dots'] },
    {
      name: 'bad nodeName',
      mut: (o) => (o.spec.nodeName = 'Node_1'),
      want: [
        "spec.nodeName: Invalid value: \"Node_1\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      ],
    },
    { name: 'liveness successThreshold', mut: (o) => (o.spec.containers[0].livenessProbe = { exec: { command: ['true'] }, successThreshold: 2 }), want: ['spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1'] },
    {
      name: 'toleration seconds without NoExecute',
      mut: (o) => (o.spec.tolerations = [{ key: 'k', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 5 }]),
      want: ["spec.tolerations[0].effect: Invalid value: \"NoSchedule\": effect must be 'NoExecute' when `tolerationSeconds` is set"],
    },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(create(s, pod(c.mut)).errors, c.want));
});

describe('pod update validation', () => {
  const prefix = `spec: Forbidden: pod updates may not change fields other than ${POD_UPDATABLE_FIELDS.join(',')}\n`;
  const cases: Array<{ name: string; mut: (o: any) => void; want?: string[]; forbidden?: boolean }> = [
    { name: 'image change', mut: (o) => (o.spec.containers[0].image = 'nginx:2'), want: [] },
    { name: 'labels change', mut: (o) => (o.metadata.labels = { a: 'b' }), want: [] },
    { name: 'activeDeadlineSeconds set', mut: (o) => (o.spec.activeDeadlineSeconds = 30), want: [] },
    { name: 'toleration added', mut: (o) => o.spec.tolerations.push({ key: 'x', operator: 'Exists' }), want: [] },
    { name: 'toleration removed', mut: (o) => o.spec.tolerations.pop(), want: ['spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds'] },
    { name: 'port change', mut: (o) => (o.spec.containers[0].ports[0].containerPort = 81), forbidden: true },
    { name: 'grace period change', mut: (o) => (o.spec.terminationGracePeriodSeconds = 5), forbidden: true },
    { name: 'add container', mut: (o) => o.spec.containers.push({ name: 'b', image: 'busybox' }), want: ['spec.containers: Forbidden: pod updates may not add or remove containers'] },
    { name: 'drop image', mut: (o) => (o.spec.containers[0].image = ''), want: ['spec.containers[0].image: Required value', 'spec.containers[0].image: Required value'] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const { errors } = update(s, pod(), c.mut);
      if (c.forbidden) {
        assert.equal(errors.length, 1);
        assert.ok(errors[0]!.startsWith(prefix), errors[0]);
      } else assert.deepEqual(errors, c.want);
    });
  }
  it('rendered prefix is upstream text', () => {
    assert.equal(
      prefix.trim(),
      'spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
    );
  });
  it('activeDeadlineSeconds may only decrease', () => {
    const base = pod((o) => (o.spec.activeDeadlineSeconds = 10));
    assert.deepEqual(update(s, base, (o) => (o.spec.activeDeadlineSeconds = 20)).errors, ['spec.activeDeadlineSeconds: Invalid value: 20: must be less than or equal to previous value']);
    assert.deepEqual(update(s, base, (o) => delete o.spec.activeDeadlineSeconds).errors, ['spec.activeDeadlineSeconds: Invalid value: null: must not update from a positive integer to nil value']);
  });
  it('main-resource update keeps status; status update keeps spec and ownerReferences', () => {
    const u = update(s, pod(), (o) => (o.status = { phase: 'Running' }));
    assert.equal(u.obj.status.phase, 'Pending');
    const su = statusUpdate(s, pod(), (o) => {
      o.status = { phase: 'Running' };
      o.spec.containers[0].image = 'changed';
      o.metadata.ownerReferences = [{ apiVersion: 'v1', kind: 'X', name: 'x', uid: 'u' }];
    });
    assert.equal(su.obj.status.phase, 'Running');
    assert.equal(su.obj.spec.containers[0].image, 'nginx:1.25');
    assert.equal(su.obj.metadata.ownerReferences, undefined);
    assert.deepEqual(su.errors, []);
  });
  it('a terminal phase is final', () => {
    const base = create(s, pod()).obj;
    base.status.phase = 'Succeeded';
    const obj = structuredClone(base);
    obj.status.phase = 'Running';
    assert.deepEqual(s.validateStatusUpdate!(obj, base).map((e) => e.field + ': ' + e.detail), ['status.phase: cannot transition from Succeeded to Running']);
  });
});
