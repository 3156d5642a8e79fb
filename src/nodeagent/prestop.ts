// How long a container's preStop hook takes, read from its spec. Kubelet runs the hook before
// SIGTERM and both share the termination grace period, so a `sleep` in preStop (the usual way to
// let endpoints drain) is what keeps a real pod Terminating for a while. Only hooks whose duration
// is evident are modelled: `lifecycle.preStop.sleep.seconds` and an exec of `sleep N` (directly or
// inside `sh -c`); other hooks (httpGet, arbitrary commands) count as instantaneous.

/** Unscaled milliseconds the preStop hook of `container` runs; 0 when there is none. */
export function preStopMillis(container: any): number {
  const hook = container?.lifecycle?.preStop;
  if (!hook) return 0;
  const seconds = Number(hook.sleep?.seconds);
  if (Number.isFinite(seconds) && seconds > 0) return seconds * 1000;
  return execSleepMillis(hook.exec?.command);
}

function execSleepMillis(command: unknown): number {
  if (!Array.isArray(command) || command.length === 0) return 0;
  const argv = command.map(String);
  const bin = argv[0].split('/').pop();
  if (bin === 'sleep') return sleepArg(argv[1]);
  if ((bin === 'sh' || bin === 'bash' || bin === 'ash') && argv[1] === '-c') {
    const m = /(?:^|[;&|\s])sleep\s+(\S+)/.exec(argv[2] ?? '');
    return m ? sleepArg(m[1]) : 0;
  }
  return 0;
}

/** coreutils/busybox `sleep` argument: a number of seconds with an optional s/m/h suffix. */
function sleepArg(arg: string | undefined): number {
  const m = /^(\d+(?:\.\d+)?)([smh]?)$/.exec(arg ?? '');
  if (!m) return 0;
  const unit = m[2] === 'h' ? 3_600_000 : m[2] === 'm' ? 60_000 : 1000;
  return Number(m[1]) * unit;
}
