import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../apimachinery/types.js';
import { customResourcePrinter, type PrinterColumn } from './custom-resource.js';

const NOW = new Date('2024-01-01T01:00:00Z');

// The Advanced StatefulSet (apps.kruise.io) printer columns.
const kruiseColumns: PrinterColumn[] = [
  { name: 'DESIRED', type: 'integer', jsonPath: '.spec.replicas', description: 'The desired number of pods.' },
  { name: 'CURRENT', type: 'integer', jsonPath: '.status.replicas', description: 'The number of currently all pods.' },
  { name: 'UPDATED', type: 'integer', jsonPath: '.status.updatedReplicas' },
  { name: 'READY', type: 'integer', jsonPath: '.status.readyReplicas' },
  { name: 'AGE', type: 'date', jsonPath: '.metadata.creationTimestamp' },
  { name: 'CONTAINERS', type: 'string', priority: 1, jsonPath: '.spec.template.spec.containers[*].name' },
  { name: 'IMAGES', type: 'string', priority: 1, jsonPath: '.spec.template.spec.containers[*].image' },
];

const asts: KubeObject = {
  apiVersion: 'apps.kruise.io/v1beta1',
  kind: 'StatefulSet',
  metadata: { name: 'web', creationTimestamp: '2024-01-01T00:55:00Z' },
  spec: { replicas: 3, template: { spec: { containers: [{ name: 'main', image: 'nginx:1' }, { name: 'side', image: 'busybox' }] } } },
  status: { replicas: 3, updatedReplicas: 1, readyReplicas: 2.0 },
};

test('columns from additionalPrinterColumns', () => {
  const p = customResourcePrinter(kruiseColumns);
  assert.deepEqual(
    p.columns.map((c) => [c.name, c.type, c.format, c.priority, c.description]),
    [
      ['Name', 'string', 'name', 0, p.columns[0].description],
      ['DESIRED', 'integer', '', 0, 'The desired number of pods.'],
      ['CURRENT', 'integer', '', 0, 'The number of currently all pods.'],
      ['UPDATED', 'integer', '', 0, 'Custom resource definition column (in JSONPath format): .status.updatedReplicas'],
      ['READY', 'integer', '', 0, 'Custom resource definition column (in JSONPath format): .status.readyReplicas'],
      ['AGE', 'date', '', 0, 'Custom resource definition column (in JSONPath format): .metadata.creationTimestamp'],
      ['CONTAINERS', 'string', '', 1, 'Custom resource definition column (in JSONPath format): .spec.template.spec.containers[*].name'],
      ['IMAGES', 'string', '', 1, 'Custom resource definition column (in JSONPath format): .spec.template.spec.containers[*].image'],
    ],
  );
  // [*] shows only the first element, as apiextensions-apiserver does.
  assert.deepEqual(p.row(asts, NOW), ['web', 3, 3, 1, 2, '5m', 'main', 'nginx:1']);
});

test('cells by column type', () => {
  const obj: KubeObject = {
    metadata: { name: 'x', creationTimestamp: '2024-01-01T00:00:00Z' },
    spec: { n: 2.7, f: 0.5, big: 1500000.5, tiny: 0.00001, s: 'str', b: true, obj: { z: 1, a: '<b>' }, arr: [1, 'a'], nul: null, when: '2024-01-01T00:59:00Z', bad: 'yesterday', future: '2024-01-01T02:00:00Z' },
  };
  const cases: [string, string, unknown][] = [
    ['integer', '.spec.n', 2],
    ['integer', '.spec.s', null],
    ['integer', '.spec.missing', null],
    ['number', '.spec.n', 2.7],
    ['boolean', '.spec.b', true],
    ['boolean', '.spec.s', null],
    ['string', '.spec.s', 'str'],
    ['string', '.spec.n', '2.7'],
    ['string', '.spec.f', '0.5'],
    ['string', '.spec.big', '1.5000005e+06'],
    ['string', '.spec.tiny', '1e-05'],
    ['string', '.spec.b', 'true'],
    ['string', '.spec.obj', '{"a":"\\u003cb\\u003e","z":1}'],
    ['string', '.spec.arr', '[1,"a"]'],
    ['string', '.spec.nul', '<no value>'],
    ['string', '.spec.missing', null],
    ['date', '.spec.when', '60s'],
    ['date', '.spec.bad', '<invalid>'],
    ['date', '.spec.future', '<invalid>'],
    ['date', '.spec.n', null],
  ];
  for (const [type, jsonPath, want] of cases) {
    const p = customResourcePrinter([{ name: 'C', type, jsonPath }]);
    assert.deepEqual(p.row(obj, NOW)[1], want, `${type} ${jsonPath}`);
  }
});

test('no columns means NAME and AGE', () => {
  const p = customResourcePrinter(undefined);
  assert.deepEqual(p.columns.map((c) => [c.name, c.type]), [['Name', 'string'], ['Age', 'date']]);
  assert.deepEqual(p.row({ metadata: { name: 'n', creationTimestamp: '2024-01-01T00:00:00Z' } }, NOW), ['n', '60m']);
});
