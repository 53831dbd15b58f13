/**
 * Builds the console into dist/console (served by `isctl serve` at /console/). Everything is
 * bundled: no CDN, no font or script from elsewhere, so the console works offline and under the
 * server's strict Content-Security-Policy.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

/**
 * Writes FILE.br and FILE.gz next to each script and style, compressed once at build time at the
 * highest levels, which @fastify/static (`preCompressed`) sends to browsers that accept them.
 */
function precompress(): Plugin {
  return {
    name: 'imagestreams-precompress',
    apply: 'build',
    writeBundle(options, bundle) {
      const dir = options.dir ?? '';
      for (const [file, output] of Object.entries(bundle)) {
        if (!/\.(js|css)$/.test(file)) continue;
        const data = Buffer.from(output.type === 'chunk' ? output.code : output.source);
        const target = path.join(dir, file);
        writeFileSync(`${target}.gz`, gzipSync(data, { level: 9 }));
        writeFileSync(
          `${target}.br`,
          brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
        );
      }
    },
  };
}

export default defineConfig({
  root: here,
  base: '/console/',
  publicDir: false,
  logLevel: 'info',
  plugins: [precompress()],
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
