// Free loopback ports for the sandboxes a benchmark starts (TCP for the API, UDP+TCP for DNS).

import net from 'node:net';
import dgram from 'node:dgram';

export function freeTcpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** A port free for both TCP and UDP (the DNS server listens on both). */
export async function freeDualPort(): Promise<number> {
  for (let i = 0; i < 20; i++) {
    const port = await freeTcpPort();
    const ok = await new Promise<boolean>((resolve) => {
      const u = dgram.createSocket('udp4');
      u.once('error', () => resolve(false));
      u.bind(port, '127.0.0.1', () => u.close(() => resolve(true)));
    });
    if (ok) return port;
  }
  throw new Error('no free TCP+UDP port found');
}
