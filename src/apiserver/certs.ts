// First-start PKI for the sandbox: a CA, a serving certificate for 127.0.0.1/localhost (plus the
// --host address) and an admin bearer token, kept in the data dir so restarts keep kubeconfigs valid.
//
// The certificate library (@peculiar/x509 + reflect-metadata, ~0.1 s to load) is imported only when
// certificates must be issued: a restart on an existing data dir never loads it.

import { webcrypto, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import type * as X509 from '@peculiar/x509';

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;

let x509Module: Promise<typeof X509> | undefined;

function loadX509(): Promise<typeof X509> {
  x509Module ??= (async () => {
    await import('reflect-metadata');
    const x509 = await import('@peculiar/x509');
    x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
    return x509;
  })();
  return x509Module;
}

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

export interface Pki {
  caPem: string;
  certPem: string;
  keyPem: string;
  token: string;
}

async function keyPem(key: CryptoKey): Promise<string> {
  const der = await webcrypto.subtle.exportKey('pkcs8', key);
  const b64 = Buffer.from(der).toString('base64').replace(/(.{64})/g, '$1\n');
  return `-----BEGIN PRIVATE KEY-----\n${b64.trim()}\n-----END PRIVATE KEY-----\n`;
}

function serial(): string {
  return randomBytes(8).toString('hex').replace(/^[89a-f]/, '1');
}

async function issue(hosts: string[]): Promise<Omit<Pki, 'token'>> {
  const x509 = await loadX509();
  const now = new Date(Date.now() - 60_000);
  const tenYears = new Date(now.getTime() + 10 * 365 * 24 * 3600 * 1000);
  const caKeys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: 'CN=ordinal-ca',
    notBefore: now,
    notAfter: tenYears,
    keys: caKeys as any,
    signingAlgorithm: ALG,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    ],
  });
  const keys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
  const names = hosts.map((h) => (isIP(h) ? { type: 'ip' as const, value: h } : { type: 'dns' as const, value: h }));
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: 'CN=ordinal-apiserver',
    issuer: ca.subject,
    notBefore: now,
    notAfter: tenYears,
    signingKey: caKeys.privateKey as any,
    publicKey: keys.publicKey as any,
    signingAlgorithm: ALG,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(names),
    ],
  });
  return { caPem: ca.toString('pem') + '\n', certPem: cert.toString('pem') + '\n', keyPem: await keyPem(keys.privateKey) };
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
    const pki = await issue(hosts);
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
