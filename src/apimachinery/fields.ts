// Field selectors as k8s.io/apimachinery/pkg/fields implements them: `a=b,c!=d,e==f`, with
// `\,` `\=` `\\` escapes in values. The API server parses `?fieldSelector=`, rejects field names the
// resource does not support with upstream's `field label not supported: <name>` (400), and matches
// objects on a flat map of field values (a missing field reads as "", as upstream's Fields.Get does).

export type FieldOperator = '=' | '==' | '!=';

export interface FieldRequirement {
  readonly field: string;
  readonly operator: FieldOperator;
  readonly value: string;
}

export type FieldSet = Readonly<Record<string, string>>;

export class FieldSelectorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FieldSelectorError';
  }
}

export interface FieldSelector {
  readonly requirements: readonly FieldRequirement[];
  matches(fields: FieldSet): boolean;
  empty(): boolean;
  /** Canonical form with values escaped; terms in parse (sorted) order. */
  toString(): string;
  /** The value a field must equal (`f=v` / `f==v`), if the selector pins one. */
  requiresExactMatch(field: string): string | undefined;
  /** Distinct field names used, in order of first use. */
  fieldNames(): string[];
}

const escapes: Record<string, string> = { '\\': '\\\\', ',': '\\,', '=': '\\=' };

/** fields.EscapeValue. */
export function escapeValue(s: string): string {
  return s.replace(/[\\,=]/g, (c) => escapes[c]);
}

/** fields.UnescapeValue: `\\`, `\,`, `\=` are the only escapes; bare `,` or `=` are errors. */
export function unescapeValue(s: string): string {
  if (!/[\\,=]/.test(s)) return s;
  let out = '';
  let inSlash = false;
  for (const c of s) {
    if (inSlash) {
      if (c !== '\\' && c !== ',' && c !== '=') throw new FieldSelectorError(`invalid field selector: invalid escape sequence: \\${c}`);
      out += c;
      inSlash = false;
    } else if (c === '\\') {
      inSlash = true;
    } else if (c === ',' || c === '=') {
      // Go prints the rune with %v, i.e. its code point.
      throw new FieldSelectorError(`invalid field selector: unescaped character in value: ${c.codePointAt(0)}`);
    } else {
      out += c;
    }
  }
  if (inSlash) throw new FieldSelectorError('invalid field selector: invalid escape sequence: \\');
  return out;
}

/** Splits on commas not preceded by a backslash escape; escapes stay in the terms. */
function splitTerms(s: string): string[] {
  if (s === '') return [];
  const terms: string[] = [];
  let start = 0;
  let inSlash = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (inSlash) inSlash = false;
    else if (c === '\\') inSlash = true;
    else if (c === ',') {
      terms.push(s.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(s.slice(start));
  return terms;
}

/** The first operator occurrence splits the term; `!=` and `==` win over `=` at the same spot. */
function splitTerm(term: string): [string, FieldOperator, string] | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const op of ['!=', '==', '='] as const) {
      if (term.startsWith(op, i)) return [term.slice(0, i), op, term.slice(i + op.length)];
    }
  }
  return undefined;
}

class Selector implements FieldSelector {
  constructor(readonly requirements: readonly FieldRequirement[]) {}
  matches(fields: FieldSet): boolean {
    return this.requirements.every((r) => {
      const v = Object.hasOwn(fields, r.field) ? fields[r.field] : '';
      return r.operator === '!=' ? v !== r.value : v === r.value;
    });
  }
  empty(): boolean {
    return this.requirements.length === 0;
  }
  toString(): string {
    return this.requirements.map((r) => `${r.field}${r.operator === '!=' ? '!=' : '='}${escapeValue(r.value)}`).join(',');
  }
  requiresExactMatch(field: string): string | undefined {
    return this.requirements.find((r) => r.field === field && r.operator !== '!=')?.value;
  }
  fieldNames(): string[] {
    return [...new Set(this.requirements.map((r) => r.field))];
  }
}

/** Matches everything. */
export const everythingFields: FieldSelector = new Selector([]);

/**
 * fields.ParseSelector. Terms are sorted as upstream sorts them; errors carry upstream's text,
 * e.g. `invalid selector: 'foo'; can't understand 'foo'`.
 */
export function parseFieldSelector(selector: string): FieldSelector {
  const reqs: FieldRequirement[] = [];
  for (const part of splitTerms(selector).sort()) {
    if (part === '') continue;
    const split = splitTerm(part);
    if (!split) throw new FieldSelectorError(`invalid selector: '${selector}'; can't understand '${part}'`);
    const [field, operator, rhs] = split;
    reqs.push({ field, operator, value: unescapeValue(rhs) });
  }
  return new Selector(reqs);
}

/** fields.SelectorFromSet / OneTermEqualSelector: field=value for every entry. */
export function fieldSelectorFromSet(set: FieldSet): FieldSelector {
  return new Selector(Object.entries(set).map(([field, value]) => ({ field, operator: '=', value })));
}

/** The first field name `supported` rejects, as the API server's field label conversion finds it. */
export function firstUnsupportedField(sel: FieldSelector, supported: (field: string) => boolean): string | undefined {
  return sel.requirements.find((r) => !supported(r.field))?.field;
}

/** Throws upstream's conversion error for the first unsupported field name. */
export function assertSupportedFields(sel: FieldSelector, supported: (field: string) => boolean): void {
  const bad = firstUnsupportedField(sel, supported);
  if (bad !== undefined) throw new FieldSelectorError(`field label not supported: ${bad}`);
}

/** Fields every kind supports: metadata.name and metadata.namespace (namespace '' when cluster-scoped). */
export function objectMetaFields(meta: { name?: string; namespace?: string }): Record<string, string> {
  return { 'metadata.name': meta.name ?? '', 'metadata.namespace': meta.namespace ?? '' };
}
