import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { IdParams, problemResponses, type App } from '../../http/types.js';
import type { Installation } from '../../installation.js';
import { AppError, badRequest } from '../../shared/errors.js';
import { contentDisposition } from '../attachments/index.js';
import {
  defaultThrottleOptions,
  HashPool,
  HashPoolBusyError,
  LoginThrottle,
  type LoginOutcome,
} from '../auth/index.js';
import {
  PORTAL_COOKIE,
  requestLoginLink,
  setContactPassword,
  signInByPassword,
  signOut,
  type ContactSession,
} from './contact-auth.service.js';
import * as portal from './portal.service.js';
import {
  AgreementsSchema,
  CommentBody,
  CommentSchema,
  CreateTicketBody,
  LoginBody,
  LoginLinkAccepted,
  LoginLinkBody,
  LoginResult,
  MePatchBody,
  MeSchema,
  PasswordBody,
  ServicesSchema,
  TicketDetail,
  TicketListPage,
  TicketListQuery,
  UploadedFiles,
} from './portal.schemas.js';

/** Files one upload may carry (the multipart limit set in app.ts). */
const MAX_FILES = 10;

/** Where links point: the configured public address; the Host header only for the dev flag's answer. */
export function publicBase(installation: Installation, request?: FastifyRequest): string {
  const configured = installation.config.publicUrl?.replace(/\/+$/, '');
  if (configured) return configured;
  // A Host header is the caller's to choose: a mailed link never uses it (it would send a victim's token to
  // whatever host an attacker named), only the dev flag's answer to the caller themself does.
  if (request) return `http://${request.headers.host ?? `${installation.config.host}:${installation.config.port}`}`;
  return `http://${installation.config.host}:${installation.config.port}`;
}

export function setPortalCookie(reply: FastifyReply, installation: Installation, session: ContactSession) {
  const { config } = installation;
  reply.setCookie(PORTAL_COOKIE, session.sessionToken, {
    httpOnly: true,
    sameSite: 'lax',
    secure: config.secureCookies ?? config.publicUrl?.startsWith('https://') ?? false,
    path: '/',
    expires: new Date(session.expiresAt),
  });
}

function presentMe(me: portal.PortalMe, csrfToken: string | null, hasPassword: boolean) {
  return {
    contact: presentContactInfo(me.contact),
    csrfToken,
    visibility: me.visibility,
    hasPassword,
  };
}

function presentContactInfo(c: portal.PortalMe['contact']) {
  return {
    id: c.id,
    name: c.name,
    email: c.email,
    language: c.language,
    role: c.role,
    organization: { id: c.organizationId, name: c.organizationName },
  };
}

/** The client portal's API, under /api/v1/portal: only a contact's portal cookie is read here (see http/auth.ts). */
export async function portalRoutes(app: App, opts: { installation: Installation }) {
  const { installation } = opts;
  const { config } = installation;
  const tags = ['portal'];
  const hashPool = new HashPool({ workers: config.loginHashWorkers ?? 1, queue: config.loginHashQueue ?? 16 });
  app.addHook('onClose', () => hashPool.close());
  // The same throttling as the agents' sign-in (its own counters: a contact and an agent may share an address).
  const throttle = new LoginThrottle('portal', {
    ...defaultThrottleOptions,
    ...(config.loginFreeFailures !== undefined && { freeFailures: config.loginFreeFailures }),
    ...(config.loginMaxDelaySeconds !== undefined && { maxDelayMs: config.loginMaxDelaySeconds * 1000 }),
    ...(config.loginAccountFailuresPerMinute !== undefined && {
      accountFailuresPerMinute: config.loginAccountFailuresPerMinute,
    }),
  });
  const anonymous = (request: FastifyRequest) => ({
    ...installation.ctx({ kind: 'system', name: 'portal-login' }),
    log: request.log,
  });
  const reserve = async (email: string, request: FastifyRequest, reply: FastifyReply) => {
    const slot = await throttle.reserve(anonymous(request), email, request.ip, Date.now());
    if (!slot.ok) {
      const seconds = Math.max(1, Math.ceil(slot.retryAfterMs / 1000));
      reply.header('retry-after', String(seconds));
      throw new AppError(
        429,
        'too_many_attempts',
        `Too many sign-in attempts for this account; wait ${seconds} s and try again`,
      );
    }
    return slot;
  };

  app.post(
    '/portal/login-link',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'Mail a single-use sign-in link (15 minutes); always 202, whether the address is known or not',
        body: LoginLinkBody,
        response: { 202: LoginLinkAccepted, ...problemResponses },
      },
    },
    async (request, reply) => {
      const { link } = await requestLoginLink(anonymous(request), request.body, publicBase(installation));
      const devLink = config.devLoginLinks
        ? `${publicBase(installation, request)}${link.slice(link.indexOf('/portal/login/'))}`
        : undefined;
      return reply.status(202).send(devLink ? { accepted: true, link: devLink } : { accepted: true });
    },
  );

  app.post(
    '/portal/login',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'Sign in with e-mail and the password the contact set; sets the portal cookie',
        body: LoginBody,
        response: { 200: LoginResult, 429: Type.Ref('Problem'), 503: Type.Ref('Problem'), ...problemResponses },
      },
    },
    async (request, reply) => {
      const slot = await reserve(request.body.email, request, reply);
      let outcome: LoginOutcome = 'not_checked';
      try {
        const session = await signInByPassword(
          anonymous(request),
          {
            email: request.body.email,
            password: request.body.password,
            ip: request.ip,
            userAgent: request.headers['user-agent'],
            sessionDays: config.sessionDays,
          },
          hashPool,
        );
        outcome = 'succeeded';
        setPortalCookie(reply, installation, session);
        return { contact: presentContactInfo(session.contact), csrfToken: session.csrfToken };
      } catch (err) {
        if (err instanceof AppError && err.code === 'invalid_credentials') outcome = 'failed';
        if (err instanceof HashPoolBusyError) reply.header('retry-after', String(err.retryAfterSeconds));
        throw err;
      } finally {
        await slot.release(outcome);
      }
    },
  );

  app.post(
    '/portal/logout',
    { schema: { tags, summary: 'Sign out of the portal', response: { 204: Type.Null(), ...problemResponses } } },
    async (request, reply) => {
      await portal.currentContact(request.ctx());
      const cookie = request.cookies[PORTAL_COOKIE];
      if (cookie) await signOut(request.ctx(), cookie);
      reply.clearCookie(PORTAL_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/portal/me',
    {
      schema: {
        tags,
        summary: 'The signed-in contact, the CSRF token and what they see',
        response: { 200: MeSchema, ...problemResponses },
      },
    },
    async (request) => {
      const ctx = request.ctx();
      const me = await portal.currentContact(ctx);
      return presentMe(me, request.auth?.csrfToken ?? null, await portal.hasPassword(ctx, me.contact.id));
    },
  );

  app.patch(
    '/portal/me',
    {
      schema: {
        tags,
        summary: 'Change your name or language',
        body: MePatchBody,
        response: { 200: MeSchema, ...problemResponses },
      },
    },
    async (request) => {
      const ctx = request.ctx();
      const me = await portal.updateMe(ctx, request.body);
      return presentMe(me, request.auth?.csrfToken ?? null, await portal.hasPassword(ctx, me.contact.id));
    },
  );

  app.put(
    '/portal/me/password',
    {
      schema: {
        tags,
        summary: 'Set or change your password (the current one is required once one is set)',
        body: PasswordBody,
        response: { 204: Type.Null(), 422: Type.Ref('Problem'), 429: Type.Ref('Problem'), ...problemResponses },
      },
    },
    async (request, reply) => {
      const ctx = request.ctx();
      const me = await portal.currentContact(ctx);
      const slot = await reserve(me.contact.email ?? `contact:${me.contact.id}`, request, reply);
      let outcome: LoginOutcome = 'not_checked';
      try {
        await setContactPassword(
          ctx,
          me.contact.id,
          { ...request.body, sessionToken: request.cookies[PORTAL_COOKIE] },
          hashPool,
        );
        outcome = 'succeeded';
      } catch (err) {
        if (err instanceof AppError && err.code === 'wrong_password') outcome = 'failed';
        throw err;
      } finally {
        await slot.release(outcome);
      }
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/portal/services',
    {
      schema: {
        tags,
        summary: "The services of the organization's agreements, and whether one may file on each",
        response: { 200: ServicesSchema, ...problemResponses },
      },
    },
    async (request) => ({ items: await portal.listServices(request.ctx()) }),
  );

  app.get(
    '/portal/agreements',
    {
      schema: {
        tags,
        summary: "The organization's active agreements",
        response: { 200: AgreementsSchema, ...problemResponses },
      },
    },
    async (request) => ({ items: await portal.listAgreements(request.ctx()) }),
  );

  app.get(
    '/portal/tickets',
    {
      schema: {
        tags,
        summary: 'Tickets the contact may see: open (default), closed, all or one status; q searches',
        querystring: TicketListQuery,
        response: { 200: TicketListPage, ...problemResponses },
      },
    },
    async (request) => {
      const page = await portal.listTickets(request.ctx(), {
        ...request.query,
        status: request.query.status ?? 'open',
      } as Parameters<typeof portal.listTickets>[1]);
      return {
        items: page.items.map((t) => ({
          id: t.id,
          number: t.number,
          subject: t.subject,
          status: t.status,
          priority: t.priority,
          service: t.serviceId !== null ? { id: t.serviceId, name: t.serviceName ?? '' } : null,
          createdAt: t.createdAt,
          updatedAt: t.updatedAt,
          requester:
            t.requesterId !== null && t.requesterName !== null ? { id: t.requesterId, name: t.requesterName } : null,
        })),
        nextCursor: page.nextCursor,
      };
    },
  );

  app.post(
    '/portal/tickets',
    {
      schema: {
        tags,
        summary: "File a request on a service of one of the organization's active agreements",
        body: CreateTicketBody,
        response: { 201: TicketDetail, 422: Type.Ref('Problem'), ...problemResponses },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await portal.fileTicket(request.ctx(), request.body as Parameters<typeof portal.fileTicket>[1])),
  );

  app.get(
    '/portal/tickets/:id',
    { schema: { tags, params: IdParams, response: { 200: TicketDetail, ...problemResponses } } },
    async (request) => portal.getTicketDetail(request.ctx(), request.params.id),
  );

  app.post(
    '/portal/tickets/:id/comments',
    {
      schema: {
        tags,
        summary: 'Reply on a ticket (a public comment)',
        params: IdParams,
        body: CommentBody,
        response: { 201: CommentSchema, 422: Type.Ref('Problem'), ...problemResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await portal.reply(request.ctx(), request.params.id, request.body.body)),
  );

  app.post(
    '/portal/tickets/:id/reopen',
    {
      schema: {
        tags,
        summary: 'Reopen a resolved or closed ticket within the reopen window',
        params: IdParams,
        response: { 200: TicketDetail, ...problemResponses },
      },
    },
    async (request) => portal.reopen(request.ctx(), request.params.id),
  );

  app.post(
    '/portal/tickets/:id/close',
    {
      schema: {
        tags,
        summary: 'Close a ticket',
        params: IdParams,
        response: { 200: TicketDetail, ...problemResponses },
      },
    },
    async (request) => portal.close(request.ctx(), request.params.id),
  );

  app.post(
    '/portal/tickets/:id/attachments',
    {
      schema: {
        tags,
        summary: 'Attach files (multipart/form-data, fields named "file", up to 10)',
        params: IdParams,
        consumes: ['multipart/form-data'],
        response: { 201: UploadedFiles, 413: Type.Ref('Problem'), ...problemResponses },
      },
    },
    async (request, reply) => {
      const ctx = request.ctx();
      if (!request.isMultipart()) throw badRequest('Send the files as multipart/form-data in fields named "file"');
      await portal.assertCanAttach(ctx, request.params.id);
      const stored = [];
      try {
        for await (const part of request.files()) {
          if (part.fieldname !== 'file') {
            part.file.resume();
            throw badRequest(`Send the files in multipart fields named "file" (not "${part.fieldname}")`);
          }
          stored.push(
            await portal.storeUpload(ctx, {
              fileName: part.filename,
              contentType: part.mimetype,
              content: part.file,
              maxBytes: config.attachmentMaxBytes,
            }),
          );
        }
      } catch (err) {
        // The multipart parser's own refusal, said for a person; nothing is recorded on the ticket.
        if ((err as { code?: string }).code === 'FST_FILES_LIMIT')
          throw new AppError(413, 'too_many_files', `Attach at most ${MAX_FILES} files at once`);
        throw err;
      }
      if (stored.length === 0) throw badRequest('Send at least one file in a multipart field named "file"');
      return reply.status(201).send({ items: await portal.recordUploads(ctx, request.params.id, stored) });
    },
  );

  app.get(
    '/portal/attachments/:id',
    {
      schema: {
        tags,
        summary: 'Download a file of a ticket (always as an attachment, never rendered inline)',
        params: IdParams,
        response: problemResponses,
      },
    },
    async (request, reply) => {
      const { row, stream, size } = await portal.openAttachment(request.ctx(), request.params.id);
      return reply
        .header('content-type', 'application/octet-stream')
        .header('content-disposition', contentDisposition(row.fileName))
        .header('content-length', String(size))
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'private, no-store')
        .send(stream);
    },
  );
}
