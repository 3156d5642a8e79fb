// The Kubernetes version the sandbox reports: the minor the bundled behaviour follows, chosen so the
// installed kubectl (1.32) sees no version-skew warning.

export const KUBE_VERSION = { major: '1', minor: '32', gitVersion: 'v1.32.4+ordinal' };

export function versionInfo(): Record<string, string> {
  return {
    major: KUBE_VERSION.major,
    minor: KUBE_VERSION.minor,
    gitVersion: KUBE_VERSION.gitVersion,
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2026-11-01T00:00:00Z',
    goVersion: `node${process.versions.node}`,
    compiler: 'tsc',
    platform: `${process.platform}/${process.arch === 'x64' ? 'amd64' : process.arch}`,
  };
}
