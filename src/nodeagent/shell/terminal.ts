// Input handling for the simulated shell. LineReader queues lines of plain stdin; TtyDiscipline is
// the pseudo-terminal's line discipline a real container gets with `-t`: it echoes keystrokes,
// handles backspace, Ctrl-U, Ctrl-C (interrupt), Ctrl-D (end of input on an empty line) and
// swallows escape sequences (arrow keys), handing complete lines to the shell.

/** Lines from stdin, awaited one at a time; null once input has ended. */
export class LineReader {
  private partial = '';
  private readonly lines: string[] = [];
  private ended = false;
  private waiter: ((l: string | null) => void) | undefined;

  push(text: string): void {
    const parts = (this.partial + text).split('\n');
    this.partial = parts.pop()!;
    for (const l of parts) this.deliver(l);
  }

  /** A complete line (from the TTY discipline). */
  line(l: string): void {
    this.deliver(l);
  }

  end(): void {
    if (this.ended) return;
    if (this.partial) this.deliver(this.partial);
    this.partial = '';
    this.ended = true;
    this.flush();
  }

  next(): Promise<string | null> {
    if (this.lines.length) return Promise.resolve(this.lines.shift()!);
    if (this.ended) return Promise.resolve(null);
    return new Promise((resolve) => (this.waiter = resolve));
  }

  private deliver(l: string): void {
    this.lines.push(l);
    this.flush();
  }

  private flush(): void {
    const w = this.waiter;
    if (!w) return;
    if (this.lines.length) {
      this.waiter = undefined;
      w(this.lines.shift()!);
    } else if (this.ended) {
      this.waiter = undefined;
      w(null);
    }
  }
}

export interface DisciplineHandlers {
  echo(s: string): void;
  line(l: string): void;
  interrupt(): void;
  eof(): void;
}

export class TtyDiscipline {
  private buf = '';
  private escape: 'none' | 'esc' | 'csi' = 'none';

  constructor(private readonly h: DisciplineHandlers) {}

  feed(data: Buffer | string): void {
    for (const ch of data.toString('utf8')) this.char(ch);
  }

  private char(ch: string): void {
    if (this.escape !== 'none') return this.inEscape(ch);
    const code = ch.codePointAt(0)!;
    if (ch === '\r' || ch === '\n') return this.enter();
    if (code === 0x7f || code === 0x08) return this.backspace();
    if (code === 0x03) return this.interrupt();
    if (code === 0x04) return this.eot();
    if (code === 0x15) return this.killLine();
    if (code === 0x1b) {
      this.escape = 'esc';
      return;
    }
    if (code < 0x20) return; // other control characters (Tab, Ctrl-L ...) do nothing here
    this.buf += ch;
    this.h.echo(ch);
  }

  private inEscape(ch: string): void {
    if (this.escape === 'esc') this.escape = ch === '[' || ch === 'O' ? 'csi' : 'none';
    else if (/[\x40-\x7e]/.test(ch)) this.escape = 'none';
  }

  private enter(): void {
    const l = this.buf;
    this.buf = '';
    this.h.echo('\r\n');
    this.h.line(l);
  }

  private backspace(): void {
    if (!this.buf) return;
    this.buf = [...this.buf].slice(0, -1).join('');
    this.h.echo('\b \b');
  }

  private interrupt(): void {
    this.buf = '';
    this.h.echo('^C\r\n');
    this.h.interrupt();
  }

  private eot(): void {
    if (this.buf) return; // Ctrl-D on a non-empty line does nothing in ash's line editor
    this.h.eof();
  }

  private killLine(): void {
    this.h.echo('\b \b'.repeat([...this.buf].length));
    this.buf = '';
  }
}
