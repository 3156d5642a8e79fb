// kubectl, with its default flags, against a real sandbox: the everyday workflows of issue 2's
// "Done when" (apply/create/get/describe/edit/label/annotate/patch/scale/delete --cascade/explain/
// api-resources/wait and CRDs), each checked on what kubectl prints and on what the server stored.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync } from 'node:fs';
import { createNamespace, eventually, sandboxPerSuite, spawnKubectl, writeTemp, type TestSandbox } from '../helpers/sandbox.js';
import { appStatefulSetYaml } from '../helpers/statefulset.js';

const NS = 'wf';

const stsYaml = (name: string, image = 'nginx:1.25'): string => appStatefulSetYaml(name, 1, image, { namespace: NS, labelSet: true, container: 'c' });

describe('kubectl workflows', () => {
  let sb: TestSandbox;
  const json = async (args: string[]): Promise<any> => JSON.parse(await sb.k([...args, '-o', 'json']));

  sandboxPerSuite({ nodes: 1 }, async (started) => {
    sb = started;
    await createNamespace(sb, NS);
  });

  it('applies: created, unchanged, configured; a field removed from the file is removed from the object', async () => {
    const v1 = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n  namespace: ${NS}\n  labels: {tier: web, drop: me}\ndata:\n  a: "1"\n  b: "2"\n`;
    assert.match(await sb.apply(v1), /configmap\/app created/);
    assert.match(await sb.apply(v1), /configmap\/app unchanged/);
    const v2 = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n  namespace: ${NS}\n  labels: {tier: web}\ndata:\n  a: "10"\n`;
    assert.match(await sb.apply(v2), /configmap\/app configured/);
    const o = await json(['get', 'cm', 'app', '-n', NS]);
    assert.deepEqual(o.data, { a: '10' });
    assert.deepEqual(o.metadata.labels, { tier: 'web' });
    const last = JSON.parse(o.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']);
    assert.deepEqual(last.data, { a: '10' });
    // A StatefulSet applies and re-applies through strategic merge patch.
    assert.match(await sb.apply(stsYaml('web')), /statefulset.apps\/web created/);
    assert.match(await sb.apply(stsYaml('web')), /statefulset.apps\/web unchanged/);
    assert.match(await sb.apply(stsYaml('web', 'nginx:1.26')), /statefulset.apps\/web configured/);
    const s = await json(['get', 'sts', 'web', '-n', NS]);
    assert.equal(s.spec.template.spec.containers[0].image, 'nginx:1.26');
    assert.equal(s.metadata.generation, 2);
  });

  it('gets with -o wide, -o yaml, -A and --show-labels', async () => {
    const wide = await sb.k(['get', 'sts', '-n', NS, '-o', 'wide']);
    const [header, row] = wide.trim().split('\n');
    assert.match(header, /^NAME\s+READY\s+AGE\s+CONTAINERS\s+IMAGES\s*$/);
    assert.match(row, /^web\s+\d+\/1\s+\S+\s+c\s+nginx:1\.26\s*$/);
    const yaml = await sb.k(['get', 'cm', 'app', '-n', NS, '-o', 'yaml']);
    assert.match(yaml, /^apiVersion: v1\n/);
    assert.match(yaml, /\nkind: ConfigMap\n/);
    assert.match(yaml, /\n {2}resourceVersion: "\d+"\n/);
    const all = await sb.k(['get', 'cm', '-A']);
    assert.match(all.split('\n')[0], /^NAMESPACE\s+NAME\s+DATA\s+AGE/);
    assert.match(all, /\nwf\s+app\s+1\s+\S+/);
    assert.match(all, /\nkube-system\s+kube-root-ca.crt|\nwf\s+app/);
    const labels = await sb.k(['get', 'cm', 'app', '-n', NS, '--show-labels']);
    assert.match(labels.split('\n')[0], /LABELS$/);
    assert.match(labels, /app\s+1\s+\S+\s+tier=web/);
    const pods = await sb.k(['get', 'pods', '-A', '-o', 'wide']);
    assert.match(pods.split('\n')[0], /^NAMESPACE\s+NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES/);
  });

  it('streams changes with get -w', async () => {
    await sb.apply(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: watched\n  namespace: ${NS}\ndata: {a: "1"}\n`);
    const child = spawnKubectl(sb, ['get', 'cm', 'watched', '-n', NS, '-w', '-o', 'custom-columns=NAME:.metadata.name,A:.data.a']);
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    try {
      await eventually(() => /watched\s+1/.test(out), { message: `initial row in ${JSON.stringify(out)}` });
      await sb.k(['patch', 'cm', 'watched', '-n', NS, '--type', 'merge', '-p', '{"data":{"a":"2"}}']);
      await eventually(() => /watched\s+2/.test(out), { message: `updated row in ${JSON.stringify(out)}` });
      await sb.k(['patch', 'cm', 'watched', '-n', NS, '--type', 'merge', '-p', '{"data":{"a":"3"}}']);
      await eventually(() => /watched\s+3/.test(out), { message: `second update in ${JSON.stringify(out)}` });
    } finally {
      child.kill();
    }
    // The default table output of -w (server-side Table in watch events) prints rows too.
    const t = spawnKubectl(sb, ['get', 'sts', '-n', NS, '-w']);
    let tout = '';
    t.stdout.on('data', (d: Buffer) => (tout += d.toString()));
    try {
      await eventually(() => /NAME\s+READY\s+AGE\nweb\s+\d+\/1/.test(tout), { message: `sts table in ${JSON.stringify(tout)}` });
    } finally {
      t.kill();
    }
  });

  it('describes a StatefulSet and a ConfigMap', async () => {
    const d = await sb.k(['describe', 'sts', 'web', '-n', NS]);
    assert.match(d, /^Name:\s+web$/m);
    assert.match(d, /^Namespace:\s+wf$/m);
    assert.match(d, /^Replicas:\s+1 desired \| \d+ total$/m);
    assert.match(d, /Image:\s+nginx:1\.26/);
    const c = await sb.k(['describe', 'cm', 'app', '-n', NS]);
    assert.match(c, /^Name:\s+app$/m);
    assert.match(c, /^a:\n----\n10$/m);
  });

  it('edits with a scripted editor', async () => {
    const editor = writeTemp('editor.sh', '#!/bin/sh\nsed -i \'s/^  a: "10"$/  a: "edited"/\' "$1"\n');
    chmodSync(editor, 0o755);
    const r = await sb.kubectl(['edit', 'cm', 'app', '-n', NS], { env: { KUBE_EDITOR: editor, EDITOR: editor } });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /configmap\/app edited/);
    assert.equal(await sb.k(['get', 'cm', 'app', '-n', NS, '-o', 'jsonpath={.data.a}']), 'edited');
    // An edit that breaks validation is refused with the server's message.
    const bad = writeTemp('bad-editor.sh', "#!/bin/sh\nsed -i 's/^  replicas: 1$/  replicas: -5/' \"$1\"\n");
    chmodSync(bad, 0o755);
    const b = await sb.kubectl(['edit', 'sts', 'web', '-n', NS], { env: { KUBE_EDITOR: bad, EDITOR: bad } });
    assert.notEqual(b.code, 0);
    assert.match(b.stderr, /statefulsets.apps "web" is invalid/);
    assert.equal((await json(['get', 'sts', 'web', '-n', NS])).spec.replicas, 1);
  });

  it('labels and annotates, with --overwrite and key- removal', async () => {
    assert.match(await sb.k(['label', 'cm', 'app', '-n', NS, 'env=dev']), /configmap\/app labeled/);
    const clash = await sb.kubectl(['label', 'cm', 'app', '-n', NS, 'env=prod']);
    assert.notEqual(clash.code, 0);
    assert.match(clash.stderr, /'env' already has a value \(dev\), and --overwrite is false/);
    await sb.k(['label', 'cm', 'app', '-n', NS, 'env=prod', '--overwrite']);
    assert.equal(await sb.k(['get', 'cm', 'app', '-n', NS, '-o', 'jsonpath={.metadata.labels.env}']), 'prod');
    await sb.k(['label', 'cm', 'app', '-n', NS, 'env-']);
    assert.deepEqual((await json(['get', 'cm', 'app', '-n', NS])).metadata.labels, { tier: 'web' });
    assert.match(await sb.k(['annotate', 'cm', 'app', '-n', NS, 'note=hello']), /configmap\/app annotated/);
    await sb.k(['annotate', 'cm', 'app', '-n', NS, 'note=bye', '--overwrite']);
    assert.equal(await sb.k(['get', 'cm', 'app', '-n', NS, '-o', 'jsonpath={.metadata.annotations.note}']), 'bye');
    await sb.k(['annotate', 'cm', 'app', '-n', NS, 'note-']);
    assert.equal((await json(['get', 'cm', 'app', '-n', NS])).metadata.annotations.note, undefined);
    // Label selectors then find what was labelled.
    await sb.k(['label', 'sts', 'web', '-n', NS, 'team=a']);
    assert.equal(await sb.k(['get', 'sts', '-n', NS, '-l', 'team in (a,b)', '-o', 'name']), 'statefulset.apps/web\n');
  });

  it('patches with --type strategic, merge and json', async () => {
    // Strategic: containers merge by name, so adding a sidecar keeps c.
    await sb.k(['patch', 'sts', 'web', '-n', NS, '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"side","image":"busybox"}]}}}}']);
    let s = await json(['get', 'sts', 'web', '-n', NS]);
    assert.deepEqual(s.spec.template.spec.containers.map((c: any) => c.name).sort(), ['c', 'side']);
    // Strategic $patch: delete removes the sidecar again.
    await sb.k(['patch', 'sts', 'web', '-n', NS, '--type', 'strategic', '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"side","$patch":"delete"}]}}}}']);
    s = await json(['get', 'sts', 'web', '-n', NS]);
    assert.deepEqual(s.spec.template.spec.containers.map((c: any) => c.name), ['c']);
    // Merge: lists are replaced wholesale, null deletes a key.
    await sb.k(['patch', 'cm', 'app', '-n', NS, '--type', 'merge', '-p', '{"data":{"b":"2","a":null}}']);
    assert.deepEqual((await json(['get', 'cm', 'app', '-n', NS])).data, { b: '2' });
    // JSON patch with test + replace; a failing test is refused.
    await sb.k(['patch', 'cm', 'app', '-n', NS, '--type', 'json', '-p', '[{"op":"test","path":"/data/b","value":"2"},{"op":"replace","path":"/data/b","value":"3"}]']);
    assert.equal(await sb.k(['get', 'cm', 'app', '-n', NS, '-o', 'jsonpath={.data.b}']), '3');
    const failed = await sb.kubectl(['patch', 'cm', 'app', '-n', NS, '--type', 'json', '-p', '[{"op":"test","path":"/data/b","value":"nope"}]']);
    assert.notEqual(failed.code, 0);
    // As kube-apiserver: 422 with the generic message kubectl prints this way.
    assert.match(failed.stderr, /The request is invalid: the server rejected our request due to an error in our request/);
    assert.equal(await sb.k(['get', 'cm', 'app', '-n', NS, '-o', 'jsonpath={.data.b}']), '3');
    // A patch that changes nothing says so.
    const same = await sb.k(['patch', 'cm', 'app', '-n', NS, '--type', 'merge', '-p', '{"data":{"b":"3"}}']);
    assert.match(same, /configmap\/app patched \(no change\)/);
  });

  it('scales a StatefulSet through the scale subresource', async () => {
    assert.match(await sb.k(['scale', 'sts', 'web', '-n', NS, '--replicas', '3']), /statefulset.apps\/web scaled/);
    assert.equal((await json(['get', 'sts', 'web', '-n', NS])).spec.replicas, 3);
    const scale = JSON.parse(await sb.k(['get', '--raw', `/apis/apps/v1/namespaces/${NS}/statefulsets/web/scale`]));
    assert.equal(scale.kind, 'Scale');
    assert.equal(scale.apiVersion, 'autoscaling/v1');
    assert.equal(scale.spec.replicas, 3);
    assert.equal(scale.status.selector, 'app=web');
    const pre = await sb.kubectl(['scale', 'sts', 'web', '-n', NS, '--replicas', '1', '--current-replicas', '2']);
    assert.notEqual(pre.code, 0);
    assert.match(pre.stderr, /Expected replicas to be 2, was 3/);
    await sb.k(['scale', 'sts', 'web', '-n', NS, '--replicas', '0']);
    assert.equal((await json(['get', 'sts', 'web', '-n', NS])).spec.replicas, 0);
  });

  const ownerAndDependents = async (owner: string): Promise<void> => {
    await sb.apply(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${owner}\n  namespace: ${NS}\n`);
    const uid = await sb.k(['get', 'cm', owner, '-n', NS, '-o', 'jsonpath={.metadata.uid}']);
    for (const d of ['d1', 'd2']) {
      await sb.k(['create', '-f', '-'], `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${owner}-${d}
  namespace: ${NS}
  ownerReferences: [{apiVersion: v1, kind: ConfigMap, name: ${owner}, uid: ${uid}, blockOwnerDeletion: true}]
`);
    }
  };
  const exists = async (name: string): Promise<boolean> => (await sb.kubectl(['get', 'cm', name, '-n', NS])).code === 0;

  it('deletes with --cascade=background, foreground and orphan', async () => {
    await ownerAndDependents('bg');
    assert.match(await sb.k(['delete', 'cm', 'bg', '-n', NS, '--cascade=background']), /configmap "bg" deleted/);
    await eventually(async () => !(await exists('bg-d1')) && !(await exists('bg-d2')), { message: 'background dependents collected' });

    await ownerAndDependents('fg');
    await sb.k(['delete', 'cm', 'fg', '-n', NS, '--cascade=foreground']);
    await eventually(async () => !(await exists('fg')) && !(await exists('fg-d1')) && !(await exists('fg-d2')), { message: 'foreground owner and dependents gone' });

    await ownerAndDependents('or');
    await sb.k(['delete', 'cm', 'or', '-n', NS, '--cascade=orphan']);
    await eventually(async () => !(await exists('or')), { message: 'orphaning owner gone' });
    await eventually(async () => {
      const d = await json(['get', 'cm', 'or-d1', '-n', NS]);
      return d.metadata.ownerReferences === undefined || d.metadata.ownerReferences.length === 0;
    }, { message: 'ownerReferences removed from orphans' });
    assert.ok(await exists('or-d2'));
  });

  it('explains fields from the served OpenAPI', async () => {
    const e = await sb.k(['explain', 'statefulset.spec.updateStrategy']);
    assert.match(e, /^GROUP:\s+apps$/m);
    assert.match(e, /^KIND:\s+StatefulSet$/m);
    assert.match(e, /^FIELD: updateStrategy <StatefulSetUpdateStrategy>$/m);
    assert.match(e, /rollingUpdate\s+<RollingUpdateStatefulSetStrategy>/);
    const p = await sb.k(['explain', 'pods.spec.containers.image']);
    assert.match(p, /FIELD: image <string>/);
  });

  it('lists api-resources with the upstream short names', async () => {
    const out = await sb.k(['api-resources']);
    const rows = new Map(out.trim().split('\n').slice(1).map((l) => {
      const cols = l.trim().split(/\s+/);
      return [cols[0], cols] as const;
    }));
    const want: Record<string, string> = {
      statefulsets: 'sts', pods: 'po', services: 'svc', persistentvolumeclaims: 'pvc', persistentvolumes: 'pv', storageclasses: 'sc',
      nodes: 'no', namespaces: 'ns', events: 'ev', configmaps: 'cm', endpoints: 'ep', customresourcedefinitions: 'crd',
    };
    for (const [plural, short] of Object.entries(want)) {
      const cols = rows.get(plural);
      assert.ok(cols, `${plural} listed`);
      assert.ok(cols[1].split(',').includes(short), `${plural} has short name ${short}: ${cols.join(' ')}`);
    }
    const sts = await sb.k(['api-resources', '--api-group', 'apps', '-o', 'wide']);
    assert.match(sts, /statefulsets\s+sts\s+apps\/v1\s+true\s+StatefulSet\s+create,delete,deletecollection,get,list,patch,update,watch\s+all/);
    assert.match(await sb.k(['get', 'sts', '-n', NS, '-o', 'name']), /statefulset.apps\/web/);
  });

  it('waits with --for=jsonpath and --for=delete', async () => {
    await sb.apply(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: waited\n  namespace: ${NS}\n  finalizers: [example.com/hold]\ndata: {state: pending}\n`);
    // Whether the patch lands before or after kubectl starts watching, the condition is met.
    const waiting = sb.kubectl(['wait', 'cm/waited', '-n', NS, '--for=jsonpath={.data.state}=done', '--timeout=20s']);
    await sb.k(['patch', 'cm', 'waited', '-n', NS, '--type', 'merge', '-p', '{"data":{"state":"done"}}']);
    const w = await waiting;
    assert.equal(w.code, 0, w.stderr);
    assert.match(w.stdout, /configmap\/waited condition met/);
    // The finalizer keeps the object (with a deletionTimestamp) until it is removed.
    await sb.k(['delete', 'cm', 'waited', '-n', NS, '--wait=false']);
    assert.ok((await json(['get', 'cm', 'waited', '-n', NS])).metadata.deletionTimestamp);
    const gone = sb.kubectl(['wait', 'cm/waited', '-n', NS, '--for=delete', '--timeout=20s']);
    await sb.k(['patch', 'cm', 'waited', '-n', NS, '--type', 'merge', '-p', '{"metadata":{"finalizers":null}}']);
    const g = await gone;
    assert.equal(g.code, 0, g.stderr);
    assert.ok(/configmap\/waited condition met/.test(g.stdout) || g.stdout === '', g.stdout);
    assert.notEqual((await sb.kubectl(['get', 'cm', 'waited', '-n', NS])).code, 0);
  });

  it('serves CRDs: schema, printer columns, status subresource, pruning, Strict, defaults, deletion', async () => {
    await sb.apply(`apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget, shortNames: [wd], categories: [all]}
  versions:
  - name: v1
    served: true
    storage: true
    subresources: {status: {}}
    additionalPrinterColumns:
    - {name: Size, type: integer, jsonPath: .spec.size}
    - {name: Color, type: string, jsonPath: .spec.color}
    - {name: Phase, type: string, jsonPath: .status.phase}
    - {name: Age, type: date, jsonPath: .metadata.creationTimestamp}
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              size: {type: integer, minimum: 1}
              color: {type: string, default: blue}
          status:
            type: object
            properties:
              phase: {type: string}
`);
    await sb.k(['wait', '--for=condition=Established', 'crd/widgets.example.com', '--timeout=20s']);
    await eventually(async () => (await sb.kubectl(['get', 'widgets', '-n', NS])).code === 0, { message: 'widgets served' });
    // Without client-side strictness (--validate=false → fieldValidation=Ignore) unknown fields are pruned.
    const w1yaml = `apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w1\n  namespace: ${NS}\nspec:\n  size: 3\n  extra: pruned-away\n`;
    assert.match(await sb.k(['apply', '--validate=false', '-f', '-'], w1yaml), /widget.example.com\/w1 created/);
    const w1 = await json(['get', 'wd', 'w1', '-n', NS]);
    assert.equal(w1.spec.color, 'blue', 'default applied');
    assert.equal(w1.spec.extra, undefined, 'unknown field pruned');
    const table = await sb.k(['get', 'widgets', '-n', NS]);
    assert.match(table, /^NAME\s+SIZE\s+COLOR\s+PHASE\s+AGE\n/);
    assert.match(table, /\nw1\s+3\s+blue\s+\S+/);
    // Strict refuses the unknown field (kubectl's default --validate=strict).
    const strict = await sb.kubectl(['create', '-f', '-'], { input: `apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w2\n  namespace: ${NS}\nspec:\n  size: 1\n  extra: x\n` });
    assert.notEqual(strict.code, 0);
    assert.match(strict.stderr, /unknown field "spec.extra"/);
    // Schema validation: minimum.
    const small = await sb.kubectl(['create', '-f', '-'], { input: `apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w3\n  namespace: ${NS}\nspec:\n  size: 0\n` });
    assert.notEqual(small.code, 0);
    assert.match(small.stderr, /spec\.size: Invalid value: 0: spec\.size in body should be greater than or equal to 1/);
    // The status subresource: main resource ignores status, /status ignores spec.
    await sb.k(['patch', 'widget', 'w1', '-n', NS, '--type', 'merge', '-p', '{"status":{"phase":"Ignored"}}']);
    assert.equal((await json(['get', 'widget', 'w1', '-n', NS])).status, undefined);
    await sb.k(['patch', 'widget', 'w1', '-n', NS, '--subresource', 'status', '--type', 'merge', '-p', '{"status":{"phase":"Ready"},"spec":{"size":9}}']);
    const after = await json(['get', 'widget', 'w1', '-n', NS]);
    assert.equal(after.status.phase, 'Ready');
    assert.equal(after.spec.size, 3);
    assert.match(await sb.k(['get', 'widgets', '-n', NS]), /\nw1\s+3\s+blue\s+Ready\s+/);
    // `get all` includes the category.
    assert.match(await sb.k(['get', 'all', '-n', NS]), /widget.example.com\/w1/);
    // Deleting the CRD removes its instances.
    await sb.k(['delete', 'crd', 'widgets.example.com']);
    await eventually(async () => (await sb.kubectl(['get', 'crd', 'widgets.example.com'])).code !== 0, { message: 'CRD gone', timeoutMs: 20_000 });
    const raw = await sb.kubectl(['get', '--raw', `/apis/example.com/v1/namespaces/${NS}/widgets`]);
    assert.notEqual(raw.code, 0);
  });
});
