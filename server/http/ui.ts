import fastifyStatic from '@fastify/static';
import { join } from 'node:path';
import type { App } from './types.js';
import { productRoot } from '../shared/paths.js';
import { sendProblem } from './problem.js';

/**
 * Server modules the UI imports, by the URL it imports them from (ui/index.html's import map) → the compiled
 * file under dist/. Each is pure code without Node imports (zone.ts: wall-clock time in an IANA zone).
 */
export const sharedModules: Readonly<Record<string, string>> = {
  '/shared/calendars/zone.js': 'server/modules/calendars/zone.js',
};

/** Serves the single-page UI: static ES modules, and index.html for every client-side route. */
export async function uiRoutes(app: App) {
  const root = join(productRoot, 'ui');
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    index: ['index.html'],
    wildcard: false,
    cacheControl: true,
    maxAge: 0,
    etag: true,
    allowedPath: (path) => !path.includes('..'),
  });
  // Compiled server modules the UI runs as they are, so the browser and the server share one implementation
  // (the UI's import map names them). Only the files listed here are reachable; nothing else of dist/ is.
  const dist = join(productRoot, 'dist');
  for (const [url, file] of Object.entries(sharedModules)) {
    app.get(url, { schema: { hide: true } }, (_request, reply) => reply.sendFile(file, dist, { maxAge: 0 }));
  }
  app.get('/*', { schema: { hide: true } }, (request, reply) => {
    const path = request.url.split('?')[0]!;
    if (path.startsWith('/api/') || /\.[a-z0-9]+$/i.test(path)) {
      return sendProblem(reply, { status: 404, code: 'not_found', detail: `No file ${path}` });
    }
    return reply.sendFile('index.html', root, { maxAge: 0 });
  });
}
