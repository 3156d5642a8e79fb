// Runs one README walkthrough command against a sandbox the way a user at a terminal would
// (bash, from the repo root, KUBECONFIG pointing at the sandbox) and checks its output against the
// README. What a test run needs that a user does not get adapted here, and only here:
// the sandbox's ports and data dir, a timeout for commands that would wait forever, a bounded run
// for `-w`, and patience for read-only commands (a user reads a paragraph between two commands;
// the test retries `get`/`describe`/`dig` until the README's output shows up or time runs out).

import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import type { ConsoleCommand } from './readme.js';
import { Bindings, compareOutput, rowKey, templateOf, type Mismatch, type Mode } from './readme-compare.js';

export const ROOT = resolve(import.meta.dirname, '..', '..');

export interface RunContext {
  dataDir: string;
  dnsPort: number;
  kubeconfig: string;
  bindings: Bindings;
  /** How long a read-only command is retried until its output matches, and how long `-w` runs. */
  patienceMs: number;
}

export interface CommandResult {
  /** The command after adaptation, as run. */
  ran: string;
  actual: string[];
  mismatch?: Mismatch;
}

const MUTATING = /\bkubectl\s+(apply|create|delete|scale|set|patch|run|label|annotate|edit|replace|expose|rollout\s+(undo|restart|pause|resume))\b|\bordinal(\.js)?\s+(rollout\s+undo|node)\b|(^|[^<>2&])>\s*[^&\s]/;

/** A command that changes state runs exactly once; the others may run again until they match. */
export const isMutating = (command: string): boolean => MUTATING.test(command);

/** `kubectl get ... -w` never ends by itself. */
export const isWatch = (command: string): boolean => /\bkubectl\s+get\b.*\s(-w|--watch)(\s|$)/.test(command);

/** Streams whose line sequence depends on timing: compared as a set with the same last line. */
export function modeOf(command: string): Mode {
  if (isWatch(command)) return 'watch';
  if (/\bkubectl\s+get\s+events\b/.test(command)) return 'unordered';
  return /\brollout\s+status\b/.test(command) ? 'set' : 'exact';
}

/** Adapts a README command to the test's sandbox (ports, data dir, bound names, timeouts). */
export function adapt(command: string, ctx: Pick<RunContext, 'dataDir' | 'dnsPort' | 'bindings'>): string {
  let c = ctx.bindings.substitute(command);
  c = c.replace(/(\bdig\b.*\s-p\s*)10053\b/, `$1${ctx.dnsPort}`);
  c = c.replace(/(^|[\s=$('"])(\.\/)?\.ordinal\//g, `$1${ctx.dataDir}/`);
  if (/\bkubectl\s+wait\b/.test(c) && !/--timeout\b/.test(c)) c = c.replace(/\bkubectl\s+wait\b/, 'kubectl wait --timeout=60s');
  if (/\brollout\s+status\b/.test(c) && !/--timeout\b/.test(c)) c = c.replace(/\brollout\s+status\b/, 'rollout status --timeout=60s');
  return c;
}

interface ShellOutput {
  lines: string[];
  code: number | null;
}

/**
 * Runs `bash -c command` in its own process group. With `until`, stops it (the whole group) as
 * soon as `until(stdoutLines)` holds, or at the deadline either way.
 */
export function shell(command: string, env: Record<string, string>, opts: { timeoutMs: number; until?: (lines: string[]) => boolean }): Promise<ShellOutput> {
  return new Promise((res) => {
    const child = spawn('bash', ['-c', command], { cwd: ROOT, env: { ...process.env, ...env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const stop = (): void => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(stop, opts.timeoutMs);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (opts.until?.(completeLines(out))) stop();
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => {
      clearTimeout(timer);
      res({ lines: [...completeLines(out), ...completeLines(err)], code });
    });
  });
}

function completeLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Runs one command (retrying it if it only reads) and compares its output with the README's. */
export async function runCommand(c: ConsoleCommand, ctx: RunContext): Promise<CommandResult> {
  const ran = adapt(c.command, ctx);
  const env = { KUBECONFIG: ctx.kubeconfig };
  const mode = modeOf(c.command);
  const watch = isWatch(c.command);
  // Reads are run again until they match (events, for one, arrive a moment after the write that
  // causes them); `rollout status` ('set') already waits for its end, and watches stream.
  const retry = !isMutating(c.command) && (mode === 'exact' || mode === 'unordered');
  const deadline = Date.now() + ctx.patienceMs;
  for (;;) {
    const until = watch ? watchDone(c.expected) : undefined;
    const out = await shell(ran, env, { timeoutMs: watch ? ctx.patienceMs : 120_000, until });
    const mismatch = compareOutput(c.expected, out.lines, mode, ctx.bindings);
    if (!mismatch || !retry || Date.now() > deadline) {
      ctx.bindings.endCommand();
      return { ran, actual: out.lines, mismatch };
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * A watch has shown enough once it printed the README's last line last and every object's last
 * state the README shows (it may have started earlier or later in the objects' lives).
 */
function watchDone(expected: string[]): (lines: string[]) => boolean {
  const norm = (l: string): string => templateOf(l).template;
  const finals = new Map(expected.map((l) => [rowKey(l), norm(l)]));
  const last = expected.length ? norm(expected[expected.length - 1]) : undefined;
  return (lines) => {
    if (!lines.length || norm(lines[lines.length - 1]) !== last) return false;
    const seen = new Set(lines.map(norm));
    return [...finals.values()].every((f) => seen.has(f));
  };
}
