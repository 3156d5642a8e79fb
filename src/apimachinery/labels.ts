// Label selectors as k8s.io/apimachinery/pkg/labels and metav1's LabelSelector helpers implement
// them. The API server parses `?labelSelector=` with parseSelector (a parse error becomes a 400
// whose message is the error text), controllers turn spec.selector into a Selector with
// labelSelectorAsSelector, and the scale subresource publishes Selector.toString(). All three are
// observable by kubectl and by conformance tests, so grammar, messages and canonical form follow
// upstream exactly.

import type { LabelSelector } from './types.js';
import { fieldErr, type FieldError, errorBody } from './field-errors.js';
import { labelKeyErrors, labelValueErrors } from './label-syntax.js';
import { scan, Tok, type Scanned } from './label-lexer.js';

/** selection.Operator values as upstream spells them. */
export type Operator = 'in' | 'notin' | '=' | '==' | '!=' | 'exists' | '!' | 'gt' | 'lt';

const binaryOperators: Operator[] = ['in', 'notin', '=', '==', '!=', 'gt', 'lt'];
const validOperators: Operator[] = [...binaryOperators, 'exists', '!'];

export interface Requirement {
  readonly key: string;
  readonly operator: Operator;
  /** Values as given; toString() prints them sorted. */
  readonly values: readonly string[];
}

export type Labels = Readonly<Record<string, string>> | undefined | null;

/** A parse or conversion failure; `message` is upstream's error text. */
export class SelectorError extends Error {
  constructor(
    message: string,
    readonly causes: FieldError[] = [],
  ) {
    super(message);
    this.name = 'SelectorError';
  }
}

// ---------------------------------------------------------------------------------------------
// Requirements

/** Renders a field error the way field.Error.Error() does, Go-formatting string slices. */
function renderFieldError(e: FieldError): string {
  if (Array.isArray(e.badValue) && e.type === 'FieldValueInvalid') {
    const vals = e.badValue.map((v) => JSON.stringify(v)).join(', ');
    return `${e.field}: Invalid value: []string{${vals}}${e.detail ? `: ${e.detail}` : ''}`;
  }
  return `${e.field}: ${errorBody(e)}`;
}

/** utilerrors.NewAggregate(...).Error(): one message alone, several in brackets (duplicates dropped). */
export function aggregateMessage(errs: FieldError[]): string {
  const msgs = [...new Set(errs.map(renderFieldError))];
  return msgs.length === 1 ? msgs[0] : `[${msgs.join(', ')}]`;
}

const INT64 = /^[+-]?\d+$/;
function isInt64(s: string): boolean {
  if (!INT64.test(s)) return false;
  const n = BigInt(s);
  return n >= -(2n ** 63n) && n < 2n ** 63n;
}

function operatorValueErrors(op: string, vals: readonly string[], path: string): FieldError[] {
  const vpath = `${path}values`;
  switch (op) {
    case 'in':
    case 'notin':
      return vals.length === 0 ? [fieldErr.invalid(vpath, [...vals], "for 'in', 'notin' operators, values set can't be empty")] : [];
    case '=':
    case '==':
    case '!=':
      return vals.length !== 1 ? [fieldErr.invalid(vpath, [...vals], 'exact-match compatibility requires one single value')] : [];
    case 'exists':
    case '!':
      return vals.length !== 0 ? [fieldErr.invalid(vpath, [...vals], 'values set must be empty for exists and does not exist')] : [];
    case 'gt':
    case 'lt': {
      const errs = vals.length !== 1 ? [fieldErr.invalid(vpath, [...vals], "for 'Gt', 'Lt' operators, exactly one value is required")] : [];
      vals.forEach((v, i) => {
        if (!isInt64(v)) errs.push(fieldErr.invalid(`${vpath}[${i}]`, v, "for 'Gt', 'Lt' operators, the value must be an integer"));
      });
      return errs;
    }
    default:
      return [fieldErr.notSupported(`${path}operator`, op, validOperators)];
  }
}

/**
 * labels.NewRequirement: validates key, operator/value arity and each value. `path` prefixes
 * field paths ('' gives upstream's default "key", "values[0][k]").
 */
export function newRequirement(key: string, operator: string, values: readonly string[], path = ''): Requirement {
  const prefix = path ? `${path}.` : '';
  const keyMsgs = labelKeyErrors(key);
  const errs: FieldError[] = keyMsgs.length ? [fieldErr.invalid(`${prefix}key`, key, keyMsgs.join('; '))] : [];
  errs.push(...operatorValueErrors(operator, values, prefix));
  values.forEach((v, i) => {
    const msgs = labelValueErrors(v);
    if (msgs.length) errs.push(fieldErr.invalid(`${prefix}values[${i}][${key}]`, v, msgs.join('; ')));
  });
  if (errs.length) throw new SelectorError(aggregateMessage(errs), errs);
  return { key, operator: operator as Operator, values: [...values] };
}

function intCompare(r: Requirement, value: string): boolean {
  if (!isInt64(value) || r.values.length !== 1 || !isInt64(r.values[0])) return false;
  const lv = BigInt(value);
  const rv = BigInt(r.values[0]);
  return r.operator === 'gt' ? lv > rv : lv < rv;
}

export function requirementMatches(r: Requirement, labels: Labels): boolean {
  const has = !!labels && Object.hasOwn(labels, r.key);
  const value = has ? labels![r.key] : undefined;
  switch (r.operator) {
    case 'in':
    case '=':
    case '==':
      return has && r.values.includes(value!);
    case 'notin':
    case '!=':
      return !has || !r.values.includes(value!);
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt':
      return has && intCompare(r, value!);
    default:
      return false;
  }
}

const opText: Partial<Record<Operator, string>> = { '=': '=', '==': '==', '!=': '!=', in: ' in ', notin: ' notin ', gt: '>', lt: '<' };

/** Requirement.String(): `!k`, `k`, `k=v`, `k in (a,b)` with multiple values sorted. */
export function requirementString(r: Requirement): string {
  if (r.operator === '!') return `!${r.key}`;
  if (r.operator === 'exists') return r.key;
  const vals = r.values.length === 1 ? r.values[0] : [...r.values].sort().join(',');
  const set = r.operator === 'in' || r.operator === 'notin';
  return `${r.key}${opText[r.operator] ?? ''}${set ? `(${vals})` : vals}`;
}

// ---------------------------------------------------------------------------------------------
// Selectors

export interface Selector {
  /** Sorted by key, as upstream keeps them. Empty for everything and nothing. */
  readonly requirements: readonly Requirement[];
  matches(labels: Labels): boolean;
  /** True when the selector does not restrict anything (everything). */
  empty(): boolean;
  /** True only for the `nothing` selector (a null metav1.LabelSelector). */
  matchesNothing(): boolean;
  /** Canonical form, e.g. `baz=blah,foo=bar`; '' for everything and nothing. */
  toString(): string;
  /** The single value a key must equal (`k=v`, `k==v`, `k in (v)`), if any. */
  requiresExactMatch(key: string): string | undefined;
}

class RequirementsSelector implements Selector {
  readonly requirements: readonly Requirement[];
  constructor(reqs: Requirement[]) {
    this.requirements = [...reqs].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }
  matches(labels: Labels): boolean {
    return this.requirements.every((r) => requirementMatches(r, labels));
  }
  empty(): boolean {
    return this.requirements.length === 0;
  }
  matchesNothing(): boolean {
    return false;
  }
  toString(): string {
    return this.requirements.map(requirementString).join(',');
  }
  requiresExactMatch(key: string): string | undefined {
    const r = this.requirements.find((x) => x.key === key);
    if (!r || !['=', '==', 'in'].includes(r.operator) || r.values.length !== 1) return undefined;
    return r.values[0];
  }
}

const nothingSelector: Selector = Object.freeze({
  requirements: [],
  matches: () => false,
  empty: () => false,
  matchesNothing: () => true,
  toString: () => '',
  requiresExactMatch: () => undefined,
});

/** Matches every label set. */
export const everything: Selector = new RequirementsSelector([]);
/** Matches no label set (what a null metav1.LabelSelector means). */
export const nothing: Selector = nothingSelector;

/** A selector from requirements already validated. */
export function selectorOf(reqs: Requirement[]): Selector {
  return reqs.length ? new RequirementsSelector(reqs) : everything;
}

/** labels.SelectorFromSet: key=value for every entry; an empty set is everything. No validation. */
export function selectorFromSet(set: Labels): Selector {
  const reqs = Object.entries(set ?? {}).map(([key, v]): Requirement => ({ key, operator: '=', values: [v] }));
  return selectorOf(reqs);
}

// ---------------------------------------------------------------------------------------------
// Parser (labels.Parse)

/** In value position the keywords `in`/`notin` are ordinary identifiers ("x in (in)"). */
function asValue(item: Scanned): Scanned {
  return item.tok === Tok.In || item.tok === Tok.NotIn ? { tok: Tok.Identifier, lit: item.lit } : item;
}

const operatorByToken = new Map<Tok, Operator>([
  [Tok.In, 'in'],
  [Tok.Equals, '='],
  [Tok.DoubleEquals, '=='],
  [Tok.GreaterThan, 'gt'],
  [Tok.LessThan, 'lt'],
  [Tok.NotIn, 'notin'],
  [Tok.NotEquals, '!='],
]);

class Parser {
  private pos = 0;
  constructor(private readonly items: Scanned[]) {}

  private lookahead(valueContext = true): Scanned {
    const item = this.items[this.pos];
    return valueContext ? asValue(item) : item;
  }
  private consume(valueContext = true): Scanned {
    return valueContext ? asValue(this.items[this.pos++]) : this.items[this.pos++];
  }

  parse(): Requirement[] {
    const reqs: Requirement[] = [];
    for (;;) {
      const { tok, lit } = this.lookahead();
      if (tok === Tok.End) return reqs;
      if (tok !== Tok.Identifier && tok !== Tok.DoesNotExist) throw new SelectorError(`found '${lit}', expected: !, identifier, or 'end of string'`);
      reqs.push(this.requirementOrThrow());
      const after = this.consume();
      if (after.tok === Tok.End) return reqs;
      if (after.tok !== Tok.Comma) throw new SelectorError(`found '${after.lit}', expected: ',' or 'end of string'`);
      const next = this.lookahead();
      if (next.tok !== Tok.Identifier && next.tok !== Tok.DoesNotExist) throw new SelectorError(`found '${next.lit}', expected: identifier after ','`);
    }
  }

  private requirementOrThrow(): Requirement {
    try {
      return this.requirement();
    } catch (e) {
      if (e instanceof SelectorError) throw new SelectorError(`unable to parse requirement: ${e.message}`, e.causes);
      throw e;
    }
  }

  private requirement(): Requirement {
    const { key, operator } = this.keyAndInferredOperator();
    if (operator) return newRequirement(key, operator, []);
    const op = this.operator();
    const values = op === 'in' || op === 'notin' ? this.setValues() : this.exactValue();
    return newRequirement(key, op, [...values].sort());
  }

  private keyAndInferredOperator(): { key: string; operator?: Operator } {
    let item = this.consume();
    let operator: Operator | undefined;
    if (item.tok === Tok.DoesNotExist) {
      operator = '!';
      item = this.consume();
    }
    if (item.tok !== Tok.Identifier) throw new SelectorError(`found '${item.lit}', expected: identifier`);
    const keyErrs = labelKeyErrors(item.lit);
    if (keyErrs.length) {
      // Upstream validates with a nil field path here, which prints as "<nil>".
      const err = fieldErr.invalid('<nil>', item.lit, keyErrs.join('; '));
      throw new SelectorError(renderFieldError(err), [err]);
    }
    const next = this.lookahead().tok;
    if ((next === Tok.End || next === Tok.Comma) && operator !== '!') operator = 'exists';
    return { key: item.lit, operator };
  }

  private operator(): Operator {
    const { tok, lit } = this.consume(false);
    const op = operatorByToken.get(tok);
    if (!op) throw new SelectorError(`found '${lit}', expected: ${binaryOperators.join(', ')}`);
    return op;
  }

  private setValues(): Set<string> {
    const open = this.consume();
    if (open.tok !== Tok.OpenPar) throw new SelectorError(`found '${open.lit}' expected: '('`);
    const { tok, lit } = this.lookahead();
    if (tok === Tok.ClosedPar) {
      this.consume();
      return new Set(['']);
    }
    if (tok !== Tok.Identifier && tok !== Tok.Comma) throw new SelectorError(`found '${lit}', expected: ',', ')' or identifier`);
    const values = this.identifierList();
    // Upstream quotes the token seen before the list here, not the offending one.
    if (this.consume().tok !== Tok.ClosedPar) throw new SelectorError(`found '${lit}', expected: ')'`);
    return values;
  }

  /** A comma-separated list where empty entries stand for the empty string ("(a,,b)", "(,a)"). */
  private identifierList(): Set<string> {
    const s = new Set<string>();
    for (;;) {
      const { tok, lit } = this.consume();
      if (tok === Tok.Identifier) {
        s.add(lit);
        const next = this.lookahead();
        if (next.tok === Tok.Comma) continue;
        if (next.tok === Tok.ClosedPar) return s;
        throw new SelectorError(`found '${next.lit}', expected: ',' or ')'`);
      }
      if (tok !== Tok.Comma) throw new SelectorError(`found '${lit}', expected: ',', or identifier`);
      if (s.size === 0) s.add('');
      const next = this.lookahead().tok;
      if (next === Tok.ClosedPar) {
        s.add('');
        return s;
      }
      if (next === Tok.Comma) s.add('');
    }
  }

  private exactValue(): Set<string> {
    const { tok } = this.lookahead();
    if (tok === Tok.End || tok === Tok.Comma) return new Set(['']);
    const item = this.consume();
    if (item.tok === Tok.Identifier) return new Set([item.lit]);
    throw new SelectorError(`found '${item.lit}', expected: identifier`);
  }
}

/**
 * labels.Parse. Throws SelectorError with upstream's message, e.g.
 * `unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt`.
 * The empty string selects everything.
 */
export function parseSelector(selector: string): Selector {
  return selectorOf(new Parser(scan(selector)).parse());
}

// ---------------------------------------------------------------------------------------------
// metav1.LabelSelector

const expressionOperators: Record<string, Operator> = { In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!' };

/**
 * metav1.LabelSelectorAsSelector: null/undefined selects nothing, `{}` selects everything.
 * Throws SelectorError for invalid keys/values or `"Foo" is not a valid label selector operator`.
 */
export function labelSelectorAsSelector(ls: LabelSelector | null | undefined): Selector {
  if (ls === null || ls === undefined) return nothing;
  const matchLabels = ls.matchLabels ?? {};
  const exprs = ls.matchExpressions ?? [];
  if (Object.keys(matchLabels).length + exprs.length === 0) return everything;
  const reqs = Object.entries(matchLabels).map(([k, v]) => newRequirement(k, '=', [v]));
  for (const e of exprs) {
    const op = Object.hasOwn(expressionOperators, e.operator) ? expressionOperators[e.operator] : undefined;
    if (!op) throw new SelectorError(`${JSON.stringify(e.operator)} is not a valid label selector operator`);
    reqs.push(newRequirement(e.key, op, e.values ?? []));
  }
  return selectorOf(reqs);
}

/** labels.FormatLabels: `a=b,c=d` sorted by key, "<none>" when empty. */
export function formatLabels(labels: Labels): string {
  const s = selectorFromSet(labels).toString();
  return s === '' ? '<none>' : s;
}

/** metav1.FormatLabelSelector: canonical string, "<none>" when empty, "<error>" when invalid. */
export function formatLabelSelector(ls: LabelSelector | null | undefined): string {
  try {
    const s = labelSelectorAsSelector(ls).toString();
    return s === '' ? '<none>' : s;
  } catch {
    return '<error>';
  }
}

// ---------------------------------------------------------------------------------------------
// Validation of metav1.LabelSelector objects (metav1 validation.ValidateLabelSelector)

/** ValidateLabels: every key must be a qualified name and every value a valid label value. */
export function validateLabels(labels: Labels, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const k of Object.keys(labels ?? {}).sort()) {
    for (const msg of labelKeyErrors(k)) errs.push(fieldErr.invalid(path, k, msg));
    for (const msg of labelValueErrors(labels![k])) errs.push(fieldErr.invalid(path, labels![k], msg));
  }
  return errs;
}

function validateRequirement(e: { key: string; operator: string; values?: string[] }, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const values = e.values ?? [];
  if (e.operator === 'In' || e.operator === 'NotIn') {
    if (values.length === 0) errs.push(fieldErr.required(`${path}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
  } else if (e.operator === 'Exists' || e.operator === 'DoesNotExist') {
    if (values.length > 0) errs.push(fieldErr.forbidden(`${path}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
  } else {
    errs.push(fieldErr.invalid(`${path}.operator`, e.operator, 'not a valid selector operator'));
  }
  for (const msg of labelKeyErrors(e.key)) errs.push(fieldErr.invalid(`${path}.key`, e.key, msg));
  values.forEach((v, i) => {
    for (const msg of labelValueErrors(v)) errs.push(fieldErr.invalid(`${path}.values[${i}]`, v, msg));
  });
  return errs;
}

/** Field errors for a metav1.LabelSelector at `path` (e.g. "spec.selector"); null is valid. */
export function validateLabelSelector(ls: LabelSelector | null | undefined, path: string): FieldError[] {
  if (!ls) return [];
  const errs = validateLabels(ls.matchLabels, `${path}.matchLabels`);
  (ls.matchExpressions ?? []).forEach((e, i) => errs.push(...validateRequirement(e, `${path}.matchExpressions[${i}]`)));
  return errs;
}
