import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ResourceType } from '../../registry/types.js';
import type { FieldValidator } from './context.js';
import { patchFieldValidator } from './patch-checks.js';

const type = { kind: 'Pod', group: '' } as ResourceType;

/** Reports `unknown field "<key>"` for top-level keys starting with x and a type error for `bad`; logs what it was asked. */
function fakeInner(asked: unknown[]): FieldValidator {
  return {
    problems: (_t, _v, obj, raw) => {
      asked.push(obj);
      const unknown = Object.keys(obj as object).filter((k) => k.startsWith('x')).map((k) => `unknown field "${k}"`);
      return [...unknown, ...(raw?.includes('dup') ? ['duplicate field "dup"'] : [])];
    },
    strictMessage: (kind) => `strict ${kind}`,
    typeError: (_t, _v, obj) => {
      asked.push(obj);
      return 'bad' in (obj as object) ? 'json: cannot unmarshal string into Go struct field Pod.bad of type int32' : undefined;
    },
  };
}

const cases: { name: string; patched: object; written: unknown; raw: string; problems: string[]; typeError?: string; askedPatched: boolean }[] = [
  { name: 'clean body: the patched object is never walked', patched: { status: {}, spec: {} }, written: { status: {} }, raw: '{}', problems: [], askedPatched: false },
  {
    name: 'duplicates in the body text are still found',
    patched: { status: {} },
    written: { status: {} },
    raw: '{"dup":1,"dup":2}',
    problems: ['duplicate field "dup"'],
    askedPatched: false,
  },
  {
    name: 'an unknown field in the body: the patched object is checked (its paths)',
    patched: { status: {}, xStored: 1, xNew: 1 },
    written: { xNew: 1 },
    raw: '{}',
    problems: ['unknown field "xStored"', 'unknown field "xNew"'],
    askedPatched: true,
  },
  {
    name: 'a type error in the body: the patched object is decoded for the message',
    patched: { bad: 'x' },
    written: { bad: 'x' },
    raw: '{}',
    problems: [],
    typeError: 'json: cannot unmarshal string into Go struct field Pod.bad of type int32',
    askedPatched: true,
  },
  {
    name: 'no body to check (JSON patch): the patched object is checked',
    patched: { status: {} },
    written: undefined,
    raw: '[]',
    problems: [],
    askedPatched: true,
  },
];

for (const c of cases) {
  test(`patchFieldValidator: ${c.name}`, () => {
    const asked: unknown[] = [];
    const v = patchFieldValidator(fakeInner(asked), c.patched, c.written);
    assert.equal(v.typeError!(type, 'v1', c.patched, c.raw), c.typeError);
    assert.deepEqual(v.problems(type, 'v1', c.patched, c.raw, 'application/json'), c.problems);
    assert.equal(asked.includes(c.patched), c.askedPatched);
  });
}

test('patchFieldValidator: the second decoding check of the same object is answered from the first', () => {
  const asked: unknown[] = [];
  const patched = { status: {} };
  const v = patchFieldValidator(fakeInner(asked), patched, undefined);
  assert.equal(v.typeError!(type, 'v1', patched), undefined);
  const n = asked.length;
  assert.equal(v.typeError!(type, 'v1', patched), undefined);
  assert.equal(asked.length, n);
});

test('patchFieldValidator: other objects go to the inner validator', () => {
  const asked: unknown[] = [];
  const v = patchFieldValidator(fakeInner(asked), { a: 1 }, { a: 1 });
  const other = { xOther: 1, bad: 1 };
  assert.deepEqual(v.problems(type, 'v1', other), ['unknown field "xOther"']);
  assert.ok(v.typeError!(type, 'v1', other));
  assert.equal(v.strictMessage('Pod', 'v1', []), 'strict Pod');
});
