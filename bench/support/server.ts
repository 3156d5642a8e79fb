// Starts a real `ordinal up` in a child process on a fresh temp data dir and free loopback ports,
// times it to a 200 from /readyz, and hands back an HTTPS client built from the kubeconfig it wrote
// (the bearer token and CA a user gets). Also reads the server's RSS / peak RSS from /proc.

import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { HttpTransport } from '../../src/client/http-transport.js';
import { RestClient } from '../../src/client/rest-client.js';
import { freeDualPort, freeTcpPort } from './ports.js';

export const ROOT = resolve(import.meta.dirname, '..', '..');

export interface ServerOptions {
  nodes?: number;
  imagePull?: string;
  containerStart?: string;
  timeScale?: number;
  disable?: string[];
  extraArgs?: string[];
  /** Node flags for the server process (e.g. --cpu-prof). */
  nodeArgs?: string[];
  /** Run the server with V8's --trace-gc and count its full (mark-compact) collections: fullGcs(). */
  traceGc?: boolean;
}

export interface SpawnedServer {
  url: string;
  port: number;
  dnsPort: number;
  dataDir: string;
  kubeconfig: string;
  pid: number;
  /** Spawn to first 200 from /readyz. */
  readyMs: number;
  client: RestClient;
  memory(): { rssMiB: number; peakMiB: number };
  /** CPU time (user + system) the server process has used so far. */
  cpuMs(): number;
  /**
   * Resolves once the server has gone quiet (under 5 % of a core over 200 ms: background work such
   * as WAL checkpoints and garbage collection done), or after `maxMs`; whether it went quiet.
   */
  quiet(maxMs?: number): Promise<boolean>;
  /** Durations (ms) of the commits the server logged as slow ("slow disk"), in order, so far. */
  slowCommits(): readonly number[];
  /**
   * Full (mark-compact) collections of the server's main heap so far, with traceGc: while V8 marks
   * a heap of many stored objects, its helper threads take CPU from everything else on the machine.
   */
  fullGcs(): number;
  stop(): Promise<void>;
}

export async function spawnServer(o: ServerOptions = {}): Promise<SpawnedServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ordinal-bench-'));
  const port = await freeTcpPort();
  const dnsPort = await freeDualPort();
  const args = [
    ...(o.nodeArgs ?? []),
    ...(o.traceGc ? ['--trace-gc'] : []),
    // e.g. BENCH_SERVER_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' to profile the server.
    ...(process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
    join(ROOT, 'bin', 'ordinal.js'),
    'up',
    ...['--data-dir', dataDir, '--port', String(port), '--dns-port', String(dnsPort)],
    ...['--nodes', String(o.nodes ?? 3), '--time-scale', String(o.timeScale ?? 1)],
    ...['--image-pull', o.imagePull ?? '2s', '--container-start', o.containerStart ?? '1s', '--log-format', 'json'],
    ...(o.disable?.length ? ['--disable', o.disable.join(',')] : []),
    ...(o.extraArgs ?? []),
  ];
  const t0 = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ORDINAL_LOG_LEVEL: process.env.ORDINAL_LOG_LEVEL ?? 'warn' },
    stdio: ['ignore', o.traceGc ? 'pipe' : 'ignore', 'pipe'],
  });
  const gc = new GcTrace();
  // BENCH_GC_LOG=FILE keeps the server's --trace-gc lines, to read a window's collections (their
  // kind, pause and reason) beside its latency.
  const gcLog = o.traceGc && process.env.BENCH_GC_LOG ? createWriteStream(process.env.BENCH_GC_LOG, { flags: 'a' }) : undefined;
  if (child.stdout)
    createInterface({ input: child.stdout }).on('line', (line) => {
      gc.feed(line);
      gcLog?.write(`${Date.now()} ${line}\n`);
    });
  let stderr = '';
  const slowCommitMs: number[] = [];
  createInterface({ input: child.stderr! }).on('line', (line) => {
    stderr = `${stderr}${line}\n`.slice(-4000);
    const ms = slowCommit(line);
    if (ms !== undefined) slowCommitMs.push(ms);
  });
  const url = `https://127.0.0.1:${port}`;
  await waitReady(url, child, () => stderr);
  const readyMs = performance.now() - t0;
  const kubeconfig = join(dataDir, 'kubeconfig');
  const client = new RestClient(await HttpTransport.fromFile(kubeconfig));
  return {
    url,
    port,
    dnsPort,
    dataDir,
    kubeconfig,
    pid: child.pid!,
    readyMs,
    client,
    memory: () => procMemory(child.pid!),
    cpuMs: () => procCpuMs(child.pid!),
    quiet: (maxMs = 10_000) => untilQuiet(child.pid!, maxMs),
    slowCommits: () => slowCommitMs,
    fullGcs: () => gc.fullGcs(),
    stop: () => stopChild(child, dataDir),
  };
}

/**
 * Counts --trace-gc lines per isolate ("[pid:0xaddr] 123 ms: Scavenge …"). The server's worker
 * threads have isolates of their own with small heaps; its main isolate is the one that collects
 * most often, and its "Mark-Compact" lines are the full collections of the stored objects' heap.
 */
class GcTrace {
  private readonly lines = new Map<string, number>();
  private readonly full = new Map<string, number>();
  feed(line: string): void {
    const m = /^\[\d+:(0x[0-9a-f]+)\]\s+[\d.]+ ms: (\S+)/.exec(line);
    if (!m) return;
    this.lines.set(m[1], (this.lines.get(m[1]) ?? 0) + 1);
    if (m[2] === 'Mark-Compact') this.full.set(m[1], (this.full.get(m[1]) ?? 0) + 1);
  }
  fullGcs(): number {
    const main = [...this.lines].sort((a, b) => b[1] - a[1])[0]?.[0];
    return main ? (this.full.get(main) ?? 0) : 0;
  }
}

/** The duration of a "slow disk" warning in the server's JSON log, if the line is one. */
function slowCommit(line: string): number | undefined {
  if (!line.includes('slow disk')) return undefined;
  try {
    const ms = (JSON.parse(line) as { durationMs?: unknown }).durationMs;
    return typeof ms === 'number' ? ms : undefined;
  } catch {
    return undefined;
  }
}

async function untilQuiet(pid: number, maxMs: number): Promise<boolean> {
  const end = performance.now() + maxMs;
  let cpu = procCpuMs(pid);
  while (performance.now() < end) {
    await new Promise((r) => setTimeout(r, 200));
    const now = procCpuMs(pid);
    if (now - cpu <= 10) return true;
    cpu = now;
  }
  return false;
}

async function waitReady(url: string, child: ChildProcess, err: () => string): Promise<void> {
  const deadline = performance.now() + 60_000;
  while (performance.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`ordinal up exited with ${child.exitCode}: ${err()}`);
    if ((await probe(`${url}/readyz`)) === 200) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`ordinal up not ready after 60 s: ${err()}`);
}

/** Status of a GET, 0 when the connection fails (not listening yet). */
export function probe(url: string): Promise<number> {
  return new Promise((resolve) => {
    const req = https.get(url, { rejectUnauthorized: false, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => resolve(0));
    req.setTimeout(2000, () => req.destroy());
  });
}

/** Current and peak resident set size of a process, from /proc (Linux). */
export function procMemory(pid: number): { rssMiB: number; peakMiB: number } {
  const s = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(s)?.[1] ?? NaN);
  return { rssMiB: kb('VmRSS') / 1024, peakMiB: kb('VmHWM') / 1024 };
}

/** utime + stime of a process in ms, from /proc/<pid>/stat (clock ticks of 10 ms). */
export function procCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function stopChild(child: ChildProcess, dataDir: string): Promise<void> {
  if (child.exitCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(t);
  }
  rmSync(dataDir, { recursive: true, force: true });
}
