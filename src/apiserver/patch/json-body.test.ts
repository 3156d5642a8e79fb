// Go encoding/json error texts for malformed PATCH bodies (what kubectl prints after
// "Error from server (BadRequest): ").

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cannotUnmarshal, decodeJson, goJsonSyntaxError } from './json-body.js';
import { goFormat, goTypeName } from '../../apimachinery/json-value.js';

const syntaxCases: Array<[string, string]> = [
  ['', 'unexpected end of JSON input'],
  ['   ', 'unexpected end of JSON input'],
  ['{"a":1', 'unexpected end of JSON input'],
  ['x', "invalid character 'x' looking for beginning of value"],
  ["{'a':1}", "invalid character '\\'' looking for beginning of object key string"],
  ['{"a" 1}', "invalid character '1' after object key"],
  ['{"a":1 "b":2}', `invalid character '"' after object key:value pair`],
  ['[1 2]', "invalid character '2' after array element"],
  ['{"a":1}x', "invalid character 'x' after top-level value"],
  ['{"a":tru}', "invalid character '}' in literal true (expecting 'e')"],
  ['{"a":nul}', "invalid character '}' in literal null (expecting 'l')"],
  ['{"a":-x}', "invalid character 'x' in numeric literal"],
  ['{"a":1.}', "invalid character '}' after decimal point in numeric literal"],
  ['{"a":1e}', "invalid character '}' in exponent of numeric literal"],
  ['{"a":"\\q"}', "invalid character 'q' in string escape code"],
  ['{"a":"\\u12g4"}', "invalid character 'g' in \\u hexadecimal character escape"],
  ['{"a":"x\ny"}', "invalid character '\\n' in string literal"],
  ['01', "invalid character '1' after top-level value"],
];

for (const [text, want] of syntaxCases) {
  void test(`go json syntax error for ${JSON.stringify(text)}`, () => {
    assert.equal(goJsonSyntaxError(text), want);
    const decoded = decodeJson(text);
    assert.equal(decoded.ok, false);
    if (!decoded.ok) assert.equal(decoded.message, want);
  });
}

void test('decodeJson returns the value of well-formed input', () => {
  assert.deepEqual(decodeJson(' {"a":[1,true,null,"x"]} '), { ok: true, value: { a: [1, true, null, 'x'] } });
});

void test('cannotUnmarshal names the JSON kind as Go does', () => {
  assert.equal(cannotUnmarshal([], 'T'), 'json: cannot unmarshal array into Go value of type T');
  assert.equal(cannotUnmarshal({}, 'T'), 'json: cannot unmarshal object into Go value of type T');
  assert.equal(cannotUnmarshal('s', 'T'), 'json: cannot unmarshal string into Go value of type T');
  assert.equal(cannotUnmarshal(1, 'T'), 'json: cannot unmarshal number into Go value of type T');
  assert.equal(cannotUnmarshal(false, 'T'), 'json: cannot unmarshal bool into Go value of type T');
});

void test('goFormat and goTypeName render like %v and reflect.TypeOf', () => {
  assert.equal(goFormat({ b: 1, a: ['x', { c: null }] }), 'map[a:[x map[c:<nil>]] b:1]');
  assert.equal(goTypeName({}), 'map[string]interface {}');
  assert.equal(goTypeName([]), '[]interface {}');
  assert.equal(goTypeName(3), 'int64');
  assert.equal(goTypeName(1.5), 'float64');
  assert.equal(goTypeName('s'), 'string');
});
