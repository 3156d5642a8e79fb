// Compares what a README command printed with what the README says it prints, ignoring only what
// legitimately changes from run to run: AGE-like durations, column padding, and names the system
// picks (pod IPs, PV names, revision hashes, UIDs, node names). Those chosen names are not
// ignored but *bound*: the README's `10.244.0.3` must stand for one and the same actual IP
// everywhere (and two different README IPs for two different actual IPs), so "the IP stays the
// same across recreation", "the three pods are on three distinct nodes" and "dig answers the
// pod's IP" are still checked.

/** Names the system chooses; each README value binds to one actual value. */
export type TokenKind = 'pv' | 'uid' | 'ip' | 'node' | 'hash';

/** The fixed IP of examples/calico-fixed-ip-pod.yaml: asked for, so it must be printed as is. */
const LITERAL_IPS = new Set(['10.244.7.9']);

// Order matters: a PV name contains a UUID. A revision hash is `<set>-<hash>` with the alphabet
// of k8s.io/apimachinery's rand.SafeEncodeString and at least one digit and one letter, which
// keeps words like `web-ondelete-1` out.
const TOKEN_RE =
  /(?<pv>\bpvc-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b)|(?<uid>\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b)|(?<ip>\b10\.\d{1,3}\.\d{1,3}\.\d{1,3}\b)|(?<node>\bnode-\d+\b)|(?<hash>\b[a-z][a-z0-9-]*-(?=[a-z0-9]*\d)(?=[a-z0-9]*[a-z])[bcdfghjklmnpqrstvwxz2456789]{6,10}\b)/g;

/** A kubectl duration cell: `0s`, `4s`, `2m4s`, `34h`, `5d3h` (and `<invalid>` for clock skew). */
const AGE_CELL = /^(?:(?:\d+(?:ms|[smhdy]))+|<invalid>)$/;

/**
 * Durations inside a cell (`(took 4.1s)`, `in 2s (2s including waiting)`, `(x2 over 5s)`): they
 * scale with the time scale and jitter with load.
 */
const DURATION_IN_TEXT = /(?<![\w.:/-])\d+(?:\.\d+)?(?:ms|[smh])(?:\d+(?:\.\d+)?(?:ms|[smh]))*(?![\w.])/g;

/** kubectl's stderr warnings (`Warning: short name "sts" ...`): order-insensitive w.r.t. stdout. */
export const isWarning = (line: string): boolean => /^Warning: /.test(line);

export interface Token {
  kind: TokenKind;
  value: string;
}

/**
 * A line reduced to what must match exactly: cells split on tabs or 2+ spaces (so padding does
 * not count), AGE cells replaced by `<age>`, chosen names replaced by `<kind>` and returned apart.
 */
export function templateOf(line: string): { template: string; tokens: Token[] } {
  const tokens: Token[] = [];
  const cells = line
    .trim()
    .split(/\t+| {2,}/)
    .map((c) => (AGE_CELL.test(c) ? '<age>' : c.replace(DURATION_IN_TEXT, '<duration>')));
  const template = cells.join(' │ ').replace(TOKEN_RE, (m: string, ...rest: unknown[]) => {
    const groups = rest[rest.length - 1] as Record<string, string | undefined>;
    const kind = (Object.keys(groups) as TokenKind[]).find((k) => groups[k] !== undefined)!;
    if (kind === 'ip' && LITERAL_IPS.has(m)) return m;
    tokens.push({ kind, value: m });
    return `<${kind}>`;
  });
  return { template, tokens };
}

/**
 * README value ↔ actual value, both ways, per kind. Node names are bound per command (the
 * scheduler may place a recreated pod elsewhere), the rest for the whole walkthrough.
 */
export class Bindings {
  private readonly maps = new Map<TokenKind, { r2a: Map<string, string>; a2r: Map<string, string> }>();

  clone(): Bindings {
    const b = new Bindings();
    for (const [k, m] of this.maps) b.maps.set(k, { r2a: new Map(m.r2a), a2r: new Map(m.a2r) });
    return b;
  }

  /** Takes over the bindings of a trial copy that turned out right. */
  adopt(trial: Bindings): void {
    this.maps.clear();
    for (const [k, m] of trial.maps) this.maps.set(k, m);
  }

  /** Forgets the bindings that last one command only. */
  endCommand(): void {
    this.maps.delete('node');
  }

  /** Binds; returns why it cannot (an inconsistency with an earlier binding), or undefined. */
  bind(kind: TokenKind, readme: string, actual: string): string | undefined {
    let m = this.maps.get(kind);
    if (!m) this.maps.set(kind, (m = { r2a: new Map(), a2r: new Map() }));
    const a = m.r2a.get(readme);
    const r = m.a2r.get(actual);
    if (a !== undefined && a !== actual) return `README's ${kind} ${readme} stood for ${a} before, here it is ${actual}`;
    if (r !== undefined && r !== readme) return `actual ${kind} ${actual} stood for README's ${r} before, here the README has ${readme}`;
    m.r2a.set(readme, actual);
    m.a2r.set(actual, readme);
    return undefined;
  }

  /** Replaces README values that are bound by their actual values (e.g. a PV name in a path). */
  substitute(command: string): string {
    let out = command;
    for (const m of this.maps.values()) for (const [r, a] of m.r2a) out = out.split(r).join(a);
    return out;
  }
}

export interface Mismatch {
  /** A readable account: which lines differ, README vs actual. */
  report: string;
}

/** How a command's output is compared. */
export type Mode = 'exact' | 'set' | 'unordered' | 'watch';

/**
 * `exact`: line by line (warnings aside, as a multiset). `set`: for inherently timing-dependent
 * output (`get -w` interleavings, repeated `Waiting for 1 pods to be ready...`, events that
 * repeat while a retry backs off): the same distinct lines, and the same last line. kubectl's
 * progress lines (`Waiting for ...`) are what it saw at each poll, so which of them a run prints
 * depends on timing (`0 out of 2 new pods have been updated` shows only if kubectl polled before
 * the controller's first step): they may be missing or extra; the final verdict line may not.
 * `unordered` (`kubectl get events`: events written by different components in the same second
 * list in either order): the same distinct lines, in any order.
 * `watch` (`kubectl get -w`): as `set`, after forgiving where each object's watch began (see
 * alignWatchStart).
 * On success the bindings are updated in place; on failure they are left untouched.
 */
export function compareOutput(expected: string[], actual: string[], mode: Mode, bindings: Bindings): Mismatch | undefined {
  const warn = compareWarnings(expected.filter(isWarning), actual.filter(isWarning));
  const e = expected.filter((l) => !isWarning(l));
  const a = actual.filter((l) => !isWarning(l));
  const body =
    mode === 'exact' ? compareExact(e, a, bindings) : mode === 'watch' ? compareSet(...alignWatchStart(e, a)) : compareSet(e, a, mode === 'set');
  if (!warn && !body) return undefined;
  return { report: [body?.report, warn?.report].filter(Boolean).join('\n') };
}

function compareWarnings(e: string[], a: string[]): Mismatch | undefined {
  const se = [...e].sort();
  const sa = [...a].sort();
  if (se.join('\n') === sa.join('\n')) return undefined;
  return { report: `kubectl warnings differ:\n${se.map((l) => `  README: ${l}`).join('\n')}\n${sa.map((l) => `  actual: ${l}`).join('\n')}` };
}

function compareExact(e: string[], a: string[], bindings: Bindings): Mismatch | undefined {
  const trial = bindings.clone();
  const problems: string[] = [];
  const n = Math.max(e.length, a.length);
  for (let i = 0; i < n; i++) {
    const why = compareLine(e[i], a[i], trial);
    problems.push(why ? `- README: ${e[i] ?? '(no line)'}\n+ actual: ${a[i] ?? '(no line)'}\n  (${why})` : `  ${e[i]}`);
  }
  if (problems.every((p) => p.startsWith('  '))) {
    bindings.adopt(trial);
    return undefined;
  }
  return { report: problems.join('\n') };
}

function compareLine(e: string | undefined, a: string | undefined, trial: Bindings): string | undefined {
  if (e === undefined || a === undefined) return e === undefined ? 'a line the README does not show' : 'a line missing from the output';
  const te = templateOf(e);
  const ta = templateOf(a);
  if (te.template !== ta.template) return `differs after normalizing: ${JSON.stringify(te.template)} vs ${JSON.stringify(ta.template)}`;
  for (let j = 0; j < te.tokens.length; j++) {
    const why = trial.bind(te.tokens[j].kind, te.tokens[j].value, ta.tokens[j].value);
    if (why) return why;
  }
  return undefined;
}

/** A progress line of `kubectl rollout status` / `kubectl wait`: what one poll saw. */
const isProgress = (template: string): boolean => template.startsWith('Waiting for ');

function compareSet(e: string[], a: string[], sameLast = true): Mismatch | undefined {
  const norm = (l: string): string => templateOf(l).template;
  const se = new Set(e.map(norm));
  const sa = new Set(a.map(norm));
  const missing = [...se].filter((l) => !sa.has(l) && !(sameLast && isProgress(l)));
  const extra = [...sa].filter((l) => !se.has(l) && !(sameLast && isProgress(l)));
  const lastE = e.length && sameLast ? norm(e[e.length - 1]) : undefined;
  const lastA = a.length && sameLast ? norm(a[a.length - 1]) : undefined;
  if (!missing.length && !extra.length && lastE === lastA) return undefined;
  const lines = [
    sameLast ? '(compared as the same distinct lines and the same last line)' : '(compared as the same distinct lines, in any order)',
    ...missing.map((l) => `- README only: ${l}`),
    ...extra.map((l) => `+ actual only: ${l}`),
    ...(lastE === lastA ? [] : [`- README last line: ${lastE ?? '(none)'}`, `+ actual last line: ${lastA ?? '(none)'}`]),
    'actual output:',
    ...a.map((l) => `  ${l}`),
  ];
  return { report: lines.join('\n') };
}

export const rowKey = (line: string): string => line.trim().split(/\s+/)[0] ?? '';

/**
 * When a watch starts is timing: it may start earlier in an object's life than the README's did
 * (actual lines before the README's first state of that object are dropped) or later (then the
 * README's first state may be missing, if the actual first state is a later one the README shows).
 * What happens after the start must still match.
 */
export function alignWatchStart(e: string[], a: string[]): [string[], string[]] {
  const norm = (l: string): string => templateOf(l).template;
  let expected = [...e];
  let actual = [...a];
  for (const key of new Set(e.map(rowKey))) {
    const mine = (ls: string[]): string[] => ls.filter((l) => rowKey(l) === key).map(norm);
    const first = mine(expected)[0];
    const at = actual.findIndex((l) => rowKey(l) === key && norm(l) === first);
    if (at > 0) actual = actual.filter((l, i) => i >= at || rowKey(l) !== key);
    else if (at < 0 && mine(expected).includes(mine(actual)[0])) expected = expected.filter((l) => !(rowKey(l) === key && norm(l) === first));
  }
  return [expected, actual];
}
