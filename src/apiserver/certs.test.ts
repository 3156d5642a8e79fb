import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensurePki } from './certs.js';

const YEAR = 365 * 24 * 3600 * 1000;

test('ensurePki issues a P-256 CA and a serving certificate it signed, for the serving hosts', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ordinal-pki-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const pki = await ensurePki(dir, '10.1.2.3');
  const ca = new X509Certificate(pki.caPem);
  const cert = new X509Certificate(pki.certPem);
  assert.equal(ca.subject, 'CN=ordinal-ca');
  assert.equal(ca.issuer, 'CN=ordinal-ca');
  assert.equal(ca.ca, true);
  assert.ok(ca.verify(ca.publicKey), 'CA is self-signed');
  assert.equal(cert.subject, 'CN=ordinal-apiserver');
  assert.equal(cert.ca, false);
  assert.ok(cert.checkIssued(ca));
  assert.ok(cert.verify(ca.publicKey), 'serving certificate is signed by the CA');
  assert.equal(cert.publicKey.asymmetricKeyDetails?.namedCurve, 'prime256v1');
  assert.deepEqual(cert.keyUsage, ['1.3.6.1.5.5.7.3.1']);
  assert.equal(cert.subjectAltName, 'IP Address:127.0.0.1, DNS:localhost, IP Address:0:0:0:0:0:0:0:1, IP Address:10.1.2.3');
  assert.equal(cert.checkHost('localhost'), 'localhost');
  assert.equal(cert.checkIP('::1'), '::1');
  const life = Date.parse(cert.validTo) - Date.parse(cert.validFrom);
  assert.ok(Math.abs(life - 10 * YEAR) < 1000, `valid for ten years, got ${life} ms`);
  assert.ok(Date.parse(cert.validFrom) <= Date.now());
  assert.match(pki.token, /^[0-9a-f]{48}$/);
});

test('a restart with the same hosts keeps the PKI; a new --host reissues the certificates, not the token', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ordinal-pki-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const first = await ensurePki(dir, '127.0.0.1');
  assert.deepEqual(await ensurePki(dir, '127.0.0.1'), first);
  const moved = await ensurePki(dir, '192.168.7.7');
  assert.equal(moved.token, first.token);
  assert.notEqual(moved.certPem, first.certPem);
  assert.match(new X509Certificate(moved.certPem).subjectAltName ?? '', /IP Address:192\.168\.7\.7/);
  assert.equal(readFileSync(join(dir, 'serving-hosts'), 'utf8'), '127.0.0.1,localhost,::1,192.168.7.7');
});

test('a TLS client trusting the CA accepts the serving certificate for 127.0.0.1 and localhost', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ordinal-pki-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const pki = await ensurePki(dir, '127.0.0.1');
  const server = https.createServer({ cert: pki.certPem, key: pki.keyPem }, (_req, res) => res.end('ok'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => server.close());
  const port = (server.address() as AddressInfo).port;
  for (const host of ['127.0.0.1', 'localhost']) {
    const body = await new Promise<string>((resolve, reject) => {
      // localhost resolves to 127.0.0.1 or ::1; either way the name checked is the one asked for.
      const req = https.get({ host, family: 4, port, ca: pki.caPem, agent: false }, (res) => {
        let b = '';
        res.on('data', (c) => (b += c));
        res.on('end', () => resolve(b));
      });
      req.on('error', reject);
    });
    assert.equal(body, 'ok', host);
  }
});
