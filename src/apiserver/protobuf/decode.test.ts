// Decoding of real kubectl 1.32 protobuf bodies (captured with -v=9 into testdata/) and of
// synthetic payloads that exercise the rarer paths: Time, bytes maps, IntOrString, packed
// repeated, pointer zero values, embedded messages, unknown fields and the HTTP error mapping.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiError } from '../../apimachinery/errors.js';
import { decodeMessage } from './decode-message.js';
import { decodeProtobufRequest, readEnvelope } from './index.js';
import { allReferencedTypes, hasMessage, SCALARS, SPECIAL } from './schema.js';
import { envelope, WireWriter } from './wire-writer.js';
import { WireReader } from './wire-reader.js';

const fixture = (name: string): Buffer =>
  readFileSync(join(import.meta.dirname, 'testdata', name.startsWith('kubectl-') ? `${name}.bin` : `kubectl-create-${name}.bin`));

const captured: Array<[string, string, Record<string, unknown>]> = [
  ['ns', 'kubectl create namespace tst', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'tst' }, spec: {}, status: {} }],
  ['cm', 'kubectl create configmap cm1 --from-literal a=1 b=two -n default', {
    apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm1', namespace: 'default' }, data: { a: '1', b: 'two' },
  }],
  ['secret', 'kubectl create secret generic s1 --from-literal user=admin pw=p@ss', {
    apiVersion: 'v1', kind: 'Secret', metadata: { name: 's1', namespace: 'default' },
    data: { pw: Buffer.from('p@ss').toString('base64'), user: Buffer.from('admin').toString('base64') },
  }],
  ['sa', 'kubectl create serviceaccount sa1', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'sa1' } }],
  ['svc', 'kubectl create service clusterip svc1 --tcp 80:8080 --tcp 443:8443', {
    apiVersion: 'v1', kind: 'Service', metadata: { name: 'svc1', labels: { app: 'svc1' } },
    spec: {
      ports: [
        { name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080 },
        { name: '443-8443', protocol: 'TCP', port: 443, targetPort: 8443 },
      ],
      selector: { app: 'svc1' }, type: 'ClusterIP',
    },
    status: { loadBalancer: {} },
  }],
  ['svcnp', 'kubectl create service nodeport np1 --tcp 80:80 --node-port 30080', {
    apiVersion: 'v1', kind: 'Service', metadata: { name: 'np1', labels: { app: 'np1' } },
    spec: { ports: [{ name: '80-80', protocol: 'TCP', port: 80, targetPort: 80, nodePort: 30080 }], selector: { app: 'np1' }, type: 'NodePort' },
    status: { loadBalancer: {} },
  }],
  ['svchl', 'kubectl create service clusterip hl1 --clusterip None', {
    apiVersion: 'v1', kind: 'Service', metadata: { name: 'hl1', labels: { app: 'hl1' } },
    spec: { selector: { app: 'hl1' }, clusterIP: 'None', type: 'ClusterIP' }, status: { loadBalancer: {} },
  }],
  ['token', 'kubectl create token default --audience api --audience vault --bound-object-kind Pod ... --duration 10m', {
    apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', metadata: {},
    spec: { audiences: ['api', 'vault'], boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'x', uid: 'u1' }, expirationSeconds: 600 },
    status: {},
  }],
  ['kubectl-auth-can-i', 'kubectl auth can-i get pods', {
    apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', metadata: {},
    spec: { resourceAttributes: { namespace: 'default', verb: 'get', resource: 'pods' } }, status: { allowed: false },
  }],
];

for (const [file, cmd, want] of captured) {
  test(`decodes the body of: ${cmd}`, () => {
    assert.deepEqual(decodeProtobufRequest(fixture(file)), want);
  });
}

test('docker-registry secret keeps its type and .dockerconfigjson bytes', () => {
  const s = decodeProtobufRequest(fixture('sectls'));
  assert.equal(s.type, 'kubernetes.io/dockerconfigjson');
  const cfg = JSON.parse(Buffer.from(s.data['.dockerconfigjson'], 'base64').toString());
  assert.deepEqual(Object.keys(cfg.auths), ['r.io']);
});

test('the pod template inside a kubectl-created Deployment decodes with the PodSpec tables', () => {
  // Deployment is not served (415), but its spec.template (DeploymentSpec field 3) is a real
  // Go-encoded PodTemplateSpec with every non-pointer field present as a zero value.
  const env = readEnvelope(fixture('deployment'));
  assert.equal(env.kind, 'Deployment');
  let spec: Uint8Array | undefined;
  let template: Uint8Array | undefined;
  for (const r = new WireReader(env.raw); !r.done; ) {
    const t = r.tag();
    if (t.field === 2) spec = r.bytes();
    else r.skip(t.wireType);
  }
  for (const r = new WireReader(spec!); !r.done; ) {
    const t = r.tag();
    if (t.field === 3) template = r.bytes();
    else r.skip(t.wireType);
  }
  assert.deepEqual(decodeMessage('PodTemplateSpec', template!), {
    metadata: { labels: { app: 'd1' } },
    spec: { containers: [{ name: 'nginx', image: 'nginx', resources: {} }] },
  });
  assert.throws(() => decodeProtobufRequest(fixture('deployment')), (e: unknown) => e instanceof ApiError && e.code === 415);
});

test('metav1.Time, MicroTime, bytes maps, IntOrString strings and packed int64 lists', () => {
  const podRaw = new WireWriter()
    .message(1, (m) =>
      m
        .bytes(1, 'p')
        .message(8, (t) => t.varint(1, 1700000000))
        .message(11, (e) => e.bytes(1, 'empty').bytes(2, '')),
    )
    .message(2, (s) =>
      s
        .message(2, (c) =>
          c
            .bytes(1, 'c')
            .message(6, (p) => p.varint(3, 0).bytes(4, 'TCP'))
            .message(10, (pr) => pr.message(1, (h) => h.message(2, (g) => g.bytes(1, '/healthz').message(2, (ios) => ios.varint(1, 1).bytes(3, 'http'))))),
        )
        .varint(4, 0) // terminationGracePeriodSeconds: pointer, so 0 is kept
        .message(14, (sc) => sc.bytes(4, Uint8Array.from([0x01, 0xe8, 0x07]))) // packed supplementalGroups [1, 1000]
        .message(32, (o) => o.bytes(1, 'cpu').message(2, (q) => q.bytes(1, '250m'))),
    )
    .finish();
  const pod = decodeProtobufRequest(envelope('v1', 'Pod', podRaw));
  assert.deepEqual(pod.metadata, { name: 'p', creationTimestamp: '2023-11-14T22:13:20Z', labels: { empty: '' } });
  assert.deepEqual(pod.spec.containers, [
    { name: 'c', ports: [{ containerPort: 0, protocol: 'TCP' }], livenessProbe: { httpGet: { path: '/healthz', port: 'http' } } },
  ]);
  assert.equal(pod.spec.terminationGracePeriodSeconds, 0);
  assert.deepEqual(pod.spec.securityContext, { supplementalGroups: [1, 1000] });
  assert.deepEqual(pod.spec.overhead, { cpu: '250m' });

  const ev = decodeProtobufRequest(
    envelope('events.k8s.io/v1', 'Event', new WireWriter().message(2, (t) => t.varint(1, 1700000000).varint(2, 123456789)).bytes(7, 'Started').finish()),
  );
  assert.deepEqual(ev, { apiVersion: 'events.k8s.io/v1', kind: 'Event', eventTime: '2023-11-14T22:13:20.123456Z', reason: 'Started' });
});

test('ConfigMap binaryData and Secret data render bytes as base64; immutable false is kept', () => {
  const raw = new WireWriter()
    .message(1, (m) => m.bytes(1, 'bin'))
    .message(3, (e) => e.bytes(1, 'blob').bytes(2, Uint8Array.from([0, 255, 16])))
    .varint(4, false)
    .finish();
  assert.deepEqual(decodeProtobufRequest(envelope('v1', 'ConfigMap', raw)), {
    apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'bin' }, binaryData: { blob: 'AP8Q' }, immutable: false,
  });
});

test('StatefulSet and ControllerRevision (apps/v1): replicas 0 kept, RawExtension as JSON', () => {
  const sts = decodeProtobufRequest(
    envelope('apps/v1', 'StatefulSet', new WireWriter()
      .message(1, (m) => m.bytes(1, 'web').varint(7, 0))
      .message(2, (s) => s.varint(1, 0).bytes(5, 'web').message(7, (u) => u.bytes(1, 'RollingUpdate').message(2, (r) => r.varint(1, 2))))
      .finish()),
  );
  assert.deepEqual(sts.spec, { replicas: 0, serviceName: 'web', updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } } });
  assert.deepEqual(sts.metadata, { name: 'web' });
  const cr = decodeProtobufRequest(
    envelope('apps/v1', 'ControllerRevision', new WireWriter().message(1, (m) => m.bytes(1, 'web-1')).message(2, (d) => d.bytes(1, '{"spec":{"x":1}}')).varint(3, 3).finish()),
  );
  assert.deepEqual(cr, { apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name: 'web-1' }, data: { spec: { x: 1 } }, revision: 3 });
});

test('embedded messages (Volume, KeySelector) are inlined; unknown fields are skipped', () => {
  const raw = new WireWriter()
    .message(1, (m) => m.bytes(1, 'p').bytes(99, 'future field').varint(98, 7).fixed32(97, 1).fixed64(96, 1n))
    .message(2, (s) =>
      s
        .message(1, (v) => v.bytes(1, 'cfg').message(2, (vs) => vs.message(19, (cm) => cm.message(1, (l) => l.bytes(1, 'app-config')).varint(3, 420))))
        .message(2, (c) => c.bytes(1, 'c').message(7, (e) => e.bytes(1, 'PW').message(3, (src) => src.message(4, (k) => k.message(1, (l) => l.bytes(1, 'db')).bytes(2, 'password'))))),
    )
    .finish();
  const pod = decodeProtobufRequest(envelope('v1', 'Pod', raw));
  assert.deepEqual(pod.metadata, { name: 'p' });
  assert.deepEqual(pod.spec.volumes, [{ name: 'cfg', configMap: { name: 'app-config', defaultMode: 420 } }]);
  assert.deepEqual(pod.spec.containers[0].env, [{ name: 'PW', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }]);
});

test('negative int32/int64 values (ten-byte varints) decode as negative numbers', () => {
  const ev = decodeProtobufRequest(envelope('v1', 'Event', new WireWriter().varint(8, -1).finish()));
  assert.equal(ev.count, -1);
  const del = decodeProtobufRequest(envelope('v1', 'DeleteOptions', new WireWriter().varint(1, -5).bytes(4, 'Foreground').finish()));
  assert.deepEqual(del, { apiVersion: 'v1', kind: 'DeleteOptions', gracePeriodSeconds: -5, propagationPolicy: 'Foreground' });
});

const failures: Array<[string, Uint8Array, number, RegExp]> = [
  ['no magic prefix', new TextEncoder().encode('{"kind":"Namespace"}'), 400, /^error decoding from protobuf: provided data does not appear to be a protobuf message, expected prefix \[107 56 115 0\]$/],
  ['truncated envelope', Uint8Array.from([0x6b, 0x38, 0x73, 0x00, 0x0a, 0x20]), 400, /^error decoding from protobuf: unexpected EOF$/],
  ['wrong wire type inside the object', envelope('v1', 'Namespace', new WireWriter().varint(1, 5).finish()), 400, /^Namespace in version "v1" cannot be handled as a Namespace: proto: wrong wireType = 0 for field Metadata$/],
  ['truncated object', envelope('v1', 'ConfigMap', Uint8Array.from([0x0a, 0x05, 0x0a])), 400, /^ConfigMap in version "v1" cannot be handled as a ConfigMap: unexpected EOF$/],
  ['missing kind', envelope('v1', '', new Uint8Array(0)), 400, /Object 'Kind' is missing/],
  ['kind without a schema', envelope('batch/v1', 'Job', new Uint8Array(0)), 415, /unknown format .*\(got application\/vnd\.kubernetes\.protobuf\)$/],
];

for (const [name, body, code, msg] of failures) {
  test(`error mapping: ${name} → ${code}`, () => {
    assert.throws(() => decodeProtobufRequest(body), (e: unknown) => e instanceof ApiError && e.code === code && msg.test(e.message));
  });
}

test('every message the tables reference is defined', () => {
  for (const { message, type } of allReferencedTypes()) {
    assert.ok(SCALARS.has(type) || SPECIAL.has(type) || hasMessage(type), `${message} references undefined type ${type}`);
  }
});

test('pod anti-affinity terms keep namespaces (2) and topologyKey (3) apart', () => {
  const raw = new WireWriter()
    .message(2, (s) =>
      s.message(18, (a) =>
        a.message(3, (anti) =>
          anti.message(1, (t) => t.message(1, (sel) => sel.message(1, (e) => e.bytes(1, 'app').bytes(2, 'db'))).bytes(2, 'prod').bytes(3, 'kubernetes.io/hostname')),
        ),
      ),
    )
    .finish();
  const pod = decodeProtobufRequest(envelope('v1', 'Pod', raw));
  assert.deepEqual(pod.spec.affinity, {
    podAntiAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'db' } }, namespaces: ['prod'], topologyKey: 'kubernetes.io/hostname' }],
    },
  });
});
