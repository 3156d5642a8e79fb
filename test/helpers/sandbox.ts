// Black-box test harness: starts a real `ordinal up` process on free ports in a temp data dir and
// drives it the way users do, with kubectl and @kubernetes/client-node.

import { spawn, execFile, type ChildProcess, type StdioOptions } from 'node:child_process';
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before } from 'node:test';
import { KubeConfig } from '@kubernetes/client-node';

/** The repository root: the working directory of every `ordinal` process the tests start. */
export const ROOT = resolve(import.meta.dirname, '..', '..');
/** The CLI entry point, run from TypeScript sources (ORDINAL_FROM_SOURCE) so tests need no build. */
export const ORDINAL_BIN = join(ROOT, 'bin', 'ordinal.js');
/** The kubectl binary the tests drive the sandbox with. */
export const KUBECTL = process.env.KUBECTL ?? '/usr/bin/kubectl';

export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
  });
}

export interface KubectlResult {
  stdout: string;
  stderr: string;
  code: number;
}

export interface TestSandbox {
  dataDir: string;
  port: number;
  dnsPort: number;
  url: string;
  kubeconfig: string;
  kc: KubeConfig;
  token: string;
  /** Runs kubectl; never throws, look at .code. */
  kubectl(args: string[], opts?: { input?: string; env?: Record<string, string>; timeoutMs?: number }): Promise<KubectlResult>;
  /** Runs kubectl and throws with its stderr if it fails. */
  k(args: string[], input?: string): Promise<string>;
  /** Applies YAML text with kubectl apply -f -. */
  apply(yaml: string): Promise<string>;
  stop(): Promise<void>;
  /** SIGKILL, as a crash. */
  kill9(): Promise<void>;
  /** Starts again on the same data dir and ports. */
  restart(): Promise<void>;
  logs(): string;
}

export interface SandboxOptions {
  nodes?: number;
  timeScale?: number;
  imagePull?: string;
  containerStart?: string;
  args?: string[];
  dataDir?: string;
}

function runKubectl(kubeconfig: string, args: string[], opts: { input?: string; env?: Record<string, string>; timeoutMs?: number } = {}): Promise<KubectlResult> {
  return new Promise((res) => {
    const child = execFile(
      KUBECTL,
      args,
      { env: { ...process.env, KUBECONFIG: kubeconfig, ...(opts.env ?? {}) }, timeout: opts.timeoutMs ?? 60_000, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => res({ stdout, stderr, code: err ? ((err as NodeJS.ErrnoException & { code?: number }).code as unknown as number) ?? 1 : 0 }),
    );
    if (opts.input !== undefined) child.stdin!.end(opts.input);
  });
}

/** Starts `ordinal <args>` from sources in the repository root, as a user would run it. */
const READY_TIMEOUT_MS = 60_000;

export function spawnOrdinal(args: string[], opts: { env?: Record<string, string>; stdio?: StdioOptions } = {}): ChildProcess {
  return spawn(process.execPath, [ORDINAL_BIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, ORDINAL_FROM_SOURCE: '1', ...(opts.env ?? {}) },
    stdio: opts.stdio ?? 'pipe',
  });
}

/** Starts a kubectl that keeps running (`-w` watches) against the sandbox; the caller stops it. */
export function spawnKubectl(sb: TestSandbox, args: string[]): ChildProcess & { stdout: Readable; stderr: Readable } {
  return spawn(KUBECTL, args, { env: { ...process.env, KUBECONFIG: sb.kubeconfig } });
}

export async function startTestSandbox(opts: SandboxOptions = {}): Promise<TestSandbox> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'ordinal-test-'));
  let port = await freePort();
  let dnsPort = await freePort();
  let child: ChildProcess | undefined;
  let output = '';
  const args = (): string[] => [
    'up',
    '--data-dir', dataDir,
    '--port', String(port),
    '--dns-port', String(dnsPort),
    '--nodes', String(opts.nodes ?? 3),
    '--time-scale', String(opts.timeScale ?? 0.05),
    '--image-pull', opts.imagePull ?? '2s',
    '--container-start', opts.containerStart ?? '1s',
    '--log-format', 'json',
    ...(opts.args ?? []),
  ];
  const launch = async (): Promise<void> => {
    output = '';
    child = spawnOrdinal(args(), { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    await new Promise<void>((res, rej) => {
      // Under a loaded machine (the whole suite on 2 cores) a start can take far longer than the
      // usual second; on timeout the child is killed so the test process can still exit.
      const timer = setTimeout(() => {
        child!.kill('SIGKILL');
        rej(new Error(`sandbox did not become ready in ${READY_TIMEOUT_MS / 1000}s:\n${output}`));
      }, READY_TIMEOUT_MS);
      const check = (): void => {
        if (output.includes('Ordinal sandbox ready')) {
          clearTimeout(timer);
          res();
        }
      };
      child!.stdout!.on('data', check);
      child!.once('exit', (code) => {
        clearTimeout(timer);
        rej(new Error(`sandbox exited with ${code}:\n${output}`));
      });
    });
  };
  // A free port can be taken by a concurrently starting sandbox between our probe and its bind:
  // pick new ports and try again.
  for (let attempt = 1; ; attempt++) {
    try {
      await launch();
      break;
    } catch (e) {
      if (attempt >= 5 || !/is in use/.test(String((e as Error).message))) throw e;
      port = await freePort();
      dnsPort = await freePort();
    }
  }
  const kubeconfig = join(dataDir, 'kubeconfig');
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfig);
  const token = kc.getCurrentUser()!.token!;
  const stopChild = async (signal: NodeJS.Signals): Promise<void> => {
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child!.once('exit', r));
    child.kill(signal);
    await exited;
  };
  const sb: TestSandbox = {
    dataDir,
    port,
    dnsPort,
    url: `https://127.0.0.1:${port}`,
    kubeconfig,
    kc,
    token,
    kubectl: (a, o) => runKubectl(kubeconfig, a, o),
    k: async (a, input) => {
      const r = await runKubectl(kubeconfig, a, { input });
      if (r.code !== 0) throw new Error(`kubectl ${a.join(' ')} failed (${r.code}): ${r.stderr}${r.stdout}`);
      return r.stdout;
    },
    apply: (yaml) => sb.k(['apply', '-f', '-'], yaml),
    stop: async () => {
      await stopChild('SIGTERM');
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
    kill9: () => stopChild('SIGKILL'),
    restart: async () => {
      await launch();
    },
    logs: () => output,
  };
  return sb;
}

/**
 * One sandbox for the enclosing describe block: started in its before hook (then handed to
 * `onStart`, which keeps it and builds fixtures on it, and may return a cleanup to run first at the
 * end) and stopped in its after hook. Call it directly inside `describe`.
 */
export function sandboxPerSuite(opts: SandboxOptions, onStart: (sb: TestSandbox) => void | (() => void) | Promise<void | (() => void)>): void {
  let sb: TestSandbox | undefined;
  let cleanup: void | (() => void);
  before(async () => {
    sb = await startTestSandbox(opts);
    cleanup = await onStart(sb);
  });
  after(async () => {
    cleanup?.();
    await sb?.stop();
  });
}

/** Creates namespace `name` (kubectl apply, so an existing one is fine) and returns its name. */
export async function createNamespace(sb: TestSandbox, name: string): Promise<string> {
  await sb.apply(`apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n`);
  return name;
}

/** The pod as JSON (`kubectl get pod -o json`), or undefined when kubectl cannot get it (gone). */
export async function getPod(sb: TestSandbox, ns: string, name: string): Promise<any> {
  const r = await sb.kubectl(['-n', ns, 'get', 'pod', name, '-o', 'json']);
  return r.code === 0 ? JSON.parse(r.stdout) : undefined;
}

/** Polls `fn` until it returns a truthy value (or throws the last error at the deadline). */
export async function eventually<T>(fn: () => Promise<T | undefined | false> | T | undefined | false, opts: { timeoutMs?: number; intervalMs?: number; message?: string } = {}): Promise<T> {
  const deadline = Date.now() + (opts.timeoutMs ?? 20_000);
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v as T;
      last = undefined;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      throw new Error(`${opts.message ?? 'condition not met'} within ${opts.timeoutMs ?? 20_000} ms${last ? `: ${(last as Error).message}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 50));
  }
}

export function writeTemp(name: string, content: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'ordinal-file-'));
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

export interface RawResponse {
  status: number;
  body: string;
  json?: any;
  headers: Record<string, string>;
}

/** Reads a whole response; `json` is the parsed body when it is JSON. */
export function readResponse(r: IncomingMessage): Promise<RawResponse> {
  return new Promise((res, rej) => {
    const chunks: Buffer[] = [];
    r.on('data', (c: Buffer) => chunks.push(c));
    r.on('error', rej);
    r.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json: any;
      try {
        json = JSON.parse(body);
      } catch {
        json = undefined;
      }
      res({ status: r.statusCode ?? 0, body, json, headers: r.headers as Record<string, string> });
    });
  });
}

/** The sandbox's CA certificate, to trust its HTTPS port in raw requests. */
export function sandboxCA(sb: TestSandbox): Buffer {
  return Buffer.from(sb.kc.getCurrentCluster()!.caData!, 'base64');
}

/** Raw HTTPS request with the sandbox's token (or another / none), for bad-input tests. */
export async function rawRequest(
  sb: TestSandbox,
  method: string,
  path: string,
  opts: { body?: string | Buffer; contentType?: string; token?: string | null; accept?: string } = {},
): Promise<RawResponse> {
  const https = await import('node:https');
  return new Promise((res, rej) => {
    const headers: Record<string, string> = {};
    const token = opts.token === undefined ? sb.token : opts.token;
    if (token) headers.authorization = `Bearer ${token}`;
    if (opts.contentType) headers['content-type'] = opts.contentType;
    // Frame every body: without a length, Node sends a DELETE's body as bytes after the request.
    if (opts.body !== undefined) headers['content-length'] = String(Buffer.byteLength(opts.body));
    if (opts.accept) headers.accept = opts.accept;
    const req = https.request({ host: '127.0.0.1', port: sb.port, path, method, ca: sandboxCA(sb), headers }, (r) => {
      readResponse(r).then(res, rej);
    });
    req.on('error', rej);
    req.end(opts.body);
  });
}
