/**
 * A small PKI for TLS tests, made with the openssl CLI (EC P-256: fast): certificate authorities
 * and the client and serving certificates they issue.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Pem {
  certPath: string;
  keyPath: string;
  certPem: string;
  keyPem: string;
}

function openssl(args: string[]): void {
  execFileSync('openssl', args, { stdio: 'ignore', timeout: 20_000 });
}

function read(certPath: string, keyPath: string): Pem {
  return {
    certPath,
    keyPath,
    certPem: readFileSync(certPath, 'utf8'),
    keyPem: readFileSync(keyPath, 'utf8'),
  };
}

function newKey(keyPath: string): void {
  openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', keyPath]);
}

export function makeCa(dir: string, name: string, commonName = `${name}-ca`): Pem {
  const keyPath = join(dir, `${name}.key`);
  const certPath = join(dir, `${name}.crt`);
  newKey(keyPath);
  openssl([
    'req',
    '-x509',
    '-new',
    '-key',
    keyPath,
    '-sha256',
    '-days',
    '2',
    '-subj',
    `/CN=${commonName}`,
    '-out',
    certPath,
  ]);
  return read(certPath, keyPath);
}

export interface IssueOptions {
  commonName: string;
  organizations?: string[];
  /** a serving certificate for 127.0.0.1 and localhost; else a client certificate */
  server?: boolean;
}

export function issueCert(dir: string, ca: Pem, name: string, o: IssueOptions): Pem {
  const keyPath = join(dir, `${name}.key`);
  const certPath = join(dir, `${name}.crt`);
  const csrPath = join(dir, `${name}.csr`);
  const extPath = join(dir, `${name}.ext`);
  newKey(keyPath);
  const subject = `/CN=${o.commonName}${(o.organizations ?? []).map((g) => `/O=${g}`).join('')}`;
  openssl(['req', '-new', '-key', keyPath, '-subj', subject, '-out', csrPath]);
  writeFileSync(
    extPath,
    o.server
      ? 'extendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n'
      : 'extendedKeyUsage=clientAuth\n',
  );
  openssl([
    'x509',
    '-req',
    '-in',
    csrPath,
    '-CA',
    ca.certPath,
    '-CAkey',
    ca.keyPath,
    '-CAcreateserial',
    '-days',
    '2',
    '-sha256',
    '-extfile',
    extPath,
    '-out',
    certPath,
  ]);
  return read(certPath, keyPath);
}
