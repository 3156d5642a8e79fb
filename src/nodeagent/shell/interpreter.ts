// Runs parsed scripts: `;`/`&&`/`||` lists, pipelines (each command's output is the next one's
// stdin), redirections to /dev/null and between stdout/stderr, variable assignment, and nested
// `sh -c`. Unknown commands fail as busybox's ash does: "sh: foo: not found", status 127.

import { lookupCommand } from './commands.js';
import { expandWord, parseScript, ShellSyntaxError, type ListItem, type SimpleCommand } from './parse.js';
import { ExitRequest, type CommandIO, type ShellState } from './state.js';

const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s;
const SHELLS = new Set(['sh', 'ash', 'bash', '/bin/sh', '/bin/ash', '/bin/bash', '/usr/bin/sh', '/usr/bin/bash']);

export function isShell(argv0: string | undefined): boolean {
  return argv0 !== undefined && SHELLS.has(argv0);
}

function variable(sh: ShellState, name: string): string | undefined {
  if (name === '?') return String(sh.lastStatus);
  if (name === '$') return '1';
  if (name === '#') return '0';
  if (name === '0') return 'sh';
  return sh.vars.get(name);
}

function redirected(cmd: SimpleCommand, io: CommandIO): CommandIO {
  const fds: Record<1 | 2, (s: string) => void> = { 1: io.out, 2: io.err };
  for (const r of cmd.redirects) fds[r.fd] = r.to === 'null' ? () => undefined : fds[r.to];
  return { out: fds[1], err: fds[2], stdin: io.stdin, tty: io.tty && fds[1] === io.out };
}

/** Runs one argv (already expanded) as a command of the shell. */
export async function runArgv(argv: string[], sh: ShellState, io: CommandIO): Promise<number> {
  const [name, ...args] = argv;
  if (isShell(name)) return shCommand(args, sh, io);
  const cmd = lookupCommand(name);
  if (!cmd) {
    io.err(`sh: ${name}: not found\n`);
    return 127;
  }
  return cmd(args, sh, io);
}

async function runSimple(cmd: SimpleCommand, sh: ShellState, io: CommandIO): Promise<number> {
  const words = cmd.words.map((w) => expandWord(w, (n) => variable(sh, n)));
  let i = 0;
  for (; i < words.length; i++) {
    const m = ASSIGNMENT.exec(words[i]);
    if (!m) break;
    sh.vars.set(m[1], m[2]);
  }
  if (i === words.length) return 0;
  return runArgv(words.slice(i), sh, redirected(cmd, io));
}

async function runPipeline(pipeline: SimpleCommand[], sh: ShellState, io: CommandIO): Promise<number> {
  let stdin = io.stdin;
  let status = 0;
  for (const [i, cmd] of pipeline.entries()) {
    const last = i === pipeline.length - 1;
    let captured = '';
    const stageIO: CommandIO = { out: last ? io.out : (s) => (captured += s), err: io.err, stdin, tty: last && io.tty };
    status = await runSimple(cmd, sh, stageIO);
    stdin = captured;
  }
  return status;
}

async function runList(items: ListItem[], sh: ShellState, io: CommandIO): Promise<number> {
  let status = sh.lastStatus;
  for (const [i, item] of items.entries()) {
    const joined = items[i - 1]?.next;
    if ((joined === '&&' && status !== 0) || (joined === '||' && status === 0)) continue;
    status = await runPipeline(item.pipeline, sh, io);
    sh.lastStatus = status;
  }
  return status;
}

/** Parses and runs a script; syntax errors print as ash does and return 2. ExitRequest propagates. */
export async function runScript(script: string, sh: ShellState, io: CommandIO): Promise<number> {
  let items: ListItem[];
  try {
    items = parseScript(script);
  } catch (e) {
    if (!(e instanceof ShellSyntaxError)) throw e;
    io.err(`sh: ${e.message}\n`);
    sh.lastStatus = 2;
    return 2;
  }
  return runList(items, sh, io);
}

/** `sh -c SCRIPT`, or `sh` reading a script from piped input. */
async function shCommand(args: string[], sh: ShellState, io: CommandIO): Promise<number> {
  const c = args.indexOf('-c');
  const child: ShellState = { ...sh, vars: new Map(sh.vars), lastStatus: 0 };
  const script = c >= 0 ? args[c + 1] : (io.stdin ?? '');
  if (c >= 0 && script === undefined) {
    io.err('sh: -c requires an argument\n');
    return 2;
  }
  try {
    return await runScript(script, child, io);
  } catch (e) {
    if (e instanceof ExitRequest) return e.code;
    throw e;
  }
}
