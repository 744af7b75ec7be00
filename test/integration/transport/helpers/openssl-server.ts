/**
 * `openssl s_server` as a TLS peer that behaves like an OpenSSL-based RTU: unlike Node's
 * TLS server, it sends the TLS alert when it rejects a client certificate.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { CertPair } from './test-pki';

/** A running s_server. */
export interface OpensslServer {
  port: number;
  stop(): void;
}

/** Starts `openssl s_server` on 127.0.0.1:`port` requiring a client certificate signed by `clientCa`. */
export function startOpensslServer(port: number, server: CertPair, clientCa: string): Promise<OpensslServer> {
  const child: ChildProcess = spawn(
    'openssl',
    ['s_server', '-accept', `127.0.0.1:${port}`, '-cert', server.cert, '-key', server.key, '-CAfile', clientCa,
      '-Verify', '1', '-verify_return_error'],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`openssl s_server did not start: ${output}`)), 5000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('ACCEPT')) {
        clearTimeout(timer);
        resolve({ port, stop: () => child.kill() });
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => reject(new Error(`openssl s_server exited ${code}: ${output}`)));
  });
}
