import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findDuplicateFields } from './duplicate-fields.js';

const cases: { name: string; text: string; contentType?: string; want: string[] }[] = [
  { name: 'no duplicates', text: '{"a":1,"b":{"c":2}}', want: [] },
  { name: 'top-level duplicate', text: '{"kind":"Pod","kind":"Pod"}', want: ['duplicate field "kind"'] },
  { name: 'nested duplicate', text: '{"spec":{"replicas":1,"replicas":2}}', want: ['duplicate field "spec.replicas"'] },
  {
    name: 'inside list items',
    text: '{"spec":{"containers":[{"name":"a"},{"name":"b","image":"x","image":"y"}]}}',
    want: ['duplicate field "spec.containers[1].image"'],
  },
  { name: 'same key in sibling objects is fine', text: '[{"a":1},{"a":2}]', want: [] },
  { name: 'escaped keys and tricky strings', text: '{"a\\"b":"}{,","a\\"b":"]"}', want: ['duplicate field "a\\"b"'] },
  { name: 'whitespace and nested arrays', text: ' { "x" : [ [ {"y":1, "y":2} ] ] } ', want: ['duplicate field "x[0][0].y"'] },
  { name: 'invalid JSON left to the decoder', text: '{"a":1,', want: [] },
  { name: 'yaml body by content type', text: 'kind: Pod\nspec:\n  a: 1\n  a: 2\n', contentType: 'application/yaml', want: ['line 4: key "a" already set in map'] },
  { name: 'yaml detected without content type', text: 'a: 1\nb:\n  - c: 1\n    c: 2\n', want: ['line 4: key "c" already set in map'] },
  { name: 'yaml without duplicates', text: 'a: 1\nb: {c: 2}\n', contentType: 'application/apply-patch+yaml', want: [] },
];

for (const c of cases) {
  test(`findDuplicateFields: ${c.name}`, () => {
    assert.deepEqual(findDuplicateFields(c.text, c.contentType), c.want);
  });
}
