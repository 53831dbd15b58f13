/**
 * Builds the console into dist/console (served by `isctl serve` at /console/). Everything is
 * bundled: no CDN, no font or script from elsewhere, so the console works offline and under the
 * server's strict Content-Security-Policy.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  base: '/console/',
  publicDir: false,
  logLevel: 'info',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: fileURLToPath(new URL('../../dist/console', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: true,
    // no inline data: URIs, which the CSP's script and style rules would refuse anyway
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
});
