/**
 * Reads the PEM files a TLS endpoint names.
 */
import { readFile } from 'node:fs/promises';
import { transportError, type TransportResult } from './transport-error';

/** PEM contents of a CA bundle, our certificate and our key. */
export interface TlsMaterial {
  ca: Buffer;
  cert: Buffer;
  key: Buffer;
}

/** Loads the three files; a missing or unreadable one is an `OTHER` error naming it. */
export async function loadTlsMaterial(files: {
  caFile: string;
  certFile: string;
  keyFile: string;
}): Promise<TransportResult<TlsMaterial>> {
  const read = async (label: string, path: string): Promise<Buffer | string> => {
    try {
      return await readFile(path);
    } catch (err) {
      return `cannot read ${label} ${path}: ${(err as Error).message}`;
    }
  };
  const [ca, cert, key] = await Promise.all([
    read('CA file', files.caFile),
    read('certificate file', files.certFile),
    read('key file', files.keyFile),
  ]);
  for (const item of [ca, cert, key]) {
    if (typeof item === 'string') return { ok: false, error: transportError('OTHER', item) };
  }
  return { ok: true, value: { ca: ca as Buffer, cert: cert as Buffer, key: key as Buffer } };
}
