/**
 * The Content-Security-Policy of the renderer, sent by both hosts (the Electron app://
 * protocol and the headless HTTP server) and repeated in index.html: only our own
 * scripts and styles, no eval, no plugins, no framing, connections to our own origin
 * (the headless host's WebSocket) only.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');
