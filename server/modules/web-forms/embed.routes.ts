import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { App } from '../../http/types.js';

/** The embed script, next to the compiled code under assets/ (the build copies server/assets). */
const scriptUrl = new URL('../../assets/embed/form.js', import.meta.url);

/** Read once: the script is part of the build, so its bytes, gzip and ETag never change while the desk runs. */
export function embedScript() {
  const source = readFileSync(scriptUrl);
  return {
    source,
    gzip: gzipSync(source, { level: 9 }),
    etag: `"${createHash('sha256').update(source).digest('base64url').slice(0, 27)}"`,
  };
}

/**
 * `GET /embed/form.js`: the web form a client's page embeds. Loaded by pages of other origins, so it is
 * served with `Cross-Origin-Resource-Policy: cross-origin`; cached for an hour and revalidated by ETag, so a
 * new version reaches sites within the hour.
 */
export async function embedRoutes(app: App) {
  const script = embedScript();
  app.get('/embed/form.js', { schema: { hide: true } }, async (request, reply) => {
    reply
      .header('content-type', 'text/javascript; charset=utf-8')
      .header('cross-origin-resource-policy', 'cross-origin')
      .header('access-control-allow-origin', '*')
      .header('cache-control', 'public, max-age=3600')
      .header('etag', script.etag)
      .header('vary', 'Accept-Encoding');
    if (request.headers['if-none-match'] === script.etag) return reply.status(304).send();
    if (/\bgzip\b/.test(request.headers['accept-encoding'] ?? '')) {
      return reply.header('content-encoding', 'gzip').send(script.gzip);
    }
    return reply.send(script.source);
  });
}
