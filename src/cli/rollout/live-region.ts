// A block of lines kept at the bottom of a terminal and redrawn in place, with log lines scrolling
// above it: what `rollout status` needs for its bars under a stream of events.
//
// cli-progress's MultiBar was not enough for this: it turns terminal line wrapping off (long
// event lines lose their tail), and after a log line it skips redrawing bars whose text did not
// change, so an event printed over a bar row leaves that bar missing. Here every frame is the
// same three steps: go back to the first live row, clear to the end of the screen, write the
// pending log lines (allowed to wrap, they scroll away) and then the live lines (cut to the
// terminal width, so each takes exactly one row and the next frame knows how far to go back).

/** The stream bits a live region needs (a tty.WriteStream, or a fake in tests). */
export interface LiveStream {
  write(s: string): unknown;
  columns?: number;
}

// eslint-disable-next-line no-control-regex
const ESC_SEQ = /^\x1b\[[0-9;?]*[A-Za-z]/;

/** Cuts a line to `width` visible characters, keeping (and closing) its colour codes. */
export function fitWidth(line: string, width: number): string {
  let out = '';
  let visible = 0;
  for (let i = 0; i < line.length; ) {
    const esc = ESC_SEQ.exec(line.slice(i));
    if (esc) {
      out += esc[0];
      i += esc[0].length;
      continue;
    }
    if (visible >= width) return out.includes('\x1b[') ? out + '\x1b[0m' : out;
    const ch = String.fromCodePoint(line.codePointAt(i)!);
    out += ch;
    visible++;
    i += ch.length;
  }
  return out;
}

export class LiveRegion {
  private lines: string[] = [];
  private pending: string[] = [];
  /** Rows of the live block currently on screen (the cursor sits at the end of the last one). */
  private rows = 0;
  private timer?: NodeJS.Timeout;
  private last = 0;
  private stopped = false;

  /** At most one frame per `frameMs`: a burst of pod events becomes one redraw. */
  constructor(
    private readonly stream: LiveStream,
    private readonly frameMs = 100,
  ) {
    this.stream.write('\x1b[?25l');
  }

  set(lines: string[]): void {
    this.lines = lines;
    this.schedule();
  }

  log(line: string): void {
    this.pending.push(line);
    this.schedule();
  }

  /** Draws the last frame, leaves it on screen and gives the cursor back. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.draw();
    this.stream.write((this.rows ? '\n' : '') + '\x1b[?25h');
  }

  private schedule(): void {
    if (this.timer || this.stopped) return;
    const wait = Math.max(0, this.last + this.frameMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.draw();
    }, wait);
  }

  private draw(): void {
    this.last = Date.now();
    // Back to column 0 of the first live row; \x1b[J clears it and everything under it.
    let out = '\r' + (this.rows > 1 ? `\x1b[${this.rows - 1}A` : '') + '\x1b[J';
    for (const l of this.pending.splice(0)) out += l + '\n';
    // One column spare: writing into the last column leaves some terminals in a pending wrap.
    const width = Math.max(10, (this.stream.columns || 80) - 1);
    out += this.lines.map((l) => fitWidth(l, width)).join('\n');
    this.rows = this.lines.length;
    this.stream.write(out);
  }
}
