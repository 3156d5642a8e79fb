// Reads the README's walkthrough as a script: the ```console blocks up to the end of the
// "Walkthrough" section, each `$ ` line a command and the lines after it that command's output.
// The README is the user's first contact with Ordinal, so test/e2e/readme-walkthrough.test.ts
// runs this script against a real sandbox and holds every printed line to the truth.

/** One `$ command` of a console block with the output the README shows for it. */
export interface ConsoleCommand {
  /** The command as typed, without the trailing `# comment` and joined across `\` continuations. */
  command: string;
  /** The output lines shown under it (stdout and stderr as a terminal interleaves them). */
  expected: string[];
  /** 1-based README line of the `$ `, for error messages. */
  line: number;
}

export interface ConsoleBlock {
  /** The nearest `##`/`###` heading above the block. */
  heading: string;
  /** 1-based README line of the opening fence. */
  line: number;
  commands: ConsoleCommand[];
}

/** An HTML comment (invisible on GitHub) on the line before a block that keeps the test from running it. */
export const SKIP_MARKER = '<!-- walkthrough: skip -->';

/**
 * Removes a trailing shell comment (` # ...` outside quotes), the way bash would ignore it.
 * A `#` inside a word (`{{.x}}#y`, `a#b`) is not a comment, as in bash.
 */
export function stripComment(command: string): string {
  let quote: string | undefined;
  for (let i = 0; i < command.length; i++) {
    const c = command[i];
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"') i++;
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    else if (c === '\\') i++;
    else if (c === '#' && (i === 0 || /\s/.test(command[i - 1]))) return command.slice(0, i).trimEnd();
  }
  return command.trimEnd();
}

/** Splits a console block's body into commands and their outputs. */
export function parseConsole(lines: string[], firstLine: number): ConsoleCommand[] {
  const out: ConsoleCommand[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].startsWith('$ ')) {
      if (out.length) out[out.length - 1].expected.push(lines[i]);
      continue;
    }
    const line = firstLine + i;
    let text = lines[i].slice(2);
    while (text.endsWith('\\') && i + 1 < lines.length) text = text.slice(0, -1) + ' ' + lines[++i].trim();
    out.push({ command: stripComment(text), expected: [], line });
  }
  return out;
}

/**
 * The console blocks from the top of the README to the end of its "Walkthrough" section, in
 * order, without the ones marked with SKIP_MARKER and without blocks that have no `$ ` command
 * (like the `npm start` banner).
 */
export function walkthroughBlocks(markdown: string): ConsoleBlock[] {
  const lines = markdown.split('\n');
  const blocks: ConsoleBlock[] = [];
  let heading = '';
  let inWalkthrough = false;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (/^##\s/.test(l)) {
      if (inWalkthrough) break;
      inWalkthrough = /^##\s+Walkthrough\s*$/.test(l);
    }
    if (/^#{2,3}\s/.test(l)) heading = l.replace(/^#+\s+/, '');
    if (!/^```console\s*$/.test(l)) continue;
    const end = lines.findIndex((x, j) => j > i && /^```\s*$/.test(x));
    if (end < 0) throw new Error(`README.md:${i + 1}: unterminated console block`);
    const skipped = previousNonBlank(lines, i) === SKIP_MARKER;
    const commands = parseConsole(lines.slice(i + 1, end), i + 2);
    if (!skipped && commands.length) blocks.push({ heading, line: i + 1, commands });
    i = end;
  }
  if (!inWalkthrough) throw new Error('README.md has no "## Walkthrough" section');
  return blocks;
}

function previousNonBlank(lines: string[], i: number): string | undefined {
  for (let j = i - 1; j >= 0; j--) if (lines[j].trim()) return lines[j].trim();
  return undefined;
}
