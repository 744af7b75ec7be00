/**
 * Test certificates made by the `openssl` CLI in a temp dir: a CA, a second (untrusted) CA,
 * valid server and client certificates, and broken server certificates (expired, not yet
 * valid, wrong name, signed by the other CA).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A certificate and its key, as file paths. */
export interface CertPair {
  cert: string;
  key: string;
}

/** Everything a TLS test needs. */
export interface TestPki {
  dir: string;
  ca: CertPair;
  otherCa: CertPair;
  server: CertPair;
  serverExpired: CertPair;
  serverNotYetValid: CertPair;
  serverWrongName: CertPair;
  serverOtherCa: CertPair;
  client: CertPair;
  clientOtherCa: CertPair;
  /** Removes the directory. */
  cleanup(): void;
}

const openssl = (cwd: string, args: string[]): void => {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
};

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

function makeCa(dir: string, name: string, cn: string): CertPair {
  const pair = { cert: join(dir, `${name}.crt`), key: join(dir, `${name}.key`) };
  openssl(dir, [
    'req', '-x509', ...EC, '-keyout', pair.key, '-out', pair.cert, '-days', '30', '-subj', `/CN=${cn}`,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  const db = join(dir, `${name}-db`);
  mkdirSync(join(db, 'new'), { recursive: true });
  writeFileSync(join(db, 'index.txt'), '');
  writeFileSync(join(db, 'serial'), '1000\n');
  writeFileSync(
    join(db, 'ca.cnf'),
    [
      '[ ca ]', 'default_ca = d', '[ d ]', `database = ${join(db, 'index.txt')}`, `new_certs_dir = ${join(db, 'new')}`,
      `serial = ${join(db, 'serial')}`, 'default_md = sha256', 'policy = p', 'copy_extensions = copy',
      'unique_subject = no', '[ p ]', 'commonName = supplied', '',
    ].join('\n'),
  );
  return pair;
}

/** UTC time in openssl's `YYYYMMDDHHMMSSZ` form, `days` from now. */
function stamp(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z';
}

function issue(dir: string, ca: CertPair, caName: string, name: string, cn: string, san: string, from: number, to: number, key: string[] = EC): CertPair {
  const pair = { cert: join(dir, `${name}.crt`), key: join(dir, `${name}.key`) };
  const csr = join(dir, `${name}.csr`);
  openssl(dir, ['req', '-new', ...key, '-keyout', pair.key, '-out', csr, '-subj', `/CN=${cn}`, '-addext', `subjectAltName=${san}`]);
  openssl(dir, [
    'ca', '-batch', '-config', join(dir, `${caName}-db`, 'ca.cnf'), '-cert', ca.cert, '-keyfile', ca.key,
    '-in', csr, '-out', pair.cert, '-startdate', stamp(from), '-enddate', stamp(to), '-notext',
  ]);
  return pair;
}

/** Loopback names of the server certificates. */
const LOCAL_SAN = 'DNS:localhost,IP:127.0.0.1,IP:::1';

/**
 * One more localhost server certificate from the test CA, valid `from` to `to` days from
 * now; `rsaBits` gives it an RSA key of that size instead of EC P-256.
 */
export function issueServerCert(pki: TestPki, name: string, from: number, to: number, rsaBits?: number): CertPair {
  const key = rsaBits ? ['-newkey', `rsa:${rsaBits}`, '-nodes'] : EC;
  return issue(pki.dir, pki.ca, 'ca', name, 'localhost', LOCAL_SAN, from, to, key);
}

/** A self-signed localhost server certificate (no CA). */
export function selfSignedServerCert(pki: TestPki, name: string): CertPair {
  const pair = { cert: join(pki.dir, `${name}.crt`), key: join(pki.dir, `${name}.key`) };
  openssl(pki.dir, ['req', '-x509', ...EC, '-keyout', pair.key, '-out', pair.cert, '-days', '365', '-subj', '/CN=localhost', '-addext', `subjectAltName=${LOCAL_SAN}`]);
  return pair;
}

/** Generates the whole set (a few hundred ms). */
export function makeTestPki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'swy-pki-'));
  const ca = makeCa(dir, 'ca', 'Switchyard Test CA');
  const otherCa = makeCa(dir, 'other-ca', 'Untrusted Test CA');
  const local = LOCAL_SAN;
  return {
    dir,
    ca,
    otherCa,
    server: issue(dir, ca, 'ca', 'server', 'localhost', local, -1, 365),
    serverExpired: issue(dir, ca, 'ca', 'server-expired', 'localhost', local, -30, -2),
    serverNotYetValid: issue(dir, ca, 'ca', 'server-future', 'localhost', local, 10, 20),
    serverWrongName: issue(dir, ca, 'ca', 'server-wrong-name', 'rtu-9.example', 'DNS:rtu-9.example', -1, 365),
    serverOtherCa: issue(dir, otherCa, 'other-ca', 'server-other-ca', 'localhost', local, -1, 365),
    client: issue(dir, ca, 'ca', 'client', 'switchyard-master', 'DNS:switchyard-master', -1, 365),
    clientOtherCa: issue(dir, otherCa, 'other-ca', 'client-other-ca', 'rogue-master', 'DNS:rogue-master', -1, 365),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
