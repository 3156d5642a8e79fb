import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  parseSelector,
  labelSelectorAsSelector,
  selectorFromSet,
  everything,
  nothing,
  formatLabels,
  formatLabelSelector,
  validateLabelSelector,
  newRequirement,
  SelectorError,
} from './labels.js';
import { fieldErrorString } from './field-errors.js';
import type { LabelSelector } from './types.js';

const KEY_MSG =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

test('parseSelector: canonical string of valid selectors', () => {
  const cases: [string, string][] = [
    ['', ''],
    ['x=a', 'x=a'],
    ['x==a', 'x==a'],
    ['x!=a', 'x!=a'],
    ['foo=bar,baz=blah', 'baz=blah,foo=bar'],
    ['x in (foo,,baz),y,z notin ()', 'x in (,baz,foo),y,z notin ()'],
    ['  x  in ( b , a )  ', 'x in (a,b)'],
    ['!x', '!x'],
    ['x', 'x'],
    ['x=', 'x='],
    ['x=,z= ', 'x=,z='],
    ['x>1', 'x>1'],
    ['x<5', 'x<5'],
    ['x in (in)', 'x in (in)'],
    ['x notin (notin,a)', 'x notin (a,notin)'],
    ['example.com/app=web', 'example.com/app=web'],
    ['x=a,x!=b', 'x=a,x!=b'],
  ];
  for (const [input, want] of cases) {
    assert.equal(parseSelector(input).toString(), want, `parse(${JSON.stringify(input)})`);
  }
});

test('parseSelector: upstream error messages', () => {
  const cases: [string, string][] = [
    ['x=a||y=b', `unable to parse requirement: values[0][x]: Invalid value: "a||y": ${VALUE_MSG}`],
    ['x==a==b', "found '==', expected: ',' or 'end of string'"],
    ['!x=a', "found '=', expected: ',' or 'end of string'"],
    ['a b', "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt"],
    ['x in a', "unable to parse requirement: found 'a' expected: '('"],
    ['x in (a b)', "unable to parse requirement: found 'b', expected: ',' or ')'"],
    ['x in (a', "unable to parse requirement: found '', expected: ',' or ')'"],
    ['x in (=)', "unable to parse requirement: found '=', expected: ',', ')' or identifier"],
    ['x=(', "unable to parse requirement: found '(', expected: identifier"],
    ['x,', "found '', expected: identifier after ','"],
    [',x', "found ',', expected: !, identifier, or 'end of string'"],
    ['!', "unable to parse requirement: found '', expected: identifier"],
    ['x<a', `unable to parse requirement: values[0]: Invalid value: "a": for 'Gt', 'Lt' operators, the value must be an integer`],
    ['-x=a', `unable to parse requirement: <nil>: Invalid value: "-x": ${KEY_MSG}`],
    ['x=a$', `unable to parse requirement: values[0][x]: Invalid value: "a$": ${VALUE_MSG}`],
  ];
  for (const [input, want] of cases) {
    assert.throws(
      () => parseSelector(input),
      (e: unknown) => e instanceof SelectorError && e.message === want,
      `parse(${JSON.stringify(input)}) should fail with ${want}`,
    );
  }
});

test('selector matching', () => {
  const labels = { app: 'web', tier: 'front', n: '10' };
  const cases: [string, Record<string, string> | undefined, boolean][] = [
    ['', labels, true],
    ['', undefined, true],
    ['app=web', labels, true],
    ['app==web', labels, true],
    ['app=db', labels, false],
    ['app!=db', labels, true],
    ['missing!=x', labels, true],
    ['app in (db,web)', labels, true],
    ['app notin (db,web)', labels, false],
    ['missing notin (a)', labels, true],
    ['missing in (a)', labels, false],
    ['app', labels, true],
    ['!app', labels, false],
    ['!missing', labels, true],
    ['missing=', labels, false],
    ['n>9', labels, true],
    ['n>10', labels, false],
    ['n<11', labels, true],
    ['app>1', labels, false],
    ['app=web,tier=back', labels, false],
    ['app=web,tier in (front)', labels, true],
  ];
  for (const [sel, l, want] of cases) {
    assert.equal(parseSelector(sel).matches(l), want, `${sel} vs ${JSON.stringify(l)}`);
  }
});

test('labelSelectorAsSelector: everything, nothing, canonical form', () => {
  const cases: [LabelSelector | null | undefined, string, boolean, boolean][] = [
    // selector, toString, empty(), matchesNothing()
    [null, '', false, true],
    [undefined, '', false, true],
    [{}, '', true, false],
    [{ matchLabels: {}, matchExpressions: [] }, '', true, false],
    [{ matchLabels: { foo: 'bar', baz: 'blah' } }, 'baz=blah,foo=bar', false, false],
    [
      {
        matchLabels: { a: 'b' },
        matchExpressions: [
          { key: 'z', operator: 'In', values: ['2', '1'] },
          { key: 'c', operator: 'Exists' },
          { key: 'd', operator: 'DoesNotExist' },
          { key: 'e', operator: 'NotIn', values: ['x'] },
        ],
      },
      'a=b,c,!d,e notin (x),z in (1,2)',
      false,
      false,
    ],
  ];
  for (const [ls, str, empty, none] of cases) {
    const s = labelSelectorAsSelector(ls);
    assert.equal(s.toString(), str, JSON.stringify(ls));
    assert.equal(s.empty(), empty, `empty ${JSON.stringify(ls)}`);
    assert.equal(s.matchesNothing(), none, `nothing ${JSON.stringify(ls)}`);
  }
  assert.equal(labelSelectorAsSelector(null).matches({}), false);
  assert.equal(labelSelectorAsSelector({}).matches({ any: 'thing' }), true);
});

test('labelSelectorAsSelector: errors', () => {
  const cases: [LabelSelector, string][] = [
    [{ matchExpressions: [{ key: 'a', operator: 'Foo' }] }, '"Foo" is not a valid label selector operator'],
    [{ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }, "values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty"],
    [{ matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] }, `values: Invalid value: []string{"x"}: values set must be empty for exists and does not exist`],
    [{ matchLabels: { '-a': 'b' } }, `key: Invalid value: "-a": ${KEY_MSG}`],
    [
      { matchLabels: { a: 'b$' }, matchExpressions: [] },
      `values[0][a]: Invalid value: "b$": ${VALUE_MSG}`,
    ],
  ];
  for (const [ls, want] of cases) {
    assert.throws(() => labelSelectorAsSelector(ls), (e: unknown) => e instanceof SelectorError && e.message === want, JSON.stringify(ls));
  }
});

test('newRequirement aggregates several errors in brackets', () => {
  assert.throws(
    () => newRequirement('-a', 'in', []),
    (e: unknown) =>
      e instanceof SelectorError && e.message === `[key: Invalid value: "-a": ${KEY_MSG}, values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty]`,
  );
  assert.throws(() => newRequirement('a', 'bogus', []), (e: unknown) => e instanceof SelectorError && e.message.startsWith('operator: Unsupported value: "bogus"'));
});

test('selectorFromSet, everything, nothing, requiresExactMatch', () => {
  assert.equal(selectorFromSet({ b: '2', a: '1' }).toString(), 'a=1,b=2');
  assert.equal(selectorFromSet({}).empty(), true);
  assert.equal(everything.matches({ x: 'y' }), true);
  assert.equal(nothing.matches({}), false);
  assert.equal(nothing.empty(), false);
  const s = parseSelector('a=1,b in (2),c in (3,4),d!=5');
  assert.deepEqual(['a', 'b', 'c', 'd', 'e'].map((k) => s.requiresExactMatch(k)), ['1', '2', undefined, undefined, undefined]);
});

test('formatLabels and formatLabelSelector', () => {
  const cases: [string, string][] = [
    [formatLabels({ b: '2', a: '1' }), 'a=1,b=2'],
    [formatLabels({}), '<none>'],
    [formatLabels(undefined), '<none>'],
    [formatLabelSelector({ matchLabels: { app: 'web' } }), 'app=web'],
    [formatLabelSelector({}), '<none>'],
    [formatLabelSelector(null), '<none>'],
    [formatLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Bad' }] }), '<error>'],
  ];
  for (const [got, want] of cases) assert.equal(got, want);
});

test('validateLabelSelector: field errors as metav1 validation reports them', () => {
  const cases: [LabelSelector | null, string[]][] = [
    [null, []],
    [{ matchLabels: { app: 'web' } }, []],
    [{ matchExpressions: [{ key: 'a', operator: 'In' }] }, ["spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'"]],
    [
      { matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] },
      ["spec.selector.matchExpressions[0].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'"],
    ],
    [{ matchExpressions: [{ key: 'a', operator: 'Equals', values: ['x'] }] }, ['spec.selector.matchExpressions[0].operator: Invalid value: "Equals": not a valid selector operator']],
    [{ matchLabels: { 'a/b/c': 'x' } }, [
      `spec.selector.matchLabels: Invalid value: "a/b/c": a valid label key must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ]],
    [{ matchLabels: { 'Bad_Prefix/a': 'x' } }, [
      "spec.selector.matchLabels: Invalid value: \"Bad_Prefix/a\": prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    ]],
    [{ matchLabels: { a: 'x'.repeat(64) } }, [`spec.selector.matchLabels: Invalid value: "${'x'.repeat(64)}": must be no more than 63 characters`]],
  ];
  for (const [ls, want] of cases) {
    assert.deepEqual(validateLabelSelector(ls, 'spec.selector').map(fieldErrorString), want, JSON.stringify(ls));
  }
});
