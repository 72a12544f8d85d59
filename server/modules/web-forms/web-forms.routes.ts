import { Type, type Static } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Page, problemResponses, type App } from '../../http/types.js';
import type { Installation } from '../../installation.js';
import { AppError, badRequest } from '../../shared/errors.js';
import { presentForm } from './web-forms.presenter.js';
import {
  ChallengeSchema,
  CreateFormBody,
  FormListQuery,
  FormSchema,
  KeyParams,
  SubmitBody,
  SubmitResult,
  UpdateFormBody,
} from './web-forms.schemas.js';
import * as forms from './web-forms.service.js';
import { HourlyLimiter } from './spam-defence.js';

const publicProblems = {
  ...problemResponses,
  413: Type.Ref('Problem'),
  422: Type.Ref('Problem'),
  429: Type.Ref('Problem'),
};

/** Where the desk is reached: the configured public URL, else the address this request came to. */
const baseUrlOf = (inst: Installation, req: FastifyRequest) =>
  (inst.config.publicUrl ?? `${req.protocol}://${req.host}`).replace(/\/+$/, '');

/**
 * CORS for the public form routes: only an origin on the form's list is named back (never `*`, never
 * credentials — the form sends no cookies), and `Vary: Origin` keeps caches from mixing answers.
 */
function allowOrigin(reply: FastifyReply, origin: string | null) {
  reply.header('vary', 'Origin');
  if (origin) reply.header('access-control-allow-origin', origin);
}

export async function webFormRoutes(app: App, opts: { installation: Installation }) {
  const inst = opts.installation;
  const tags = ['web forms'];
  // Submissions an hour per IP, e-mail and form, for this process (see HourlyLimiter for why in memory).
  const limiter = new HourlyLimiter();
  const maxFileBytes = Math.min(inst.config.attachmentMaxBytes, 10 * 1024 * 1024);

  app.post(
    '/forms',
    {
      schema: {
        tags,
        summary: 'A web form for a client (organizationId) or the desk (routing by the sender as mail does)',
        body: CreateFormBody,
        response: { 201: FormSchema, ...problemResponses },
      },
    },
    async (req, reply) =>
      reply.status(201).send(presentForm(await forms.createForm(req.ctx(), req.body), baseUrlOf(inst, req))),
  );
  app.get(
    '/forms',
    { schema: { tags, querystring: FormListQuery, response: { 200: Page(FormSchema), ...problemResponses } } },
    async (req) => {
      const page = await forms.listForms(req.ctx(), req.query);
      const base = baseUrlOf(inst, req);
      return { items: page.items.map((f) => presentForm(f, base)), nextCursor: page.nextCursor };
    },
  );
  app.get(
    '/forms/:key',
    { schema: { tags, params: KeyParams, response: { 200: FormSchema, ...problemResponses } } },
    async (req) => presentForm(await forms.getForm(req.ctx(), req.params.key), baseUrlOf(inst, req)),
  );
  app.patch(
    '/forms/:key',
    { schema: { tags, params: KeyParams, body: UpdateFormBody, response: { 200: FormSchema, ...problemResponses } } },
    async (req) => presentForm(await forms.updateForm(req.ctx(), req.params.key, req.body), baseUrlOf(inst, req)),
  );
  app.delete(
    '/forms/:key',
    {
      schema: {
        tags,
        summary: 'Delete a form: pages embedding it stop working; tickets filed through it stay',
        params: KeyParams,
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (req, reply) => {
      await forms.deleteForm(req.ctx(), req.params.key);
      return reply.status(204).send(null);
    },
  );

  // ---- Public: called by the embedding page from the client's site ----

  for (const [path, method] of [
    ['/forms/:key/challenge', 'GET'],
    ['/forms/:key/submit', 'POST'],
  ] as const) {
    app.options(
      path,
      {
        config: { public: true },
        schema: {
          tags,
          summary: `CORS preflight of ${method} ${path}`,
          params: KeyParams,
          response: { 204: Type.Null(), ...problemResponses },
        },
      },
      async (req, reply) => {
        const ctx = inst.ctx({ kind: 'system', name: 'web-form' });
        const allowed = await forms.allowedOrigin(ctx, req.params.key, req.headers.origin);
        reply.header('vary', 'Origin');
        if (!allowed)
          throw new AppError(403, 'origin_not_allowed', 'This form accepts requests only from its own sites');
        allowOrigin(reply, allowed);
        reply.header('access-control-allow-methods', `${method}, OPTIONS`);
        reply.header('access-control-allow-headers', 'content-type');
        reply.header('access-control-max-age', '600');
        return reply.status(204).send(null);
      },
    );
  }

  app.get(
    '/forms/:key/challenge',
    {
      config: { public: true },
      schema: {
        tags,
        summary:
          "The form's public definition, a fill-time token and an ALTCHA proof-of-work challenge; only for the form's origins",
        params: KeyParams,
        response: { 200: ChallengeSchema, ...publicProblems },
      },
    },
    async (req, reply) => {
      const ctx = inst.ctx({ kind: 'system', name: 'web-form' });
      allowOrigin(reply, await forms.allowedOrigin(ctx, req.params.key, req.headers.origin));
      reply.header('cache-control', 'no-store');
      return forms.challengeFor({ ...ctx, log: req.log }, req.params.key, req.headers.origin, maxFileBytes);
    },
  );

  app.post(
    '/forms/:key/submit',
    {
      config: { public: true },
      schema: {
        tags,
        summary:
          'Submit a form (JSON, or multipart/form-data with the values as fields and files in "files"): 201 with the ticket number, or held for review',
        params: KeyParams,
        consumes: ['application/json', 'multipart/form-data'],
        body: { content: { 'application/json': { schema: SubmitBody } } },
        response: { 201: SubmitResult, ...publicProblems },
      },
    },
    async (req, reply) => {
      const ctx = { ...inst.ctx({ kind: 'system', name: 'web-form' }), log: req.log };
      allowOrigin(reply, await forms.allowedOrigin(ctx, req.params.key, req.headers.origin));
      const submission = req.isMultipart()
        ? await readMultipart(req, maxFileBytes)
        : fromJson(req.body as Static<typeof SubmitBody> | undefined);
      const result = await forms.submit(
        ctx,
        req.params.key,
        { origin: req.headers.origin, ip: req.ip },
        submission,
        limiter,
      );
      return reply.status(201).send(result);
    },
  );
}

function fromJson(body: Static<typeof SubmitBody> | undefined): forms.Submission {
  if (!body) throw badRequest('Send the form as JSON {values, token, altcha} or as multipart/form-data');
  return { values: body.values, token: body.token, altcha: body.altcha, website: body.website, files: [] };
}

const RESERVED = new Set(['token', 'altcha', 'website']);

/** Multipart: every part read into memory first — nothing is stored before the submission passes every check. */
async function readMultipart(req: FastifyRequest, maxFileBytes: number): Promise<forms.Submission> {
  const values: Record<string, string> = {};
  const other: Record<string, string> = {};
  const files: forms.UploadedFile[] = [];
  for await (const part of req.parts({ limits: { fields: 40, files: 5, fileSize: maxFileBytes, fieldSize: 60_000 } })) {
    if (part.type === 'file') {
      if (part.fieldname !== 'files') throw badRequest('Send files in the multipart field "files"');
      const content = await part.toBuffer();
      if (content.length === 0 && !part.filename) continue;
      files.push({ fileName: part.filename || 'file', contentType: part.mimetype, content });
    } else {
      const value = typeof part.value === 'string' ? part.value : String(part.value);
      if (RESERVED.has(part.fieldname)) other[part.fieldname] = value;
      else if (/^[a-z][a-z0-9_]{0,39}$/.test(part.fieldname)) values[part.fieldname] = value;
      else
        throw new AppError(400, 'bad_request', `The field ${part.fieldname.slice(0, 50)} is not a field of this form`);
    }
  }
  if (other.token === undefined) throw badRequest('The form token is missing: reload the page and send the form again');
  return { values, token: other.token, altcha: other.altcha, website: other.website, files };
}
