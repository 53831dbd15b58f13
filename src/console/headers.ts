/**
 * The response headers of every console response: a strict Content-Security-Policy (the bundle is
 * self-contained: no inline script or style, no third-party origin, API calls to this origin only)
 * and caching that lets hashed assets be kept for good while the page itself is revalidated.
 */

export const CONSOLE_PREFIX = '/console';
export const ASSETS_PREFIX = `${CONSOLE_PREFIX}/assets/`;

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

/** Hashed build output (`/console/assets/index-3f2a1b.js`) never changes under its name. */
export function cacheControlFor(urlPath: string, statusCode: number): string {
  if (statusCode >= 400) return 'no-store';
  return urlPath.startsWith(ASSETS_PREFIX) ? IMMUTABLE : REVALIDATE;
}

export function consoleHeaders(urlPath: string, statusCode: number): Record<string, string> {
  // assets are sent brotli, gzip or plain by the request's Accept-Encoding: caches must key on it
  const vary: Record<string, string> =
    urlPath.startsWith(ASSETS_PREFIX) && statusCode < 400 ? { vary: 'Accept-Encoding' } : {};
  return {
    ...vary,
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
    'cache-control': cacheControlFor(urlPath, statusCode),
  };
}
