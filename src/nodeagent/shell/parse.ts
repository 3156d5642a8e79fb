// A small POSIX-sh subset parser for the simulated shell: words with '...' and "..." quoting,
// backslash escapes, $VAR / ${VAR} / $? expansion, `;` `&&` `||` lists, `|` pipelines, `#`
// comments, and the redirections people use in one-liners (>/dev/null, 2>/dev/null, 2>&1, > file
// is refused). Anything else (subshells, command substitution, background jobs) is a syntax error
// naming the construct, so a script never silently does something other than what it says.

export type Part = { lit: string } | { var: string };
export type Word = Part[];
export interface Redirect {
  fd: 1 | 2;
  /** 'null' discards; 1 or 2 duplicates that descriptor. */
  to: 'null' | 1 | 2;
}
export interface SimpleCommand {
  words: Word[];
  redirects: Redirect[];
}
export type ListOp = ';' | '&&' | '||';
export interface ListItem {
  pipeline: SimpleCommand[];
  /** How the next item is joined to this one. */
  next?: ListOp;
}

export class ShellSyntaxError extends Error {}

type Token = { t: 'word'; w: Word } | { t: 'op'; op: ListOp | '|' } | { t: 'redir'; r: Redirect };

const UNSUPPORTED: Record<string, string> = {
  '(': 'subshells', ')': 'subshells', '`': 'command substitution', '&': 'background jobs', '<': 'input redirection',
};

class Lexer {
  private i = 0;
  readonly tokens: Token[] = [];
  private word: Part[] | undefined;
  constructor(private readonly s: string) {}

  run(): Token[] {
    while (this.i < this.s.length) this.step();
    this.endWord();
    return this.tokens;
  }

  private lit(text: string): void {
    this.word ??= [];
    const last = this.word[this.word.length - 1];
    if (last && 'lit' in last) last.lit += text;
    else this.word.push({ lit: text });
  }

  private endWord(): void {
    if (this.word) this.tokens.push({ t: 'word', w: this.word });
    this.word = undefined;
  }

  private step(): void {
    const c = this.s[this.i];
    if (c === ' ' || c === '\t') return this.skip(1, true);
    if (c === '\n' || c === ';') return this.op(';', 1);
    if (c === '#' && !this.word) return this.comment();
    if (this.s.startsWith('&&', this.i)) return this.op('&&', 2);
    if (this.s.startsWith('||', this.i)) return this.op('||', 2);
    if (c === '|') return this.op('|', 1);
    if (c === '>' || (/[12]/.test(c) && this.s[this.i + 1] === '>' && !this.word)) return this.redirect();
    if (c === '$' && this.s[this.i + 1] === '(') throw new ShellSyntaxError('command substitution $(...) is not supported by the simulated shell');
    if (UNSUPPORTED[c]) throw new ShellSyntaxError(`${UNSUPPORTED[c]} are not supported by the simulated shell`);
    if (c === "'") return this.single();
    if (c === '"') return this.double();
    if (c === '\\') return this.escape();
    if (c === '$') return this.variable();
    this.lit(c);
    this.i++;
  }

  private skip(n: number, ends: boolean): void {
    if (ends) this.endWord();
    this.i += n;
  }

  private op(op: ListOp | '|', n: number): void {
    this.endWord();
    this.tokens.push({ t: 'op', op });
    this.i += n;
  }

  private comment(): void {
    while (this.i < this.s.length && this.s[this.i] !== '\n') this.i++;
  }

  private redirect(): void {
    this.endWord();
    const m = /^([12]?)>(&[12]|\s*([^\s;&|]+))/.exec(this.s.slice(this.i));
    if (!m) throw new ShellSyntaxError(`syntax error: unexpected redirection`);
    const fd = (m[1] === '2' ? 2 : 1) as 1 | 2;
    if (m[2].startsWith('&')) this.tokens.push({ t: 'redir', r: { fd, to: Number(m[2][1]) as 1 | 2 } });
    else if (m[3] === '/dev/null') this.tokens.push({ t: 'redir', r: { fd, to: 'null' } });
    else throw new ShellSyntaxError(`can't create ${m[3]}: Read-only file system`);
    this.i += m[0].length;
  }

  private single(): void {
    const end = this.s.indexOf("'", this.i + 1);
    if (end < 0) throw new ShellSyntaxError('syntax error: unterminated quoted string');
    this.lit(this.s.slice(this.i + 1, end));
    this.i = end + 1;
  }

  private double(): void {
    this.word ??= [];
    this.i++;
    while (this.i < this.s.length && this.s[this.i] !== '"') {
      const c = this.s[this.i];
      if (c === '\\' && '$"\\`\n'.includes(this.s[this.i + 1] ?? '')) {
        this.lit(this.s[this.i + 1]);
        this.i += 2;
      } else if (c === '$') this.variable();
      else {
        this.lit(c);
        this.i++;
      }
    }
    if (this.s[this.i] !== '"') throw new ShellSyntaxError('syntax error: unterminated quoted string');
    this.i++;
  }

  private escape(): void {
    const next = this.s[this.i + 1];
    if (next === undefined || next === '\n') this.i += 2;
    else {
      this.lit(next);
      this.i += 2;
    }
  }

  private variable(): void {
    const rest = this.s.slice(this.i + 1);
    const m = /^(?:\{([A-Za-z_][A-Za-z0-9_]*|[?$#0-9])\}|([A-Za-z_][A-Za-z0-9_]*|[?$#0-9]))/.exec(rest);
    if (!m) {
      this.lit('$');
      this.i++;
      return;
    }
    this.word ??= [];
    this.word.push({ var: m[1] ?? m[2] });
    this.i += 1 + m[0].length;
  }
}

function unexpected(tok: Token | undefined): ShellSyntaxError {
  const what = !tok ? 'end of file' : tok.t === 'op' ? `"${tok.op === ';' ? ';' : tok.op}"` : 'word';
  return new ShellSyntaxError(`syntax error: unexpected ${what}`);
}

/** Parses a script into a list of pipelines. Throws ShellSyntaxError. */
export function parseScript(script: string): ListItem[] {
  const toks = new Lexer(script).run();
  const items: ListItem[] = [];
  let pipeline: SimpleCommand[] = [];
  let cmd: SimpleCommand = { words: [], redirects: [] };
  const endCommand = (tok: Token | undefined): void => {
    if (!cmd.words.length) throw unexpected(tok);
    pipeline.push(cmd);
    cmd = { words: [], redirects: [] };
  };
  for (const tok of toks) {
    if (tok.t === 'word') cmd.words.push(tok.w);
    else if (tok.t === 'redir') cmd.redirects.push(tok.r);
    else if (tok.op === '|') endCommand(tok);
    else if (tok.op === ';' && !cmd.words.length && !pipeline.length) {
      if (items.length && items[items.length - 1].next === ';') continue; // blank line or ';;'-free separators
      if (!items.length) continue;
      throw unexpected(tok);
    } else {
      endCommand(tok);
      items.push({ pipeline, next: tok.op });
      pipeline = [];
    }
  }
  if (cmd.words.length) endCommand(undefined);
  else if (pipeline.length || (items.length && items[items.length - 1].next !== ';')) throw unexpected(undefined);
  if (pipeline.length) items.push({ pipeline });
  return items;
}

/** Expands a word with the given variables (no field splitting or globbing). */
export function expandWord(w: Word, vars: (name: string) => string | undefined): string {
  return w.map((p) => ('lit' in p ? p.lit : (vars(p.var) ?? ''))).join('');
}
