/**
 * Serves the built console under /console/: the files of the build through @fastify/static (one
 * route per file, found when the server starts), and index.html for every other page URL so that
 * /console/ns/NS/imagestreams/NAME opens straight from the address bar (the app routes it).
 * A missing hashed asset is a 404, never the page: a stale tab must not run HTML as a script.
 * Scripts and styles go out precompressed (brotli or gzip, written by the build).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ASSETS_PREFIX, CONSOLE_PREFIX, consoleHeaders } from './headers.js';

const NOT_BUILT =
  'The web console is not built into this installation: run `npm run build` (it builds dist/console).\n';

function urlPath(request: FastifyRequest): string {
  return request.url.split('?')[0] ?? '';
}

function registerHeaders(scope: FastifyInstance): void {
  scope.addHook('onSend', async (request, reply, payload) => {
    for (const [name, value] of Object.entries(consoleHeaders(urlPath(request), reply.statusCode)))
      reply.header(name, value);
    return payload;
  });
}

function pageHandler(indexHtml: string | undefined) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (urlPath(request).startsWith(ASSETS_PREFIX))
      return reply.code(404).type('text/plain; charset=utf-8').send('not found\n');
    if (indexHtml === undefined) return reply.code(503).type('text/plain; charset=utf-8').send(NOT_BUILT);
    return reply.type('text/html; charset=utf-8').send(indexHtml);
  };
}

/** Registers the console's routes; returns false when `dir` holds no build (pages answer 503). */
export async function registerConsoleRoutes(app: FastifyInstance, dir: string | undefined): Promise<boolean> {
  const indexFile = dir ? path.join(dir, 'index.html') : undefined;
  const built = indexFile !== undefined && existsSync(indexFile);
  const indexHtml = built ? readFileSync(indexFile, 'utf8') : undefined;
  await app.register(async (scope) => {
    registerHeaders(scope);
    if (built && dir) {
      await scope.register(fastifyStatic, {
        root: dir,
        prefix: `${CONSOLE_PREFIX}/`,
        wildcard: false,
        index: false,
        cacheControl: false,
        decorateReply: false,
        // the build writes FILE.br and FILE.gz next to each script and style: sent in place of
        // FILE to a browser that accepts them (Content-Encoding, Vary), never routes of their own
        preCompressed: true,
        globIgnore: ['**/index.html', '**/*.br', '**/*.gz'],
      });
    }
    scope.get(CONSOLE_PREFIX, async (_request, reply) => reply.redirect(`${CONSOLE_PREFIX}/`, 308));
    scope.get(`${CONSOLE_PREFIX}/*`, pageHandler(indexHtml));
  });
  return built;
}
