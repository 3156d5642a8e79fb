// A do-nothing HTTPS server for the machine baseline (echo-baseline.ts): it answers every write
// with the object it was sent, as an API server would, but keeps nothing and checks nothing.
// `node --import tsx bench/support/echo-server.ts <dir> <port>`; prints "ready" once listening.

import https from 'node:https';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePki, kubeconfigYaml } from '../../src/apiserver/certs.js';

const [dir, port] = process.argv.slice(2);
const pki = await ensurePki(dir, '127.0.0.1');
writeFileSync(join(dir, 'kubeconfig'), kubeconfigYaml(`https://127.0.0.1:${port}`, pki, false));
let rv = 0;
const server = https.createServer({ cert: pki.certPem, key: pki.keyPem }, (req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const obj = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    obj.metadata = { ...obj.metadata, resourceVersion: String(++rv) };
    const body = JSON.stringify(obj);
    res.writeHead(req.method === 'POST' ? 201 : 200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
});
server.keepAliveTimeout = 65_000;
server.listen(Number(port), '127.0.0.1', () => process.stdout.write('ready\n'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
