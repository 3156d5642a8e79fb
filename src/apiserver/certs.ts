// First-start PKI for the sandbox: a CA, a serving certificate for 127.0.0.1/localhost (plus the
// --host address) and an admin bearer token, kept in the data dir so restarts keep kubeconfigs valid.

import { generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { bits, bool, explicit, implicit, int, namedBits, octets, oid, seq, set, time, uint, utf8 } from './der.js';

export interface Pki {
  caPem: string;
  certPem: string;
  keyPem: string;
  token: string;
}

// Certificates are ECDSA P-256 / SHA-256, built with node:crypto and a small DER writer (der.ts).
const ECDSA_SHA256 = seq(oid('1.2.840.10045.4.3.2'));
const KEY_USAGE = { digitalSignature: 0, keyEncipherment: 2, keyCertSign: 5, cRLSign: 6 } as const;

const name = (cn: string): Buffer => seq(set(seq(oid('2.5.4.3'), utf8(cn))));
const ext = (id: string, critical: boolean, value: Buffer): Buffer => seq(oid(id), ...(critical ? [bool(true)] : []), octets(value));

/** A positive, minimal 64-bit serial number. */
function serial(): Buffer {
  const b = randomBytes(8);
  b[0] = (b[0] & 0x7f) | 0x40;
  return uint(b);
}

function subjectAltNames(hosts: string[]): Buffer {
  const names = hosts.map((h) => {
    if (!isIP(h)) return implicit(2, Buffer.from(h, 'ascii')); // dNSName
    return implicit(7, ipBytes(h)); // iPAddress
  });
  return seq(...names);
}

function ipBytes(ip: string): Buffer {
  if (isIP(ip) === 4) return Buffer.from(ip.split('.').map(Number));
  const [head, tail = ''] = ip.split('::');
  const groups = (s: string): string[] => (s ? s.split(':') : []);
  const h = groups(head);
  const t = groups(tail);
  const all = ip.includes('::') ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h;
  return Buffer.from(all.map((g) => g.padStart(4, '0')).join(''), 'hex');
}

interface CertSpec {
  subject: string;
  issuer: string;
  publicKey: KeyObject;
  signingKey: KeyObject;
  notBefore: Date;
  notAfter: Date;
  extensions: Buffer[];
}

/** An X.509 v3 certificate (RFC 5280 §4.1), PEM-encoded. */
function certificate(c: CertSpec): string {
  const tbs = seq(
    explicit(0, int(2)),
    serial(),
    ECDSA_SHA256,
    name(c.issuer),
    seq(time(c.notBefore), time(c.notAfter)),
    name(c.subject),
    c.publicKey.export({ type: 'spki', format: 'der' }),
    explicit(3, seq(...c.extensions)),
  );
  // For EC keys node:crypto's signature is the DER ECDSA-Sig-Value X.509 carries.
  const der = seq(tbs, ECDSA_SHA256, bits(sign('sha256', tbs, c.signingKey)));
  return `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/(.{64})/g, '$1\n').trim()}\n-----END CERTIFICATE-----\n`;
}

const p256 = (): { publicKey: KeyObject; privateKey: KeyObject } => generateKeyPairSync('ec', { namedCurve: 'P-256' });

function issue(hosts: string[]): Omit<Pki, 'token'> {
  const notBefore = new Date(Date.now() - 60_000);
  const notAfter = new Date(notBefore.getTime() + 10 * 365 * 24 * 3600 * 1000);
  const ca = p256();
  const caPem = certificate({
    subject: 'ordinal-ca',
    issuer: 'ordinal-ca',
    publicKey: ca.publicKey,
    signingKey: ca.privateKey,
    notBefore,
    notAfter,
    extensions: [
      ext('2.5.29.19', true, seq(bool(true), int(0))), // basicConstraints: CA, pathLen 0
      ext('2.5.29.15', true, namedBits([KEY_USAGE.keyCertSign, KEY_USAGE.cRLSign])),
    ],
  });
  const server = p256();
  const certPem = certificate({
    subject: 'ordinal-apiserver',
    issuer: 'ordinal-ca',
    publicKey: server.publicKey,
    signingKey: ca.privateKey,
    notBefore,
    notAfter,
    extensions: [
      ext('2.5.29.19', true, seq()), // basicConstraints: not a CA
      ext('2.5.29.15', true, namedBits([KEY_USAGE.digitalSignature, KEY_USAGE.keyEncipherment])),
      ext('2.5.29.37', false, seq(oid('1.3.6.1.5.5.7.3.1'))), // extKeyUsage: serverAuth
      ext('2.5.29.17', false, subjectAltNames(hosts)),
    ],
  });
  return { caPem, certPem, keyPem: server.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string };
}

/** Loads the PKI from `dir`, creating it on first start (or when the serving host set changed). */
export async function ensurePki(dir: string, host: string): Promise<Pki> {
  mkdirSync(dir, { recursive: true });
  const f = (n: string): string => join(dir, n);
  const hosts = [...new Set(['127.0.0.1', 'localhost', '::1', host].filter((h) => h && h !== '0.0.0.0' && h !== '::'))];
  const hostsFile = f('serving-hosts');
  const sameHosts = existsSync(hostsFile) && readFileSync(hostsFile, 'utf8') === hosts.join(',');
  if (!existsSync(f('token'))) writeFileSync(f('token'), randomBytes(24).toString('hex') + '\n', { mode: 0o600 });
  if (!sameHosts || !existsSync(f('ca.crt')) || !existsSync(f('apiserver.crt')) || !existsSync(f('apiserver.key'))) {
    const pki = issue(hosts);
    writeFileSync(f('ca.crt'), pki.caPem);
    writeFileSync(f('apiserver.crt'), pki.certPem);
    writeFileSync(f('apiserver.key'), pki.keyPem, { mode: 0o600 });
    writeFileSync(hostsFile, hosts.join(','));
  }
  return {
    caPem: readFileSync(f('ca.crt'), 'utf8'),
    certPem: readFileSync(f('apiserver.crt'), 'utf8'),
    keyPem: readFileSync(f('apiserver.key'), 'utf8'),
    token: readFileSync(f('token'), 'utf8').trim(),
  };
}

/** A kubeconfig (context `ordinal`) that kubectl and @kubernetes/client-node use as is. */
export function kubeconfigYaml(server: string, pki: Pki, insecure: boolean): string {
  const caData = Buffer.from(pki.caPem).toString('base64');
  const cluster = insecure ? `    server: ${server}` : `    certificate-authority-data: ${caData}\n    server: ${server}`;
  return `apiVersion: v1
kind: Config
clusters:
- cluster:
${cluster}
  name: ordinal
contexts:
- context:
    cluster: ordinal
    namespace: default
    user: ordinal-admin
  name: ordinal
current-context: ordinal
preferences: {}
users:
- name: ordinal-admin
  user:
    token: ${pki.token}
`;
}
