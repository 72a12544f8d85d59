import type { App } from '../../http/types.js';
import type { Installation } from '../../installation.js';
import { signInByLink } from './contact-auth.service.js';
import { deadLinkPage, languageFromHeader } from './portal-mail.js';
import { TokenParams } from './portal.schemas.js';
import { setPortalCookie } from './portal.routes.js';

/** The dead-link page loads nothing but the portal's stylesheet. */
const deadLinkPolicy =
  "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/**
 * `GET /portal/login/:token` (outside /api: it is what the mailed link opens): spends the link, sets the portal
 * cookie and sends the browser to the portal; a used, expired or unknown link answers 410 with a page that
 * says so and leads to the sign-in page.
 */
export async function portalPageRoutes(app: App, opts: { installation: Installation }) {
  const { installation } = opts;
  app.get('/portal/login/:token', { schema: { hide: true, params: TokenParams } }, async (request, reply) => {
    // Link checkers and mail scanners ask with HEAD (Fastify answers HEAD with this handler): that must not spend
    // the contact's single-use link, nor tell whether it is a live one.
    if (request.method === 'HEAD') return reply.status(200).header('content-type', 'text/html; charset=utf-8').send();
    const ctx = { ...installation.ctx({ kind: 'system', name: 'portal-login' }), log: request.log };
    const session = await signInByLink(ctx, request.params.token, {
      ip: request.ip,
      userAgent: request.headers['user-agent'],
      sessionDays: installation.config.sessionDays,
    });
    // Neither the session it starts nor the dead-link page may be kept by a cache.
    reply.header('cache-control', 'no-store');
    if (!session) {
      return reply
        .status(410)
        .header('content-type', 'text/html; charset=utf-8')
        .header('content-security-policy', deadLinkPolicy)
        .send(deadLinkPage(languageFromHeader(request.headers['accept-language'])));
    }
    setPortalCookie(reply, installation, session);
    return reply.redirect('/portal/', 303);
  });
}
