import { test } from 'node:test';
import assert from 'node:assert/strict';
import { labelSelectorParam, fieldSelectorParam } from './selector-params.js';
import { ApiError } from './errors.js';

const isBadRequest = (message: string) => (e: unknown) =>
  e instanceof ApiError && e.code === 400 && e.reason === 'BadRequest' && e.status.message === message;

test('query parameters become selectors or 400 BadRequest with upstream messages', () => {
  const metaOnly = (f: string) => f === 'metadata.name' || f === 'metadata.namespace';
  assert.equal(labelSelectorParam(undefined).empty(), true);
  assert.equal(labelSelectorParam('app=web').toString(), 'app=web');
  assert.equal(fieldSelectorParam('', metaOnly).empty(), true);
  assert.equal(fieldSelectorParam('metadata.name=x', metaOnly).toString(), 'metadata.name=x');

  const failures: [() => unknown, string][] = [
    [() => labelSelectorParam('a b'), "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt"],
    [() => fieldSelectorParam('foo=bar', metaOnly), 'field label not supported: foo'],
    [() => fieldSelectorParam('nonsense', metaOnly), "invalid selector: 'nonsense'; can't understand 'nonsense'"],
  ];
  for (const [fn, msg] of failures) assert.throws(fn, isBadRequest(msg), msg);
});
