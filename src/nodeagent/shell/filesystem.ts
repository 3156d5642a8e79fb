// The few files and directories of the simulated container's filesystem: the kubelet-managed
// files under /etc plus a fixed busybox-style root layout, so `cat` and `ls` answer sensibly and
// everything else is "No such file or directory".

import { hostsFile, podHostname, resolvConf } from './pod-files.js';
import type { ShellState } from './state.js';

const DIRS: Record<string, string[]> = {
  '/': ['bin', 'dev', 'etc', 'home', 'proc', 'root', 'sys', 'tmp', 'usr', 'var'],
  '/etc': ['group', 'hostname', 'hosts', 'passwd', 'resolv.conf'],
  '/bin': ['cat', 'date', 'echo', 'env', 'hostname', 'ls', 'nslookup', 'pwd', 'sh', 'sleep', 'wget'],
  '/dev': ['null', 'stderr', 'stdin', 'stdout', 'tty'],
  '/home': [],
  '/proc': [],
  '/root': [],
  '/sys': [],
  '/tmp': [],
  '/usr': ['bin', 'sbin'],
  '/var': [],
};

const STATIC: Record<string, string> = {
  '/etc/passwd': 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/false\n',
  '/etc/group': 'root:x:0:\nnogroup:x:65534:\n',
  '/dev/null': '',
};

/** Absolute, normalised path of `p` relative to `cwd`. */
export function resolvePath(cwd: string, p: string): string {
  const parts = (p.startsWith('/') ? p : `${cwd}/${p}`).split('/');
  const out: string[] = [];
  for (const part of parts) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return '/' + out.join('/');
}

export function isDir(path: string): boolean {
  return path in DIRS;
}

export function listDir(path: string): string[] | undefined {
  return DIRS[path];
}

/** File contents, or undefined when there is no such file. */
export async function readFile(sh: ShellState, path: string): Promise<string | undefined> {
  switch (path) {
    case '/etc/hostname':
      return `${podHostname(sh.pod)}\n`;
    case '/etc/hosts':
      return hostsFile(sh.pod);
    case '/etc/resolv.conf':
      return resolvConf(sh.pod, await sh.dnsIp());
    default:
      return STATIC[path];
  }
}
