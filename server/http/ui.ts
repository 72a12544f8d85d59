import fastifyStatic from '@fastify/static';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
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
  // A report chart's ECharts option: the screen draws the same chart the mailed PDF does.
  '/shared/reports/chart-option.js': 'server/modules/reports/render/chart-option.js',
};

/** What the desk's and the API docs' policies share: talk only to the desk, no plugins, never framed. */
const sharedDirectives = [
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
];

/**
 * The Content-Security-Policy of every HTML page of the desk. The UI is ES modules from this origin only: no
 * inline script, no eval, no inline event handlers, no other origin. The one inline script is the import map
 * (browsers load no external import maps), allowed by its hash, so a script injected into the page runs
 * nowhere. Styles: only the stylesheet files, no `'unsafe-inline'` — Preact sets `style=` props through the
 * CSSOM (`element.style.cssText`), which CSP does not govern, so the UI's few style props need no allowance,
 * while an injected `<style>` or `style` attribute in HTML (a search snippet, say) is refused. `data:` images
 * are the empty favicon. frame-ancestors 'none': no other page, not even one on another port of this host, may
 * frame the desk (clickjacking the signed-in queue).
 */
export function deskContentSecurityPolicy(indexHtml = readFileSync(join(productRoot, 'ui', 'index.html'), 'utf8')) {
  return pagePolicy(indexHtml);
}

function pagePolicy(indexHtml: string) {
  const inlineScripts = [...indexHtml.matchAll(/<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/gi)].map(
    (m) => `'sha256-${createHash('sha256').update(m[1]!, 'utf8').digest('base64')}'`,
  );
  return [
    "default-src 'self'",
    `script-src 'self' ${inlineScripts.join(' ')}`.trim(),
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    ...sharedDirectives,
  ].join('; ');
}

/** The client portal's page (`ui/portal/index.html`, its own bundle): its import map's hash, not the desk's. */
export const portalIndexFile = join(productRoot, 'ui', 'portal', 'index.html');
export function portalContentSecurityPolicy(indexHtml?: string) {
  if (indexHtml === undefined) {
    try {
      indexHtml = readFileSync(portalIndexFile, 'utf8');
    } catch {
      indexHtml = ''; // no portal page in this build: the policy then allows no inline script at all
    }
  }
  return pagePolicy(indexHtml);
}

/** `/portal` and every address below it: the portal's page, under the portal's policy. */
export const isPortalPage = (url: string) => {
  const path = url.split('?')[0]!;
  return path === '/portal' || path.startsWith('/portal/');
};

/**
 * The API docs (swagger-ui) are a page of their own with a policy of their own: swagger-ui is third-party code
 * whose rendering we do not control (it renders Markdown and highlighted examples), so inline styles are allowed
 * for it only, while its scripts stay 'self' and it is never framed either. @fastify/swagger-ui sets it on its
 * own routes, so the desk's policy above stays as strict as it is.
 */
export const apiDocsContentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  ...sharedDirectives,
].join('; ');

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
    // The client portal is a page of its own (ui/portal/index.html), never the desk's bundle.
    if (isPortalPage(path)) return reply.sendFile('index.html', join(root, 'portal'), { maxAge: 0 });
    return reply.sendFile('index.html', root, { maxAge: 0 });
  });
}
