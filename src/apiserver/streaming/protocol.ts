// The Kubernetes remotecommand WebSocket protocol (KEP-3396): subprotocol names, channel bytes and
// the metav1.Status the error channel carries when the process ends.
//
// Every message is binary; the first byte names the channel. v4 reports the end as a Status JSON
// on channel 3; v5 adds the CLOSE signal (255, then the channel the client is done writing), which
// is how a client says "stdin reached EOF" without closing the whole connection.

import type { StatusDetails } from '../../apimachinery/types.js';

/** The error channel's Status (kubelet omits kind, apiVersion and code). */
export interface ExitStatus {
  metadata: Record<string, never>;
  status: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  details?: StatusDetails;
}

export const CHANNEL = { stdin: 0, stdout: 1, stderr: 2, error: 3, resize: 4, close: 255 } as const;

/** Newest first: the server picks the first of these the client offers. */
export const SUPPORTED_PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io', 'v3.channel.k8s.io', 'v2.channel.k8s.io', 'channel.k8s.io'] as const;
export type ChannelProtocol = (typeof SUPPORTED_PROTOCOLS)[number];

/** The subprotocol to accept from a client's offer (Sec-WebSocket-Protocol), or undefined. */
export function negotiateProtocol(offered: Iterable<string>): ChannelProtocol | undefined {
  const set = new Set([...offered].map((p) => p.trim()));
  return SUPPORTED_PROTOCOLS.find((p) => set.has(p));
}

/** v4 and later send a Status JSON on the error channel; older versions send plain text. */
export function statusFramed(p: ChannelProtocol): boolean {
  return p === 'v4.channel.k8s.io' || p === 'v5.channel.k8s.io';
}

/** The Status a kubelet sends when the command ended (exit 0 = Success). */
export function exitStatus(argv: string[], code: number): ExitStatus {
  if (code === 0) return { metadata: {}, status: 'Success' };
  return {
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: error executing command [${argv.join(' ')}], exit code ${code}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(code) }] },
  };
}

/** A frame: channel byte + payload. */
export function frame(channel: number, data: string | Buffer): Buffer {
  const body = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  return Buffer.concat([Buffer.from([channel]), body]);
}

/** The resize message body: {"Width":80,"Height":24}. */
export function parseResize(data: Buffer): { width: number; height: number } | undefined {
  try {
    const v = JSON.parse(data.toString('utf8')) as { Width?: unknown; Height?: unknown };
    if (typeof v.Width === 'number' && typeof v.Height === 'number') return { width: v.Width, height: v.Height };
  } catch {
    // a malformed resize is ignored, as the kubelet does
  }
  return undefined;
}
