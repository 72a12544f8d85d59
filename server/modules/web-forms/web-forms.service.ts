import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type { Updateable } from 'kysely';
import type { Ctx } from '../../context.js';
import { inTransaction } from '../../context.js';
import type { TicketPriority, WebFormTable } from '../../db/schema.js';
import { AppError, badRequest, notFound } from '../../shared/errors.js';
import { decodeCursor, pageOf } from '../../shared/pagination.js';
import { randomToken } from '../../shared/tokens.js';
import { authorize } from '../auth/index.js';
import { fileWebSubmission } from '../inbound-mail/index.js';
import {
  checkFields,
  checkOrigins,
  defaultFields,
  readValues,
  type FormField,
  type Values,
} from './form-definition.js';
import {
  checkFillToken,
  checkProof,
  DEFAULT_LIMITS,
  DEFAULT_POW_MAX_NUMBER,
  honeypotFilled,
  makeChallenge,
  MIN_FILL_MS,
  normalizeOrigin,
  refusalMessages,
  signFillToken,
  type HourlyLimiter,
  type HourlyLimits,
  type Refusal,
} from './spam-defence.js';
import * as repo from './web-forms.repository.js';

export type { FormRow } from './web-forms.repository.js';

/** The installation's HMAC key, per data dir: read once, then from memory (it never changes). */
const secrets = new Map<string, string>();

async function secretOf(ctx: Ctx): Promise<string> {
  const known = secrets.get(ctx.dataDir);
  if (known) return known;
  const stored = (await repo.readSecret(ctx.db))?.value;
  const secret = stored ?? (await inTransaction(ctx, (tx) => repo.hmacSecret(tx.db, randomToken(32))));
  secrets.set(ctx.dataDir, secret);
  return secret;
}

export const parseFields = (row: { fields: string }) => JSON.parse(row.fields) as FormField[];
export const parseOrigins = (row: { origins: string }) => JSON.parse(row.origins) as string[];
export const limitsOf = (row: { limits: string }): HourlyLimits => ({
  ...DEFAULT_LIMITS,
  ...(JSON.parse(row.limits) as Partial<HourlyLimits>),
});

export interface FormInput {
  organizationId?: number | null;
  origins: string[];
  name?: string;
  serviceId?: number | null;
  priority?: TicketPriority;
  fields?: FormField[];
  language?: 'ru' | 'en';
  active?: boolean;
  holdUnknownDomains?: boolean;
  attachments?: boolean;
  limits?: Partial<HourlyLimits>;
}

async function checkRefs(ctx: Ctx, input: { organizationId?: number | null; serviceId?: number | null }) {
  if (input.organizationId != null && !(await repo.organizationExists(ctx.db, input.organizationId)))
    throw badRequest(`Organization ${input.organizationId} does not exist`, {
      errors: [{ path: 'body.organizationId', message: 'does not exist' }],
    });
  if (input.serviceId != null && !(await repo.serviceExists(ctx.db, input.serviceId)))
    throw badRequest(`Service ${input.serviceId} does not exist`, {
      errors: [{ path: 'body.serviceId', message: 'does not exist' }],
    });
}

export async function createForm(ctx: Ctx, input: FormInput) {
  authorize(ctx.actor, 'form.manage');
  const origins = checkOrigins(input.origins);
  const fields = checkFields(input.fields ?? defaultFields());
  const key = randomToken(18);
  const now = ctx.clock.now().toISOString();
  await inTransaction(ctx, async (tx) => {
    await checkRefs(tx, input);
    await repo.insertForm(tx.db, {
      key,
      name: input.name?.trim() || (input.language === 'en' ? 'Web form' : 'Веб-форма'),
      organization_id: input.organizationId ?? null,
      origins: JSON.stringify(origins),
      fields: JSON.stringify(fields),
      service_id: input.serviceId ?? null,
      priority: input.priority ?? 'P3',
      language: input.language ?? 'ru',
      active: input.active === false ? 0 : 1,
      hold_unknown_domains: input.holdUnknownDomains ? 1 : 0,
      attachments: input.attachments ? 1 : 0,
      limits: JSON.stringify(input.limits ?? {}),
      created_at: now,
      updated_at: now,
    });
  });
  return (await repo.findForm(ctx.db, key))!;
}

export async function listForms(ctx: Ctx, query: { organizationId?: number; limit: number; cursor?: string }) {
  authorize(ctx.actor, 'form.manage');
  const after = decodeCursor(query.cursor);
  const rows = await repo.listForms(ctx.db, {
    organizationId: query.organizationId,
    limit: query.limit,
    ...(after && { afterId: after[1] }),
  });
  return pageOf(rows, query.limit, (r) => [null, r.id]);
}

export async function getForm(ctx: Ctx, key: string) {
  authorize(ctx.actor, 'form.manage');
  const form = await repo.findForm(ctx.db, key);
  if (!form) throw notFound(`Web form ${key}`);
  return form;
}

export async function updateForm(ctx: Ctx, key: string, input: Partial<FormInput>) {
  authorize(ctx.actor, 'form.manage');
  const origins = input.origins !== undefined ? checkOrigins(input.origins) : undefined;
  const fields = input.fields !== undefined ? checkFields(input.fields) : undefined;
  await inTransaction(ctx, async (tx) => {
    const form = await repo.findForm(tx.db, key);
    if (!form) throw notFound(`Web form ${key}`);
    await checkRefs(tx, input);
    const patch: Updateable<WebFormTable> = {
      ...(input.name !== undefined && { name: input.name.trim() || form.name }),
      ...(input.organizationId !== undefined && { organization_id: input.organizationId }),
      ...(origins !== undefined && { origins: JSON.stringify(origins) }),
      ...(fields !== undefined && { fields: JSON.stringify(fields) }),
      ...(input.serviceId !== undefined && { service_id: input.serviceId }),
      ...(input.priority !== undefined && { priority: input.priority }),
      ...(input.language !== undefined && { language: input.language }),
      ...(input.active !== undefined && { active: input.active ? 1 : 0 }),
      ...(input.holdUnknownDomains !== undefined && { hold_unknown_domains: input.holdUnknownDomains ? 1 : 0 }),
      ...(input.attachments !== undefined && { attachments: input.attachments ? 1 : 0 }),
      ...(input.limits !== undefined && { limits: JSON.stringify(input.limits) }),
      updated_at: ctx.clock.now().toISOString(),
    };
    await repo.updateForm(tx.db, form.id, patch);
  });
  return (await repo.findForm(ctx.db, key))!;
}

/** Tickets filed through a form keep their channel; only the form (and its key, so embeds stop working) goes. */
export async function deleteForm(ctx: Ctx, key: string) {
  authorize(ctx.actor, 'form.manage');
  await inTransaction(ctx, async (tx) => {
    const form = await repo.findForm(tx.db, key);
    if (!form) throw notFound(`Web form ${key}`);
    await repo.deleteForm(tx.db, form.id);
  });
}

// ---- The public side: what an embedding page may call without signing in ----

const refuse = (refusal: Refusal) => {
  const { status, detail } = refusalMessages[refusal];
  return new AppError(status, refusal === 'proof_replayed' ? 'already_sent' : 'submission_refused', detail, {
    refusal,
  });
};

/** An active form and the origin of the page asking: anything else learns only that there is no such form. */
export async function formForOrigin(ctx: Ctx, key: string, origin: string | undefined) {
  const form = await repo.findForm(ctx.db, key);
  if (!form || form.active !== 1) throw notFound('This form');
  const allowed = parseOrigins(form);
  const normalized = origin ? normalizeOrigin(origin) : null;
  if (!normalized || !allowed.includes(normalized))
    throw new AppError(
      403,
      'origin_not_allowed',
      `This form accepts requests only from its own sites; ${origin ? `${origin} is not one of them` : 'the request named no site (Origin)'}`,
    );
  return { form, origin: normalized };
}

/** Whether `origin` may call the form: for CORS headers on answers, including refusals. */
export async function allowedOrigin(ctx: Ctx, key: string, origin: string | undefined): Promise<string | null> {
  if (!origin) return null;
  const form = await repo.findForm(ctx.db, key);
  const normalized = normalizeOrigin(origin);
  return form && normalized && parseOrigins(form).includes(normalized) ? normalized : null;
}

export interface PowOptions {
  maxNumber?: number;
}

export async function challengeFor(
  ctx: Ctx,
  key: string,
  origin: string | undefined,
  maxFileBytes: number,
  pow: PowOptions = {},
) {
  const { form } = await formForOrigin(ctx, key, origin);
  const secret = await secretOf(ctx);
  const now = ctx.clock.now().getTime();
  return {
    form: {
      key: form.key,
      language: form.language,
      attachments: form.attachments === 1,
      maxFileBytes,
      fields: parseFields(form),
    },
    token: signFillToken(secret, form.key, now, randomToken(9)),
    honeypot: 'website',
    minFillMs: MIN_FILL_MS,
    challenge: await makeChallenge(secret, form.key, now, pow.maxNumber ?? DEFAULT_POW_MAX_NUMBER),
  };
}

export interface UploadedFile {
  fileName: string;
  contentType: string;
  content: Buffer;
}

export interface Submission {
  values: Values;
  token: unknown;
  altcha: unknown;
  website: unknown;
  files: UploadedFile[];
}

/**
 * One submission through every layer, cheapest first; a refusal writes nothing (no ticket, contact, file or
 * spent proof). Accepted, it is composed into a message and filed by the inbound-mail module, which spends
 * the proof in the filing transaction: of two submissions with one proof, one is filed and one refused.
 */
export async function submit(
  ctx: Ctx,
  key: string,
  request: { origin: string | undefined; ip: string },
  input: Submission,
  limiter: HourlyLimiter,
) {
  const { form } = await formForOrigin(ctx, key, request.origin);
  const now = ctx.clock.now().getTime();
  if (honeypotFilled(input.website)) throw refuse('honeypot');
  const secret = await secretOf(ctx);
  const fill = checkFillToken(secret, form.key, input.token, now);
  if (!fill.ok) throw refuse(fill.refusal);
  const proof = await checkProof(secret, form.key, input.altcha, now);
  if (!proof.ok) throw refuse(proof.refusal);
  if (await repo.isSpent(ctx.db, proof.signature)) throw refuse('proof_replayed');
  const language = form.language === 'en' ? 'en' : 'ru';
  const filled = readValues(parseFields(form), input.values, language, form.name);
  if (input.files.length > 0 && form.attachments !== 1)
    throw badRequest('This form takes no files', { errors: [{ path: 'body.files', message: 'not accepted' }] });
  const limits = limitsOf(form);
  const taken = limiter.take(
    [
      { key: `ip|${form.key}|${request.ip}`, limit: limits.perIp },
      { key: `email|${form.key}|${filled.email}`, limit: limits.perEmail },
      { key: `total|${form.key}`, limit: limits.total },
    ],
    now,
  );
  if (!taken.ok)
    throw new AppError(
      429,
      'too_many_submissions',
      `Too many requests were sent through this form; try again in ${Math.ceil(taken.retryAfterMs / 60_000)} min or write to us by e-mail`,
      { retryAfterSeconds: Math.ceil(taken.retryAfterMs / 1000) },
    );

  const raw = await new MailComposer({
    from: { name: filled.name ?? '', address: filled.email },
    to: 'desk@web-form.invalid',
    subject: filled.subject,
    text: filled.text,
    date: new Date(now),
    messageId: `<web-form.${randomToken(15)}@ondesk.invalid>`,
    headers: {
      'X-Ondesk-Web-Form': form.key,
      ...(form.service_id !== null && { 'X-Ondesk-Service-Id': String(form.service_id) }),
      'X-Ondesk-Priority': form.priority,
    },
    attachments: input.files.map((f) => ({ filename: f.fileName, contentType: f.contentType, content: f.content })),
  })
    .compile()
    .build();
  const result = await fileWebSubmission(
    ctx,
    raw,
    {
      formKey: form.key,
      formName: form.name,
      organizationId: form.organization_id,
      holdUnknownDomains: form.hold_unknown_domains === 1,
      serviceId: form.service_id,
      priority: form.priority,
    },
    async (tx) => {
      if (!(await repo.spendProof(tx.db, proof.signature, proof.expiresMs, now))) throw refuse('proof_replayed');
    },
  );
  return result.outcome === 'held'
    ? { status: 'held' as const }
    : { status: 'created' as const, ticketNumber: result.ticketNumber ?? undefined };
}
