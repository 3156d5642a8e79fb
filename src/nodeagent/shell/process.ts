// One simulated process on a stream: `sh -c SCRIPT`, an interactive or stdin-fed `sh`, or a single
// command run without a shell (as `kubectl exec pod -- hostname` does). Returns the exit status.

import type { StreamIO } from '../../apiserver/streaming/types.js';
import { lookupCommand } from './commands.js';
import { isShell, runArgv, runScript } from './interpreter.js';
import { ExitRequest, type CommandIO, type ShellState } from './state.js';
import { LineReader, TtyDiscipline } from './terminal.js';

/** Shell builtins: there is no binary of that name to exec without a shell. */
const BUILTINS = new Set(['cd', 'exit', 'export', ':']);

/** Commands that read stdin when given no file operand. */
const READS_STDIN = new Set(['cat', 'grep', 'wc']);

function outputs(io: StreamIO): CommandIO {
  // A terminal turns \n into \r\n (ONLCR); without one bytes pass through unchanged.
  const fix = (s: string): string => (io.tty ? s.replace(/\r?\n/g, '\r\n') : s);
  return { out: (s) => s && io.writeStdout(fix(s)), err: (s) => s && io.writeStderr(fix(s)), tty: io.tty };
}

function readAll(io: StreamIO): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    io.onStdin((d) => (text += d.toString('utf8')));
    io.onStdinEnd(() => resolve(text));
  });
}

async function guarded(run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof ExitRequest) return e.code;
    throw e;
  }
}

export interface ProcessOptions {
  argv: string[];
  sh: ShellState;
  io: StreamIO;
  /** Whether the client attached stdin. */
  stdin: boolean;
}

/** Runs argv as the container would and resolves with its exit status. */
export async function runProcess(opts: ProcessOptions): Promise<number> {
  const { argv, sh, io } = opts;
  const out = outputs(io);
  if (isShell(argv[0])) return runShell(opts, out);
  const cmd = BUILTINS.has(argv[0]) ? undefined : lookupCommand(argv[0]);
  if (!cmd) {
    out.err(`OCI runtime exec failed: exec failed: unable to start container process: exec: "${argv[0]}": executable file not found in $PATH: unknown\n`);
    return 127;
  }
  const wantsStdin = opts.stdin && READS_STDIN.has(argv[0].split('/').pop()!) && argv.slice(1).every((a) => a.startsWith('-') || argv[0].endsWith('grep'));
  const stdin = wantsStdin ? await readAll(io) : undefined;
  return guarded(() => runArgv(argv, sh, { ...out, stdin }));
}

async function runShell(opts: ProcessOptions, out: CommandIO): Promise<number> {
  const args = opts.argv.slice(1);
  const c = args.indexOf('-c');
  if (c >= 0) return guarded(() => runArgv(opts.argv, opts.sh, out));
  if (!opts.stdin) return 0; // a shell with no input ends at once
  const interactive = opts.io.tty || args.includes('-i');
  return interactiveLoop(opts, out, interactive);
}

function prompt(sh: ShellState): string {
  return `${sh.cwd === '/root' ? '~' : sh.cwd} # `;
}

async function interactiveLoop(opts: ProcessOptions, out: CommandIO, interactive: boolean): Promise<number> {
  const { sh, io } = opts;
  const reader = new LineReader();
  let running: AbortController | undefined;
  if (io.tty) {
    const tty = new TtyDiscipline({
      echo: (s) => io.writeStdout(s),
      line: (l) => reader.line(l),
      interrupt: () => (running ? running.abort() : io.writeStdout(prompt(sh))),
      eof: () => reader.end(),
    });
    io.onStdin((d) => tty.feed(d));
  } else io.onStdin((d) => reader.push(d.toString('utf8')));
  io.onStdinEnd(() => reader.end());
  io.closed.addEventListener('abort', () => reader.end(), { once: true });
  for (;;) {
    if (interactive) out.err(prompt(sh));
    const line = await reader.next();
    if (line === null) {
      if (io.tty) io.writeStdout('\r\n');
      return sh.lastStatus;
    }
    running = new AbortController();
    sh.signal = AbortSignal.any([running.signal, io.closed]);
    const code = await guarded(async () => {
      sh.lastStatus = await runScript(line, sh, out);
      return -1; // still running
    });
    running = undefined;
    if (code >= 0) return code;
  }
}
