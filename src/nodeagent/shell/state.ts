// The state one simulated shell process carries (pod, variables, cwd, last status) and the I/O a
// command writes to. Kept apart so commands and the interpreter can share it without cycles.

import type { KubeObject } from '../../apimachinery/types.js';
import type { LookupEnv } from './nslookup.js';

export interface ShellState {
  pod: KubeObject;
  container: string;
  vars: Map<string, string>;
  cwd: string;
  lastStatus: number;
  /** Aborted by Ctrl-C (interrupts sleep) or by the client going away. */
  signal: AbortSignal;
  /** Resolver environment, built on first use (it reads the kube-dns Service). */
  lookup(): Promise<LookupEnv>;
  /** Cluster DNS ClusterIP for /etc/resolv.conf. */
  dnsIp(): Promise<string>;
  now(): Date;
}

export interface CommandIO {
  out(s: string): void;
  err(s: string): void;
  /** Piped input, when the command is not first in a pipeline. */
  stdin?: string;
  /** Output goes to a terminal (ls prints columns only then, as busybox does). */
  tty?: boolean;
}

/** `exit N`: unwinds to the shell session, which ends with N. */
export class ExitRequest extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

export type Command = (args: string[], sh: ShellState, io: CommandIO) => Promise<number> | number;
