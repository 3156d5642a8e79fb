import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  parseFieldSelector,
  escapeValue,
  unescapeValue,
  fieldSelectorFromSet,
  firstUnsupportedField,
  assertSupportedFields,
  objectMetaFields,
  FieldSelectorError,
} from './fields.js';

test('parseFieldSelector: canonical form and requirements', () => {
  const cases: [string, string, string[]][] = [
    // input, toString, fieldNames
    ['', '', []],
    ['a=b', 'a=b', ['a']],
    ['a==b', 'a=b', ['a']],
    ['a!=b', 'a!=b', ['a']],
    ['c!=d,a=b,e==f', 'a=b,c!=d,e=f', ['a', 'c', 'e']],
    ['a=b,,', 'a=b', ['a']],
    ['metadata.name=web-0', 'metadata.name=web-0', ['metadata.name']],
    ['a=', 'a=', ['a']],
    ['x=a\\,b', 'x=a\\,b', ['x']],
    ['x=a\\=b\\\\c', 'x=a\\=b\\\\c', ['x']],
    ['spec.nodeName=,status.phase!=Running', 'spec.nodeName=,status.phase!=Running', ['spec.nodeName', 'status.phase']],
  ];
  for (const [input, str, names] of cases) {
    const sel = parseFieldSelector(input);
    assert.equal(sel.toString(), str, input);
    assert.deepEqual(sel.fieldNames(), names, input);
  }
  assert.deepEqual(parseFieldSelector('x=a\\,b').requirements, [{ field: 'x', operator: '=', value: 'a,b' }]);
  assert.deepEqual(parseFieldSelector('x!=y\\=z').requirements, [{ field: 'x', operator: '!=', value: 'y=z' }]);
});

test('parseFieldSelector: upstream error messages', () => {
  const cases: [string, string][] = [
    ['foo', "invalid selector: 'foo'; can't understand 'foo'"],
    ['a=b,foo', "invalid selector: 'a=b,foo'; can't understand 'foo'"],
    ['a=b=c', 'invalid field selector: unescaped character in value: 61'],
    ['a=b\\x', 'invalid field selector: invalid escape sequence: \\x'],
    ['a=b\\', 'invalid field selector: invalid escape sequence: \\'],
  ];
  for (const [input, want] of cases) {
    assert.throws(() => parseFieldSelector(input), (e: unknown) => e instanceof FieldSelectorError && e.message === want, input);
  }
});

test('field selector matching (missing fields read as empty)', () => {
  const fields = { 'metadata.name': 'web-0', 'metadata.namespace': 'default', 'status.phase': 'Running' };
  const cases: [string, boolean][] = [
    ['', true],
    ['metadata.name=web-0', true],
    ['metadata.name==web-0', true],
    ['metadata.name=web-1', false],
    ['metadata.name!=web-1', true],
    ['metadata.name=web-0,status.phase!=Running', false],
    ['spec.nodeName=', true],
    ['spec.nodeName!=', false],
  ];
  for (const [sel, want] of cases) assert.equal(parseFieldSelector(sel).matches(fields), want, sel);
});

test('escapeValue / unescapeValue round trip', () => {
  const cases: [string, string][] = [
    ['plain', 'plain'],
    ['a,b', 'a\\,b'],
    ['a=b', 'a\\=b'],
    ['a\\b', 'a\\\\b'],
  ];
  for (const [raw, escaped] of cases) {
    assert.equal(escapeValue(raw), escaped);
    assert.equal(unescapeValue(escaped), raw);
  }
});

test('requiresExactMatch, fromSet, supported-field checks', () => {
  const sel = parseFieldSelector('metadata.name=a,spec.x!=b');
  assert.equal(sel.requiresExactMatch('metadata.name'), 'a');
  assert.equal(sel.requiresExactMatch('spec.x'), undefined);
  assert.equal(fieldSelectorFromSet({ 'metadata.name': 'x' }).toString(), 'metadata.name=x');
  const supported = (f: string) => f.startsWith('metadata.');
  assert.equal(firstUnsupportedField(parseFieldSelector('metadata.name=a,foo=b,zed=c'), supported), 'foo');
  assert.equal(firstUnsupportedField(sel, (f) => f === 'metadata.name' || f === 'spec.x'), undefined);
  assert.throws(() => assertSupportedFields(parseFieldSelector('foo=bar'), supported), { message: 'field label not supported: foo' });
  assert.deepEqual(objectMetaFields({ name: 'n' }), { 'metadata.name': 'n', 'metadata.namespace': '' });
});
