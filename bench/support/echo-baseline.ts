// The machine's own tail latency: the load generator and a do-nothing HTTPS server (echo-server.ts)
// share the 2 cores the way it and the sandbox do. On a shared virtual machine, wake-ups, the host
// and neighbours add tens of milliseconds to some requests now and then; the same paced load against
// a server that does no work shows how much of a measured p99 the machine alone accounts for.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HttpTransport } from '../../src/client/http-transport.js';
import { RestClient } from '../../src/client/rest-client.js';
import { freeTcpPort } from './ports.js';
import { procCpuMs } from './server.js';

export interface EchoServer {
  client: RestClient;
  cpuMs(): number;
  stop(): Promise<void>;
}

export async function spawnEchoServer(): Promise<EchoServer> {
  const dir = mkdtempSync(join(tmpdir(), 'ordinal-bench-echo-'));
  const port = await freeTcpPort();
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'echo-server.ts'), dir, String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
    child.on('exit', (code) => reject(new Error(`echo server exited with ${code}`)));
  });
  const client = new RestClient(await HttpTransport.fromFile(join(dir, 'kubeconfig')));
  return {
    client,
    cpuMs: () => procCpuMs(child.pid!),
    stop: async () => {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
