// kubectl 1.32's typed-client commands (`kubectl create namespace|configmap|secret|serviceaccount|
// service ...`) send application/vnd.kubernetes.protobuf bodies; the sandbox must decode them into
// the same objects JSON would give. `kubectl run` and `kubectl expose` send JSON and must keep working.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rawRequest, sandboxPerSuite, type TestSandbox } from '../helpers/sandbox.js';

describe('kubectl protobuf request bodies', () => {
  let sb: TestSandbox;
  sandboxPerSuite({ nodes: 1 }, (started) => {
    sb = started;
  });

  const getJson = async (args: string[]): Promise<any> => JSON.parse(await sb.k(['get', ...args, '-o', 'json']));

  it('kubectl create namespace sends protobuf and the namespace is created', async () => {
    const r = await sb.kubectl(['create', 'namespace', 'pb-ns', '-v=8']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /Content-Type: application\/vnd\.kubernetes\.protobuf/);
    assert.match(r.stdout, /namespace\/pb-ns created/);
    const ns = await getJson(['namespace', 'pb-ns']);
    assert.equal(ns.metadata.name, 'pb-ns');
    assert.equal(ns.status.phase, 'Active');
    assert.ok(ns.metadata.uid);
  });

  it('kubectl create configmap --from-literal', async () => {
    assert.match(await sb.k(['create', 'configmap', 'pb-cm', '--from-literal=a=1', '--from-literal=b=two words']), /configmap\/pb-cm created/);
    const cm = await getJson(['configmap', 'pb-cm']);
    assert.deepEqual(cm.data, { a: '1', b: 'two words' });
    assert.equal(cm.metadata.namespace, 'default');
  });

  it('kubectl create secret generic stores base64 data and the Opaque type', async () => {
    assert.match(await sb.k(['create', 'secret', 'generic', 'pb-secret', '--from-literal=user=admin', '--from-literal=pw=p@ss']), /secret\/pb-secret created/);
    const s = await getJson(['secret', 'pb-secret']);
    assert.equal(s.type, 'Opaque');
    assert.equal(Buffer.from(s.data.user, 'base64').toString(), 'admin');
    assert.equal(Buffer.from(s.data.pw, 'base64').toString(), 'p@ss');
  });

  it('kubectl create serviceaccount', async () => {
    assert.match(await sb.k(['create', 'serviceaccount', 'pb-sa', '-n', 'pb-ns']), /serviceaccount\/pb-sa created/);
    const sa = await getJson(['serviceaccount', 'pb-sa', '-n', 'pb-ns']);
    assert.equal(sa.metadata.namespace, 'pb-ns');
  });

  it('kubectl create service clusterip gets ports, selector and a cluster IP', async () => {
    assert.match(await sb.k(['create', 'service', 'clusterip', 'pb-svc', '--tcp=80:8080', '--tcp=443:8443']), /service\/pb-svc created/);
    const svc = await getJson(['service', 'pb-svc']);
    assert.equal(svc.spec.type, 'ClusterIP');
    assert.deepEqual(svc.spec.selector, { app: 'pb-svc' });
    assert.deepEqual(
      svc.spec.ports.map((p: any) => [p.name, p.protocol, p.port, p.targetPort]),
      [['80-8080', 'TCP', 80, 8080], ['443-8443', 'TCP', 443, 8443]],
    );
    assert.match(svc.spec.clusterIP, /^\d+\.\d+\.\d+\.\d+$/);
  });

  it('kubectl create service clusterip --clusterip=None makes a headless service', async () => {
    await sb.k(['create', 'service', 'clusterip', 'pb-headless', '--clusterip=None']);
    const svc = await getJson(['service', 'pb-headless']);
    assert.equal(svc.spec.clusterIP, 'None');
  });

  it('kubectl run creates a pod and kubectl expose pod creates its service', async () => {
    assert.match(await sb.k(['run', 'pb-web', '--image=nginx:1.25', '--port=80', '--labels=app=pb-web', '--env=A=1']), /pod\/pb-web created/);
    const pod = await getJson(['pod', 'pb-web']);
    assert.equal(pod.spec.containers[0].image, 'nginx:1.25');
    assert.equal(pod.spec.containers[0].ports[0].containerPort, 80);
    assert.deepEqual(pod.spec.containers[0].env, [{ name: 'A', value: '1' }]);
    assert.match(await sb.k(['expose', 'pod', 'pb-web', '--port=8080', '--target-port=80', '--name=pb-web-svc']), /service\/pb-web-svc exposed/);
    const svc = await getJson(['service', 'pb-web-svc']);
    assert.deepEqual(svc.spec.selector, { app: 'pb-web' });
    assert.equal(svc.spec.ports[0].port, 8080);
    assert.equal(svc.spec.ports[0].targetPort, 80);
  });

  it('an existing name gives the AlreadyExists error, as with JSON', async () => {
    const r = await sb.kubectl(['create', 'configmap', 'pb-cm', '--from-literal=a=2']);
    assert.notEqual(r.code, 0);
    // kubectl create configmap wraps the server error in its own prefix.
    assert.match(r.stderr, /failed to create configmap: configmaps "pb-cm" already exists/);
  });

  it('malformed protobuf answers 400 BadRequest, not 415', async () => {
    const body = Buffer.from([0x6b, 0x38, 0x73, 0x00, 0x0a, 0x40, 0x01]);
    const r = await rawRequest(sb, 'POST', '/api/v1/namespaces/default/configmaps', { body, contentType: 'application/vnd.kubernetes.protobuf' });
    assert.equal(r.status, 400, r.body);
    assert.equal(r.json.reason, 'BadRequest');
    assert.match(r.json.message, /protobuf/);
  });
});
