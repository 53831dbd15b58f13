/**
 * How the server serves the console (no browser): a small build laid out as Vite lays it out,
 * served with its cache headers and CSP; page URLs fall back to index.html, a missing asset does
 * not; the files are public while the API keeps asking for a token; without a build, 503.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../../src/console/headers.js';
import { consoleExtension } from '../../../src/console/serve-extension.js';
import { startServer, type RunningServer } from '../../../src/server/serve.js';

const INDEX =
  '<!doctype html><title>console</title><script type="module" src="/console/assets/index-AbC123.js"></script>';
const SCRIPT = 'console.log("app");';

describe('serving the console', () => {
  let dir: string;
  let server: RunningServer;
  let bare: RunningServer;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'console-serve-'));
    const build = join(dir, 'build');
    mkdirSync(join(build, 'assets'), { recursive: true });
    writeFileSync(join(build, 'index.html'), INDEX);
    writeFileSync(join(build, 'assets', 'index-AbC123.js'), SCRIPT);
    writeFileSync(join(build, 'assets', 'index-AbC123.js.br'), brotliCompressSync(SCRIPT));
    writeFileSync(join(build, 'assets', 'index-AbC123.js.gz'), gzipSync(SCRIPT));
    const tokens = join(dir, 'tokens.csv');
    writeFileSync(tokens, 'console-serve-token,alice,1000,imagestreams:admin\n');
    server = await startServer({
      listen: '127.0.0.1:0',
      dataDir: join(dir, 'data'),
      tokenAuthFile: tokens,
      extensions: [consoleExtension({ dir: build })],
    });
    bare = await startServer({
      listen: '127.0.0.1:0',
      dataDir: join(dir, 'bare'),
      extensions: [consoleExtension({ dir: join(dir, 'not-built') })],
    });
  });

  afterAll(async () => {
    await server?.close();
    await bare?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('serves the page with a strict CSP, revalidated, without a token', async () => {
    const res = await fetch(`${server.url}/console/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(await res.text()).toBe(INDEX);
    // the API behind it still wants the token
    expect((await fetch(`${server.url}/apis/image.openshift.io/v1/imagestreams`)).status).toBe(401);
  });

  it('answers every page URL with the app, so a link opens straight from the address bar', async () => {
    for (const page of [
      '/console/ns/team-a/imagestreams/app',
      '/console/images/sha256:abc',
      '/console/sign-in?next=x',
    ]) {
      const res = await fetch(`${server.url}${page}`);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe(INDEX);
    }
    const bareSlash = await fetch(`${server.url}/console`, { redirect: 'manual' });
    expect(bareSlash.status).toBe(308);
    expect(bareSlash.headers.get('location')).toBe('/console/');
  });

  it('keeps hashed assets for good, and a missing one is a 404, never the page', async () => {
    const res = await fetch(`${server.url}/console/assets/index-AbC123.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^(text|application)\/javascript/);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('etag')).toBeTruthy();
    expect(await res.text()).toBe(SCRIPT);
    const missing = await fetch(`${server.url}/console/assets/index-Old999.js`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('cache-control')).toBe('no-store');
    expect(await missing.text()).not.toContain('<html');
  });

  it('sends the precompressed script to a browser that accepts it, and the plain one otherwise', async () => {
    for (const encoding of ['br', 'gzip']) {
      const res = await fetch(`${server.url}/console/assets/index-AbC123.js`, {
        headers: { 'accept-encoding': encoding },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-encoding')).toBe(encoding);
      expect(res.headers.get('vary')).toMatch(/accept-encoding/i);
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(await res.text()).toBe(SCRIPT); // fetch decodes it
    }
    const plain = await fetch(`${server.url}/console/assets/index-AbC123.js`, {
      headers: { 'accept-encoding': 'identity' },
    });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.text()).toBe(SCRIPT);
    // the compressed files are not pages of their own
    expect((await fetch(`${server.url}/console/assets/index-AbC123.js.br`)).status).toBe(404);
  });

  it('serves nothing outside the build', async () => {
    for (const attempt of [
      '/console/..%2f..%2fpackage.json',
      '/console/assets/..%2f..%2ftokens.csv',
      '/console/%2e%2e/tokens.csv',
    ]) {
      const res = await fetch(`${server.url}${attempt}`);
      const body = await res.text();
      expect(body).not.toContain('console-serve-token');
      expect(body).not.toContain('"name"');
    }
  });

  it('says how to build it when there is no build', async () => {
    const res = await fetch(`${bare.url}/console/`);
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('npm run build');
  });
});
