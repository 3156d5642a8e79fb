import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OpenApiService } from './openapi-service.js';
import { negotiateV2, OPENAPI_V2_PROTOBUF } from './negotiate.js';
import { fixtureResources, widgetCrd } from './test-fixtures.js';
import type { Gvk, Schema } from './types.js';
import type { KubeObject } from '../../apimachinery/types.js';

function service(crds: KubeObject[] = [widgetCrd]): OpenApiService {
  return new OpenApiService(() => ({ resources: fixtureResources, crds }));
}

/** kubectl's query_param_verifier_v3 condition: the PATCH op for the GVK lists the parameter. */
function supportsQueryParamV3(doc: Schema, gvk: Gvk, param: string): boolean {
  const matching = Object.values(doc.paths as Record<string, Schema>)
    .map((item) => item.patch)
    .filter((op) => op && op['x-kubernetes-group-version-kind']?.group === gvk.group && op['x-kubernetes-group-version-kind']?.version === gvk.version && op['x-kubernetes-group-version-kind']?.kind === gvk.kind);
  // kubectl stops at the first match in random (Go map) order, so every match must carry it.
  return matching.length > 0 && matching.every((op) => op.parameters.some((p: Schema) => p.name === param));
}

function allRefs(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => allRefs(n, out));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else allRefs(v, out);
    }
  }
  return out;
}

test('v3 index lists each served group version with a content-hash URL', () => {
  const idx = service().v3Index();
  assert.deepEqual(Object.keys(idx.paths), ['api/v1', 'apis/apps/v1', 'apis/example.com/v1', 'apis/example.com/v1beta1']);
  for (const [gv, entry] of Object.entries(idx.paths as Record<string, { serverRelativeURL: string }>)) {
    assert.match(entry.serverRelativeURL, new RegExp(`^/openapi/v3/${gv.replace(/\./g, '\\.')}\\?hash=[0-9A-F]{128}$`));
  }
});

test('kubectl field-validation verifier holds for apps/v1 StatefulSet, core/v1 Pod, a CRD and Scale', () => {
  const s = service();
  const apps = s.v3Document('apis/apps/v1')!.doc;
  const core = s.v3Document('api/v1')!.doc;
  const crd = s.v3Document('apis/example.com/v1')!.doc;
  assert.equal(supportsQueryParamV3(apps, { group: 'apps', version: 'v1', kind: 'StatefulSet' }, 'fieldValidation'), true);
  assert.equal(supportsQueryParamV3(core, { group: '', version: 'v1', kind: 'Pod' }, 'fieldValidation'), true);
  assert.equal(supportsQueryParamV3(crd, { group: 'example.com', version: 'v1', kind: 'Widget' }, 'fieldValidation'), true);
  assert.equal(supportsQueryParamV3(apps, { group: 'autoscaling', version: 'v1', kind: 'Scale' }, 'fieldValidation'), true);
  assert.equal(supportsQueryParamV3(apps, { group: 'apps', version: 'v1', kind: 'Deployment' }, 'fieldValidation'), false);
});

test('StatefulSet paths carry actions, GVKs and write parameters like upstream', () => {
  const doc = service().v3Document('/apis/apps/v1')!.doc;
  const item = doc.paths['/apis/apps/v1/namespaces/{namespace}/statefulsets/{name}'];
  assert.deepEqual(Object.keys(item).sort(), ['delete', 'get', 'parameters', 'patch', 'put']);
  assert.equal(item.patch.operationId, 'patchAppsV1NamespacedStatefulSet');
  assert.equal(item.patch['x-kubernetes-action'], 'patch');
  assert.deepEqual(item.patch['x-kubernetes-group-version-kind'], { group: 'apps', kind: 'StatefulSet', version: 'v1' });
  assert.ok(item.patch.requestBody.content['application/strategic-merge-patch+json'], 'built-ins accept SMP (kubectl apply uses it)');
  for (const m of ['put', 'patch']) {
    const names = item[m].parameters.map((p: Schema) => p.name);
    for (const want of ['dryRun', 'fieldManager', 'fieldValidation']) assert.ok(names.includes(want), `${m} ${want}`);
  }
  assert.deepEqual(item.parameters.map((p: Schema) => [p.name, p.in]), [['name', 'path'], ['namespace', 'path'], ['pretty', 'query']]);
  assert.equal(item.parameters[0].description, 'name of the StatefulSet');
  const coll = doc.paths['/apis/apps/v1/namespaces/{namespace}/statefulsets'];
  assert.deepEqual([coll.get['x-kubernetes-action'], coll.post['x-kubernetes-action'], coll.delete['x-kubernetes-action']], ['list', 'post', 'deletecollection']);
  assert.ok(coll.post.parameters.some((p: Schema) => p.name === 'fieldValidation'));
  assert.equal(doc.paths['/apis/apps/v1/statefulsets'].get.operationId, 'listAppsV1StatefulSetForAllNamespaces');
  const scale = doc.paths['/apis/apps/v1/namespaces/{namespace}/statefulsets/{name}/scale'];
  assert.deepEqual(scale.get['x-kubernetes-group-version-kind'], { group: 'autoscaling', kind: 'Scale', version: 'v1' });
  assert.ok(doc.components.schemas['io.k8s.api.autoscaling.v1.Scale']);
  const status = doc.paths['/apis/apps/v1/namespaces/{namespace}/statefulsets/{name}/status'];
  assert.equal(status.put.operationId, 'replaceAppsV1NamespacedStatefulSetStatus');
});

test('components are upstream schemas with descriptions, patch metadata and resolvable refs', () => {
  const doc = service().v3Document('apis/apps/v1')!.doc;
  const schemas = doc.components.schemas;
  const sts = schemas['io.k8s.api.apps.v1.StatefulSet'];
  assert.deepEqual(sts['x-kubernetes-group-version-kind'], [{ group: 'apps', kind: 'StatefulSet', version: 'v1' }]);
  assert.match(sts.description, /StatefulSet represents a set of pods/);
  assert.deepEqual(sts.properties.spec.allOf, [{ $ref: '#/components/schemas/io.k8s.api.apps.v1.StatefulSetSpec' }]);
  const containers = schemas['io.k8s.api.core.v1.PodSpec'].properties.containers;
  assert.equal(containers['x-kubernetes-patch-merge-key'], 'name');
  assert.equal(containers['x-kubernetes-patch-strategy'], 'merge');
  for (const ref of allRefs(doc)) {
    assert.ok(ref.startsWith('#/components/schemas/'), ref);
    assert.ok(schemas[ref.slice('#/components/schemas/'.length)], `dangling ${ref}`);
  }
  assert.equal(schemas['io.k8s.api.apps.v1.Deployment'], undefined, 'only the closure of served kinds');
});

test('CRD versions become upstream-named definitions; CRD patches offer no strategic merge', () => {
  const s = service();
  const doc = s.v3Document('apis/example.com/v1')!.doc;
  const w = doc.components.schemas['com.example.v1.Widget'];
  assert.deepEqual(w['x-kubernetes-group-version-kind'], [{ group: 'example.com', kind: 'Widget', version: 'v1' }]);
  assert.deepEqual(w.properties.metadata.allOf, [{ $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' }]);
  assert.equal(w.properties.spec.properties.size.type, 'integer');
  assert.ok(doc.components.schemas['com.example.v1.WidgetList']);
  const patch = doc.paths['/apis/example.com/v1/namespaces/{namespace}/widgets/{name}'].patch;
  assert.deepEqual(Object.keys(patch.requestBody.content).sort(), ['application/apply-patch+yaml', 'application/json-patch+json', 'application/merge-patch+json']);
  assert.equal(s.v3Document('apis/example.com/v1alpha1'), undefined, 'unserved version');
  // Gadget is a served CRD kind whose CRD object is absent: it still gets an open schema.
  assert.equal(doc.components.schemas['com.example.v1.Gadget']['x-kubernetes-preserve-unknown-fields'], true);
  assert.ok(doc.paths['/apis/example.com/v1/gadgets/{name}'], 'cluster-scoped path without namespace');
});

test('hashes change when the CRD set changes and stay put otherwise', () => {
  let crds = [widgetCrd];
  const s = new OpenApiService(() => ({ resources: fixtureResources, crds }));
  const before = s.v3Index().paths;
  s.invalidate();
  assert.deepEqual(s.v3Index().paths, before, 'same input, same hashes');
  const changed = structuredClone(widgetCrd);
  changed.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.color = { type: 'string' };
  crds = [changed];
  assert.deepEqual(s.v3Index().paths, before, 'memoized until invalidate()');
  s.invalidate();
  const after = s.v3Index().paths;
  assert.notEqual(after['apis/example.com/v1'].serverRelativeURL, before['apis/example.com/v1'].serverRelativeURL);
  assert.equal(after['apis/apps/v1'].serverRelativeURL, before['apis/apps/v1'].serverRelativeURL);
});

test('v2 document: swagger 2.0 with definitions, GVK-tagged operations and resolvable refs', () => {
  const doc = service().v2Document().doc;
  assert.equal(doc.swagger, '2.0');
  const patch = doc.paths['/api/v1/namespaces/{namespace}/pods/{name}'].patch;
  assert.deepEqual(patch['x-kubernetes-group-version-kind'], { group: '', kind: 'Pod', version: 'v1' });
  assert.ok(patch.consumes.includes('application/strategic-merge-patch+json'));
  assert.ok(patch.parameters.some((p: Schema) => p.name === 'fieldValidation' && p.in === 'query'));
  assert.equal(patch.parameters[0].in, 'body');
  for (const ref of allRefs(doc)) assert.ok(doc.definitions[ref.replace('#/definitions/', '')], `dangling ${ref}`);
  const eviction = doc.paths['/api/v1/namespaces/{namespace}/pods/{name}/eviction'].post;
  assert.deepEqual(eviction['x-kubernetes-group-version-kind'], { group: 'policy', kind: 'Eviction', version: 'v1' });
  assert.equal(eviction.operationId, 'createCoreV1NamespacedPodEviction');
  assert.ok(doc.definitions['io.k8s.api.core.v1.Binding']);
  assert.ok(doc.definitions['com.example.v1.Widget']);
});

test('documents are memoized (built once until invalidated)', () => {
  // Build time is a benchmark figure (npm run bench), not a test: a loaded CI machine must not fail it.
  const s = service();
  s.v3Index();
  s.v2Document();
  assert.equal(s.v3Document('api/v1'), s.v3Document('api/v1'));
  assert.equal(s.v2Document(), s.v2Document());
});

test('/openapi/v2 negotiation: JSON when acceptable, 406 for protobuf-only clients', () => {
  const cases: [string | undefined, string][] = [
    [undefined, 'json'],
    ['application/json', 'json'],
    ['application/json, */*', 'json'],
    [OPENAPI_V2_PROTOBUF, 'not-acceptable'],
    [`${OPENAPI_V2_PROTOBUF}, application/json;q=0.9`, 'json'],
  ];
  for (const [accept, want] of cases) assert.equal(negotiateV2(accept), want, String(accept));
});
