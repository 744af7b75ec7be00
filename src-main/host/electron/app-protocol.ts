import type { Protocol } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../content-security-policy';
import { readStaticFile } from '../static-files';

/** The privileged scheme the packaged renderer is served from (instead of file://). */
const APP_SCHEME = 'app';
/** The renderer's origin: what the sender check and navigation guard accept. */
export const APP_ORIGIN = `${APP_SCHEME}://switchyard`;

/** Declares app:// as a standard, secure scheme. Must run before the app is ready. */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/**
 * Serves the built renderer on app://switchyard/ with the CSP header. Only files inside
 * `rendererDir` are reachable; anything else is a 404.
 */
export function serveRenderer(protocol: Pick<Protocol, 'handle'>, rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const file = url.host === 'switchyard' ? await readStaticFile(rendererDir, url.pathname) : null;
    if (!file) return new Response('not found', { status: 404 });
    return new Response(new Uint8Array(file.body), {
      headers: { 'content-type': file.contentType, 'content-security-policy': CONTENT_SECURITY_POLICY },
    });
  });
}
