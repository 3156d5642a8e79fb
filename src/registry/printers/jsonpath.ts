// The subset of client-go's JSONPath that CRD additionalPrinterColumns use, evaluated the way the
// CRD table convertor does (missing keys allowed, so absent data yields no results rather than an
// error). Supported: `.field`, `\.` inside field names, `['key']`, `[n]` (negative counts from the
// end), `[a:b]`, `[*]`, `.*`, `..field` (recursive descent) and filters `[?(@.path op literal)]`
// with ==, !=, <, <=, >, >= and bare `[?(@.path)]` existence tests.

type Step =
  | { kind: 'field'; name: string }
  | { kind: 'wildcard' }
  | { kind: 'recursive'; name: string }
  | { kind: 'index'; index: number }
  | { kind: 'slice'; start?: number; end?: number }
  | { kind: 'filter'; path: Step[]; op?: string; literal?: unknown };

export class JsonPathError extends Error {}

const FILTER_RE = /^\?\(\s*@((?:[^=!<>\s]|\\.)*)\s*(?:(==|!=|<=|>=|<|>)\s*(.+?))?\s*\)$/;

function parseLiteral(raw: string): unknown {
  const s = raw.trim();
  if ((s.startsWith('"') && s.endsWith('"')) || (s.startsWith("'") && s.endsWith("'"))) return s.slice(1, -1);
  if (s === 'true' || s === 'false') return s === 'true';
  if (s === 'null') return null;
  const n = Number(s);
  if (s !== '' && !Number.isNaN(n)) return n;
  throw new JsonPathError(`unrecognized filter literal ${raw}`);
}

function parseBracket(body: string): Step {
  const b = body.trim();
  if (b === '*') return { kind: 'wildcard' };
  if ((b.startsWith("'") && b.endsWith("'")) || (b.startsWith('"') && b.endsWith('"'))) return { kind: 'field', name: b.slice(1, -1) };
  if (b.startsWith('?')) {
    const m = FILTER_RE.exec(b);
    if (!m) throw new JsonPathError(`unrecognized filter ${b}`);
    const path = m[1] ? parsePath(m[1]) : [];
    return m[2] ? { kind: 'filter', path, op: m[2], literal: parseLiteral(m[3]) } : { kind: 'filter', path };
  }
  if (b.includes(':')) {
    const [a, c] = b.split(':');
    return { kind: 'slice', start: a.trim() ? Number(a) : undefined, end: c.trim() ? Number(c) : undefined };
  }
  if (/^-?\d+$/.test(b)) return { kind: 'index', index: Number(b) };
  throw new JsonPathError(`unrecognized array selector [${b}]`);
}

/** Reads a field name up to the next unescaped '.' or '['; `\.` is a literal dot. */
function readName(p: string, i: number): [string, number] {
  let name = '';
  while (i < p.length && p[i] !== '.' && p[i] !== '[') {
    if (p[i] === '\\' && i + 1 < p.length) i++;
    name += p[i++];
  }
  return [name, i];
}

function closingBracket(p: string, i: number): number {
  let depth = 0;
  let quote = '';
  for (let j = i; j < p.length; j++) {
    const c = p[j];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[' || c === '(') depth++;
    else if (c === ']' || c === ')') {
      depth--;
      if (depth === 0 && c === ']') return j;
    }
  }
  throw new JsonPathError(`unclosed [ in ${p}`);
}

/** Parses a path such as `.status.conditions[?(@.type=="Ready")].status` (with or without `$`, `{}`). */
export function parsePath(path: string): Step[] {
  let p = path.trim();
  if (p.startsWith('{') && p.endsWith('}')) p = p.slice(1, -1).trim();
  if (p.startsWith('$')) p = p.slice(1);
  const steps: Step[] = [];
  let i = 0;
  while (i < p.length) {
    if (p.startsWith('..', i)) {
      const [name, next] = readName(p, i + 2);
      steps.push({ kind: 'recursive', name });
      i = next;
    } else if (p[i] === '.') {
      const [name, next] = readName(p, i + 1);
      if (name === '*') steps.push({ kind: 'wildcard' });
      else if (name !== '') steps.push({ kind: 'field', name });
      i = next;
    } else if (p[i] === '[') {
      const end = closingBracket(p, i);
      steps.push(parseBracket(p.slice(i + 1, end)));
      i = end + 1;
    } else {
      const [name, next] = readName(p, i);
      steps.push({ kind: 'field', name });
      i = next;
    }
  }
  return steps;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function children(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (isObject(v)) return Object.values(v);
  return [];
}

function descendants(v: unknown, name: string, out: unknown[]): void {
  if (isObject(v) && Object.hasOwn(v, name)) out.push(v[name]);
  for (const c of children(v)) descendants(c, name, out);
}

function compare(left: unknown, op: string, right: unknown): boolean {
  if (typeof left === 'number' && typeof right === 'number') {
    return { '==': left === right, '!=': left !== right, '<': left < right, '<=': left <= right, '>': left > right, '>=': left >= right }[op] ?? false;
  }
  if (typeof left !== typeof right) return false;
  if (op === '==') return left === right;
  if (op === '!=') return left !== right;
  if (typeof left !== 'string') return false;
  const r = right as string;
  return { '<': left < r, '<=': left <= r, '>': left > r, '>=': left >= r }[op] ?? false;
}

function passes(item: unknown, step: Extract<Step, { kind: 'filter' }>): boolean {
  const lefts = evaluate(step.path, item);
  if (step.op === undefined) return lefts.some((l) => l !== null && l !== undefined);
  return lefts.some((l) => compare(l, step.op!, step.literal));
}

function sliceOf(arr: unknown[], start: number | undefined, end: number | undefined): unknown[] {
  const norm = (n: number) => (n < 0 ? Math.max(arr.length + n, 0) : Math.min(n, arr.length));
  return arr.slice(start === undefined ? 0 : norm(start), end === undefined ? arr.length : norm(end));
}

function apply(step: Step, v: unknown): unknown[] {
  switch (step.kind) {
    case 'field':
      return isObject(v) && Object.hasOwn(v, step.name) ? [v[step.name]] : [];
    case 'wildcard':
      return children(v);
    case 'recursive': {
      const out: unknown[] = [];
      descendants(v, step.name, out);
      return out;
    }
    case 'index': {
      if (!Array.isArray(v)) return [];
      const i = step.index < 0 ? v.length + step.index : step.index;
      return i >= 0 && i < v.length ? [v[i]] : [];
    }
    case 'slice':
      return Array.isArray(v) ? sliceOf(v, step.start, step.end) : [];
    case 'filter':
      return children(v).filter((item) => passes(item, step));
  }
}

/** All values the path selects in `data`, in document order (missing keys select nothing). */
export function evaluate(steps: Step[], data: unknown): unknown[] {
  let current: unknown[] = [data];
  for (const step of steps) current = current.flatMap((v) => apply(step, v));
  return current;
}

/** Parses then evaluates. */
export function findResults(path: string, data: unknown): unknown[] {
  return evaluate(parsePath(path), data);
}
