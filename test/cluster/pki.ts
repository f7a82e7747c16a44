// @peculiar/x509 resolves its services through tsyringe, which needs the Reflect metadata polyfill
// loaded first (ES modules evaluate imports in order).
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { generateKeyPairSync } from 'node:crypto';
import type { webcrypto } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** File paths of everything the control plane's TLS and service-account tokens rest on. */
export interface PkiFiles {
  caCert: string;
  caKey: string;
  apiserverCert: string;
  apiserverKey: string;
  adminCert: string;
  adminKey: string;
  kubeletClientCert: string;
  kubeletClientKey: string;
  frontProxyCaCert: string;
  frontProxyClientCert: string;
  frontProxyClientKey: string;
  kubeletServingCert: string;
  kubeletServingKey: string;
  metricsServingCert: string;
  metricsServingKey: string;
  serviceAccountKey: string;
  serviceAccountPub: string;
  /** Client certificates of the live plane's components, each its own identity as in a real cluster. */
  schedulerCert: string;
  schedulerKey: string;
  controllerManagerCert: string;
  controllerManagerKey: string;
  kwokCert: string;
  kwokKey: string;
}

export function pkiFiles(dir: string): PkiFiles {
  const f = (name: string) => join(dir, name);
  return {
    caCert: f('ca.crt'),
    caKey: f('ca.key'),
    apiserverCert: f('apiserver.crt'),
    apiserverKey: f('apiserver.key'),
    adminCert: f('admin.crt'),
    adminKey: f('admin.key'),
    kubeletClientCert: f('apiserver-kubelet-client.crt'),
    kubeletClientKey: f('apiserver-kubelet-client.key'),
    frontProxyCaCert: f('front-proxy-ca.crt'),
    frontProxyClientCert: f('front-proxy-client.crt'),
    frontProxyClientKey: f('front-proxy-client.key'),
    kubeletServingCert: f('standin-kubelet.crt'),
    kubeletServingKey: f('standin-kubelet.key'),
    metricsServingCert: f('standin-metrics.crt'),
    metricsServingKey: f('standin-metrics.key'),
    serviceAccountKey: f('sa.key'),
    serviceAccountPub: f('sa.pub'),
    schedulerCert: f('kube-scheduler.crt'),
    schedulerKey: f('kube-scheduler.key'),
    controllerManagerCert: f('kube-controller-manager.crt'),
    controllerManagerKey: f('kube-controller-manager.key'),
    kwokCert: f('kwok.crt'),
    kwokKey: f('kwok.key'),
  };
}

/** The name the aggregator expects on the metrics stand-in's certificate: `<service>.<namespace>.svc`. */
export const metricsServiceName = 'metrics-server';
export const metricsServiceNamespace = 'kube-system';
export const adminUser = 'kubernetes-admin';
/** kubeadm's name for the identity the apiserver shows kubelets; also system:masters. */
export const kubeletClientUser = 'kube-apiserver-kubelet-client';
export const frontProxyClientName = 'front-proxy-client';
/** The users the apiserver's bootstrap RBAC already binds to system:kube-scheduler / -controller-manager. */
export const schedulerUser = 'system:kube-scheduler';
export const controllerManagerUser = 'system:kube-controller-manager';
/** kwok has no bootstrap role; rbac/kwok.yaml binds this user to its own ClusterRole. */
export const kwokUser = 'kwok-controller';

// ECDSA P-256: generated in milliseconds, which keeps a fresh PKI per start cheap.
const ecdsa = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };

interface Issuer {
  cert: x509.X509Certificate;
  keys: webcrypto.CryptoKeyPair;
}

interface LeafSpec {
  subject: string;
  usage: 'server' | 'client';
  dns?: string[];
  ips?: string[];
}

/** Generates a fresh CA, front-proxy CA, every leaf certificate and the service-account key pair. */
export async function generatePki(dir: string): Promise<PkiFiles> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const files = pkiFiles(dir);
  const [ca, frontProxyCa] = await Promise.all([
    createCa('kubectl-diag-test-ca'),
    createCa('front-proxy-ca'),
  ]);
  const apiserverNames = ['localhost', 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc'];
  const metricsDns = `${metricsServiceName}.${metricsServiceNamespace}.svc`;
  await Promise.all([
    writeCa(ca, files.caCert, files.caKey),
    writeFile(files.frontProxyCaCert, frontProxyCa.cert.toString('pem')),
    issue(
      ca,
      { subject: 'CN=kube-apiserver', usage: 'server', dns: apiserverNames, ips: ['127.0.0.1', '10.0.0.1'] },
      files.apiserverCert,
      files.apiserverKey,
    ),
    issue(
      ca,
      { subject: `CN=${adminUser}, O=system:masters`, usage: 'client' },
      files.adminCert,
      files.adminKey,
    ),
    issue(
      ca,
      { subject: `CN=${kubeletClientUser}, O=system:masters`, usage: 'client' },
      files.kubeletClientCert,
      files.kubeletClientKey,
    ),
    issue(
      frontProxyCa,
      { subject: `CN=${frontProxyClientName}`, usage: 'client' },
      files.frontProxyClientCert,
      files.frontProxyClientKey,
    ),
    issue(
      ca,
      { subject: 'CN=standin-kubelet', usage: 'server', dns: ['localhost'], ips: ['127.0.0.1'] },
      files.kubeletServingCert,
      files.kubeletServingKey,
    ),
    issue(
      ca,
      { subject: `CN=${metricsDns}`, usage: 'server', dns: [metricsDns], ips: ['127.0.0.1'] },
      files.metricsServingCert,
      files.metricsServingKey,
    ),
    issue(ca, { subject: `CN=${schedulerUser}`, usage: 'client' }, files.schedulerCert, files.schedulerKey),
    issue(
      ca,
      { subject: `CN=${controllerManagerUser}`, usage: 'client' },
      files.controllerManagerCert,
      files.controllerManagerKey,
    ),
    issue(ca, { subject: `CN=${kwokUser}`, usage: 'client' }, files.kwokCert, files.kwokKey),
    writeServiceAccountKeys(files),
  ]);
  return files;
}

async function createCa(commonName: string): Promise<Issuer> {
  const keys = await crypto.subtle.generateKey(ecdsa, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    name: `CN=${commonName}`,
    keys,
    signingAlgorithm: ecdsa,
    ...validity(),
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { cert, keys };
}

async function issue(issuer: Issuer, spec: LeafSpec, certFile: string, keyFile: string): Promise<void> {
  const keys = await crypto.subtle.generateKey(ecdsa, true, ['sign', 'verify']);
  const eku = spec.usage === 'server' ? x509.ExtendedKeyUsage.serverAuth : x509.ExtendedKeyUsage.clientAuth;
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(
      x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment,
      true,
    ),
    new x509.ExtendedKeyUsageExtension([eku]),
    await x509.AuthorityKeyIdentifierExtension.create(issuer.keys.publicKey),
  ];
  const altNames = [
    ...(spec.dns ?? []).map((value) => ({ type: 'dns' as const, value })),
    ...(spec.ips ?? []).map((value) => ({ type: 'ip' as const, value })),
  ];
  if (altNames.length > 0) extensions.push(new x509.SubjectAlternativeNameExtension(altNames));
  const cert = await x509.X509CertificateGenerator.create({
    subject: spec.subject,
    issuer: issuer.cert.subject,
    publicKey: keys.publicKey,
    signingKey: issuer.keys.privateKey,
    signingAlgorithm: ecdsa,
    ...validity(),
    extensions,
  });
  await Promise.all([writeFile(certFile, cert.toString('pem')), writeKey(keys.privateKey, keyFile)]);
}

async function writeCa(ca: Issuer, certFile: string, keyFile: string): Promise<void> {
  await Promise.all([writeFile(certFile, ca.cert.toString('pem')), writeKey(ca.keys.privateKey, keyFile)]);
}

async function writeKey(key: webcrypto.CryptoKey, file: string): Promise<void> {
  const der = Buffer.from(await crypto.subtle.exportKey('pkcs8', key));
  await writeFile(file, toPem('PRIVATE KEY', der), { mode: 0o600 });
}

/** RSA, so tokens are RS256 like on most clusters; the harness signs its own expired ones with it. */
async function writeServiceAccountKeys(files: PkiFiles): Promise<void> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  await Promise.all([
    writeFile(files.serviceAccountKey, privateKey, { mode: 0o600 }),
    writeFile(files.serviceAccountPub, publicKey),
  ]);
}

/** Back-dated an hour so a clock a little behind does not reject fresh certificates. */
function validity() {
  const now = Date.now();
  return { notBefore: new Date(now - 3_600_000), notAfter: new Date(now + 365 * 24 * 3_600_000) };
}

function toPem(label: string, der: Buffer): string {
  const body = der.toString('base64').replace(/(.{64})/g, '$1\n');
  return `-----BEGIN ${label}-----\n${body.trimEnd()}\n-----END ${label}-----\n`;
}
