import type { ServerResponse } from 'node:http';

/**
 * Security headers of every HTTP response. The Content-Security-Policy allows what the built app needs and no
 * more: its own scripts (Vite emits module scripts, no inline ones), styles of its own and inline style
 * attributes (React and uPlot set them), images from itself, `data:` (the page icon, textures inside a glTF) and
 * `blob:` (textures the glTF loader unpacks), workers from itself or `blob:`, connections to itself (Socket.IO
 * over http and ws, the glTF loader's fetches, `data:`/`blob:` buffers inside a glTF) and to the model hosts an
 * operator allowed (`--allow-model-host`). No page may frame the app (clickjacking), no response is sniffed for
 * another type, and no referrer leaves the app.
 */

/** The Content-Security-Policy for a page served under `host` (its Host header), allowing models from `modelHosts`. */
function contentSecurityPolicy(host: string, modelHosts: readonly string[]): string {
  const models = modelHosts.map((h) => `https://${h}`).join(' ');
  const extra = models ? ` ${models}` : '';
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob:${extra}`,
    "font-src 'self' data:",
    "worker-src 'self' blob:",
    // 'self' covers ws: to the same host in CSP 3; the explicit ws:// source is for browsers that predate it
    `connect-src 'self' ws://${host} data: blob:${extra}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Sets the security headers on a response to a request for `host` (already checked by hostCheck.ts). */
export function setSecurityHeaders(res: ServerResponse, host: string, modelHosts: readonly string[]): void {
  res.setHeader('Content-Security-Policy', contentSecurityPolicy(host, modelHosts));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
}
