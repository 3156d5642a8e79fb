// The commands of the simulated busybox: each takes argv (without the command name), the shell
// state and its I/O, and returns an exit status. Messages follow busybox's wording.

import { isDir, listDir, readFile, resolvePath } from './filesystem.js';
import { nslookup, resolveAddresses } from './nslookup.js';
import { podDomain, podHostname } from './pod-files.js';
import { ExitRequest, type Command, type CommandIO, type ShellState } from './state.js';

const echo: Command = (args, _sh, io) => {
  let newline = true;
  let i = 0;
  while (args[i] === '-n' || args[i] === '-e' || args[i] === '-E') if (args[i++] === '-n') newline = false;
  io.out(args.slice(i).join(' ') + (newline ? '\n' : ''));
  return 0;
};

const hostname: Command = async (args, sh, io) => {
  const name = podHostname(sh.pod);
  const domain = podDomain(sh.pod);
  const flag = args[0];
  if (flag === '-f') io.out(`${domain ? `${name}.${domain}` : name}\n`);
  else if (flag === '-d') io.out(`${domain}\n`);
  else if (flag === '-s') io.out(`${name}\n`);
  else if (flag === '-i') io.out(`${(await resolveAddresses(name, await sh.lookup())).join(' ')}\n`);
  else if (flag && !flag.startsWith('-')) {
    io.err('hostname: sethostname: Operation not permitted\n');
    return 1;
  } else io.out(`${name}\n`);
  return 0;
};

const cat: Command = async (args, sh, io) => {
  if (!args.length) {
    io.out(io.stdin ?? '');
    return 0;
  }
  let status = 0;
  for (const a of args) {
    const path = resolvePath(sh.cwd, a);
    const text = await readFile(sh, path);
    if (text !== undefined) io.out(text);
    else {
      io.err(isDir(path) ? `cat: read error: Is a directory\n` : `cat: can't open '${a}': No such file or directory\n`);
      status = 1;
    }
  }
  return status;
};

const env: Command = (args, sh, io) => {
  if (args.length) {
    io.err(`env: running commands through env is not supported by the simulated shell\n`);
    return 125;
  }
  for (const [k, v] of sh.vars) io.out(`${k}=${v}\n`);
  return 0;
};

const printenv: Command = (args, sh, io) => {
  if (!args.length) return env([], sh, io);
  let status = 0;
  for (const a of args) {
    const v = sh.vars.get(a);
    if (v === undefined) status = 1;
    else io.out(`${v}\n`);
  }
  return status;
};

const ls: Command = (args, sh, io) => {
  const operands = args.filter((a) => !a.startsWith('-'));
  let status = 0;
  for (const a of operands.length ? operands : ['.']) {
    const path = resolvePath(sh.cwd, a);
    const entries = listDir(path);
    if (entries) io.out(entries.length ? `${entries.join(io.tty ? '  ' : '\n')}\n` : '');
    else if (/^\/(etc|dev)\//.test(path) && listDir(path.replace(/\/[^/]+$/, '') || '/')?.includes(path.split('/').pop()!)) io.out(`${path}\n`);
    else {
      io.err(`ls: ${a}: No such file or directory\n`);
      status = 1;
    }
  }
  return status;
};

const cd: Command = (args, sh, io) => {
  const target = resolvePath(sh.cwd, args[0] ?? '/root');
  if (!isDir(target)) {
    io.err(`sh: cd: can't cd to ${args[0]}: No such file or directory\n`);
    return 2;
  }
  sh.cwd = target;
  sh.vars.set('PWD', target);
  return 0;
};

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number): string => String(n).padStart(2, '0');

/** busybox `date` in UTC: "Thu Jan  4 09:05:01 UTC 2024". */
export function formatDate(d: Date): string {
  const time = `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${time} UTC ${d.getUTCFullYear()}`;
}

const date: Command = (_args, sh, io) => {
  io.out(`${formatDate(sh.now())}\n`);
  return 0;
};

const sleep: Command = async (args, sh, io) => {
  const secs = Number(args[0]?.replace(/s$/, ''));
  if (!args.length || !Number.isFinite(secs) || secs < 0) {
    io.err(args.length ? `sleep: invalid number '${args[0]}'\n` : 'Usage: sleep N\n');
    return 1;
  }
  const interrupted = await new Promise<boolean>((resolve) => {
    if (sh.signal.aborted) return resolve(true);
    const timer = setTimeout(() => resolve(false), secs * 1000);
    sh.signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve(true);
    }, { once: true });
  });
  return interrupted ? 130 : 0;
};

const exit: Command = (args, sh, io) => {
  if (args[0] !== undefined && !/^\d+$/.test(args[0])) {
    io.err(`sh: exit: Illegal number: ${args[0]}\n`);
    throw new ExitRequest(2);
  }
  throw new ExitRequest(args[0] === undefined ? sh.lastStatus : Number(args[0]) & 255);
};

const pwd: Command = (_a, sh, io) => (io.out(`${sh.cwd}\n`), 0);
const whoami: Command = (_a, _s, io) => (io.out('root\n'), 0);
const id: Command = (_a, _s, io) => (io.out('uid=0(root) gid=0(root) groups=0(root),10(wheel)\n'), 0);
const uname: Command = (args, sh, io) => {
  io.out(args.includes('-a') ? `Linux ${podHostname(sh.pod)} 6.1.0-ordinal #1 SMP x86_64 GNU/Linux\n` : args.includes('-n') ? `${podHostname(sh.pod)}\n` : 'Linux\n');
  return 0;
};

const exportCmd: Command = (args, sh) => {
  for (const a of args) {
    const eq = a.indexOf('=');
    if (eq > 0) sh.vars.set(a.slice(0, eq), a.slice(eq + 1));
  }
  return 0;
};

async function inputOf(args: string[], sh: ShellState, io: CommandIO): Promise<{ text?: string; missing?: string }> {
  if (!args.length) return { text: io.stdin ?? '' };
  const text = await readFile(sh, resolvePath(sh.cwd, args[0]));
  return text === undefined ? { missing: args[0] } : { text };
}

const grep: Command = async (args, sh, io) => {
  const flags = new Set(args.filter((a) => /^-[a-z]+$/.test(a)).flatMap((a) => [...a.slice(1)]));
  const [pattern, ...files] = args.filter((a) => !/^-[a-z]+$/.test(a));
  if (pattern === undefined) return (io.err('Usage: grep [-ivc] PATTERN [FILE]...\n'), 2);
  const input = await inputOf(files, sh, io);
  if (input.missing) return (io.err(`grep: ${input.missing}: No such file or directory\n`), 2);
  const re = new RegExp(pattern, flags.has('i') ? 'i' : '');
  const lines = input.text!.split('\n').filter((l, i, all) => i < all.length - 1 || l !== '');
  const hits = lines.filter((l) => re.test(l) !== flags.has('v'));
  io.out(flags.has('c') ? `${hits.length}\n` : hits.map((l) => `${l}\n`).join(''));
  return hits.length ? 0 : 1;
};

const wc: Command = async (args, sh, io) => {
  const input = await inputOf(args.filter((a) => !a.startsWith('-')), sh, io);
  if (input.missing) return (io.err(`wc: can't open '${input.missing}': No such file or directory\n`), 1);
  const text = input.text!;
  const lines = (text.match(/\n/g) ?? []).length;
  if (args.includes('-l')) io.out(`${lines}\n`);
  else io.out(`${String(lines).padStart(9)}${String(text.split(/\s+/).filter(Boolean).length).padStart(10)}${String(Buffer.byteLength(text)).padStart(10)}\n`);
  return 0;
};

const nslookupCmd: Command = async (args, sh, io) => {
  const r = await nslookup(args, await sh.lookup());
  io.out(r.stdout);
  io.err(r.stderr);
  return r.code;
};

export const COMMANDS: Record<string, Command> = {
  echo, hostname, cat, env, printenv, ls, cd, date, sleep, exit, pwd, whoami, id, uname, grep, wc,
  export: exportCmd,
  nslookup: nslookupCmd,
  true: () => 0,
  false: () => 1,
  ':': () => 0,
};

/** Commands a path like /bin/echo names; undefined for anything else. */
export function lookupCommand(name: string): Command | undefined {
  const base = /^\/(usr\/)?s?bin\/[^/]+$/.test(name) ? name.slice(name.lastIndexOf('/') + 1) : name;
  return Object.prototype.hasOwnProperty.call(COMMANDS, base) ? COMMANDS[base] : undefined;
}
