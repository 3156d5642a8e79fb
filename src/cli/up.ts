// `ordinal up`: run the sandbox in the foreground until SIGINT/SIGTERM.

import { Command, InvalidArgumentError, Option } from 'commander';
import { relative } from 'node:path';
import { createLogger, type LogFormat } from '../util/logger.js';
import { DataDirError, startSandbox } from '../sandbox/sandbox.js';
import { parseDuration } from '../util/duration.js';
import { lowerHelperThreadPriority } from '../util/helper-threads.js';
import { DEFAULT_HEAP_GROWTH_PERCENT, setHeapGrowthPercent } from '../util/heap-growth.js';

function int(name: string) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${name} must be a non-negative integer`);
    return n;
  };
}

/** A Go-style duration ("100ms", "1s") → milliseconds. */
function duration(name: string) {
  return (v: string): number => {
    let ms: number;
    try {
      ms = parseDuration(v);
    } catch (e) {
      throw new InvalidArgumentError(`${name}: ${(e as Error).message}`);
    }
    if (ms < 0) throw new InvalidArgumentError(`${name} must not be negative`);
    return ms;
  };
}

/** A growth percentage V8 accepts as its heap growing factor (1–1000 %). */
function percent(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new InvalidArgumentError('must be a whole number from 1 to 1000');
  return n;
}

function positive(v: string): number {
  const n = Number(v);
  if (!(n > 0)) throw new InvalidArgumentError('must be a number greater than 0');
  return n;
}

export function upCommand(): Command {
  return new Command('up')
    .description('start the sandbox: API server, controllers, scheduler, simulated nodes, DNS')
    .option('--data-dir <dir>', 'where state, certificates and the kubeconfig live', './.ordinal')
    .option('--host <addr>', 'address the API server listens on', '127.0.0.1')
    .option('--port <n>', 'API server port', int('--port'), 6443)
    .option('--nodes <n>', 'simulated nodes registered at start', int('--nodes'), 3)
    .option('--dns-port <n>', 'cluster DNS port on 127.0.0.1', int('--dns-port'), 10053)
    .option('--time-scale <f>', 'multiplies every simulated duration (0.1 = ten times faster)', positive, 1)
    .option('--image-pull <duration>', 'first pull of an image on a node', '2s')
    .option('--container-start <duration>', 'container start time', '1s')
    .option('--watch-cache-size <n>', 'store events kept so watches can resume (older → 410 Expired)', int('--watch-cache-size'), 50000)
    // etcd's --warning-apply-duration: a commit this slow held up every write waiting on it.
    .option('--slow-commit-warning <duration>', 'log a warning for each store commit (write and fsync) that takes this long or longer', duration('--slow-commit-warning'), 100)
    .option('--insecure-http', 'serve plain HTTP instead of HTTPS (no TLS; the token is still required)')
    .option('--log-format <fmt>', 'text or json', 'text')
    // GOGC's knob: more memory for fewer full collections, which pause every request (heap-growth.ts).
    .option('--heap-growth-percent <n>', 'let the heap grow by this % of what the last full garbage collection left live before the next', percent, DEFAULT_HEAP_GROWTH_PERCENT)
    // Hidden: components not to start (names from src/sandbox/components.ts), for benchmarks and focused tests.
    .addOption(new Option('--disable <names>', 'comma-separated components not to start').hideHelp().argParser((v) => v.split(',').filter(Boolean)))
    .action(async (o) => {
      // First, while the only threads besides this one are V8's and libuv's helpers: the store's
      // writer and the other workers, started next, keep the normal priority (helper-threads.ts).
      const lowered = lowerHelperThreadPriority();
      // The store holds every object in this heap: fewer, not smaller, full collections (heap-growth.ts).
      setHeapGrowthPercent(o.heapGrowthPercent as number);
      const log = createLogger(o.logFormat as LogFormat);
      log.debug({ threads: lowered }, 'lowered the priority of V8 and libuv helper threads');
      if (o.insecureHttp) log.warn('serving plain HTTP: traffic including the bearer token is unencrypted; use only on a trusted machine');
      const started = Date.now();
      let sb;
      try {
        sb = await startSandbox({
          dataDir: o.dataDir,
          host: o.host,
          port: o.port,
          insecureHttp: !!o.insecureHttp,
          nodes: o.nodes,
          dnsPort: o.dnsPort,
          timeScale: o.timeScale,
          imagePull: o.imagePull,
          containerStart: o.containerStart,
          watchCacheSize: o.watchCacheSize,
          slowCommitWarningMs: o.slowCommitWarning as number,
          disable: o.disable as string[] | undefined,
          logger: log,
        });
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        if (err.code === 'EADDRINUSE') {
          const dns = (err as NodeJS.ErrnoException & { port?: number }).port === o.dnsPort;
          const [port, flag] = dns ? [o.dnsPort, '--dns-port'] : [o.port, '--port'];
          console.error(`error: port ${port} is in use: stop what uses it, or pick another port with ${flag}`);
        } else if (e instanceof DataDirError) {
          console.error(`error: ${err.message}`);
        } else {
          console.error(`error: ${err.stack ?? err.message}`);
        }
        process.exit(1);
      }
      const rel = relative(process.cwd(), sb.kubeconfigPath);
      const kc = rel && !rel.startsWith('..') ? `./${rel}` : sb.kubeconfigPath;
      const lines = [
        `Ordinal sandbox ready in ${Date.now() - started} ms`,
        `  API server:  ${sb.url}`,
        `  kubeconfig:  ${sb.kubeconfigPath}`,
        ...sb.components.map((c) => c.describe?.()).filter((s): s is string => !!s).map((s) => `  ${s}`),
        '',
        `  export KUBECONFIG=${kc}`,
        '  kubectl get nodes',
      ];
      process.stdout.write(lines.join('\n') + '\n');
      let stopping = false;
      const stop = async (): Promise<void> => {
        if (stopping) return;
        stopping = true;
        await sb.stop();
        process.exit(0);
      };
      process.on('SIGINT', () => void stop());
      process.on('SIGTERM', () => void stop());
    });
}
