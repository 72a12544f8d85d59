import fastifyStatic from '@fastify/static';
import { join } from 'node:path';
import type { App } from './types.js';
import { productRoot } from '../shared/paths.js';
import { sendProblem } from './problem.js';

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
  app.get('/*', { schema: { hide: true } }, (request, reply) => {
    const path = request.url.split('?')[0]!;
    if (path.startsWith('/api/') || /\.[a-z0-9]+$/i.test(path)) {
      return sendProblem(reply, { status: 404, code: 'not_found', detail: `No file ${path}` });
    }
    return reply.sendFile('index.html', root, { maxAge: 0 });
  });
}
