import { randomBytes } from 'node:crypto';
import { inTransaction, type Ctx } from '../../context.js';
import { cursorOf, lastEventId, putCursor } from '../../events/events.repository.js';
import { AppError, notFound } from '../../shared/errors.js';
import { authorize } from '../auth/index.js';
import { literalAddress, parseAllowList, refusalOf } from './address-guard.js';
import { TEST_EVENT, unknownPatterns } from './webhook-events.js';
import { newSecret, openSecret, ROTATION_OVERLAP_MS, sealSecret } from './webhook-signing.js';
import * as repo from './webhooks.repository.js';

const KEY_SETTING = 'webhook_key';
const ALLOW_SETTING = 'webhook_allow';
/** The name of the after-commit processor that queues messages (webhook-delivery.ts). */
export const WEBHOOK_PROCESSOR = 'webhooks';

const invalid = (message: string, field?: string) =>
  new AppError(422, 'invalid_webhook', message, field ? { field } : undefined);

/**
 * The installation's webhook key, made on first use and kept with the settings (so it travels with backups):
 * endpoint secrets are sealed under it, so they are usable for signing yet never stored as written.
 */
export async function webhookKey(ctx: Ctx): Promise<Buffer> {
  const stored = await repo.readSetting(ctx.db, KEY_SETTING);
  if (stored) return Buffer.from(stored, 'base64');
  const made = await ctx.writes.run((trx) => repo.settingOnce(trx, KEY_SETTING, randomBytes(32).toString('base64')));
  return Buffer.from(made, 'base64');
}

/** The ranges webhooks may call although private: ONDESK_WEBHOOK_ALLOW (`configured`) and the admins' list. */
export async function allowedRanges(ctx: Ctx, configured: string | undefined) {
  const admins = (await repo.readSetting(ctx.db, ALLOW_SETTING)) ?? '';
  return parseAllowList(`${configured ?? ''} ${admins}`);
}

export async function getWebhookSettings(ctx: Ctx, configured: string | undefined) {
  authorize(ctx.actor, 'webhook.manage');
  return {
    allow: parseAllowList(await repo.readSetting(ctx.db, ALLOW_SETTING)).ranges,
    allowFromConfig: parseAllowList(configured).ranges,
  };
}

export async function putWebhookSettings(ctx: Ctx, configured: string | undefined, input: { allow: string[] }) {
  authorize(ctx.actor, 'webhook.manage');
  let ranges: string[];
  try {
    ranges = parseAllowList(input.allow.join(' ')).ranges;
  } catch (err) {
    throw invalid((err as Error).message, 'allow');
  }
  await ctx.writes.run((trx) => repo.writeSetting(trx, ALLOW_SETTING, ranges.join(' ')));
  return getWebhookSettings(ctx, configured);
}

// Headers the desk sets itself: a custom header may not replace them (a receiver trusts them).
const RESERVED_HEADERS = new Set([
  'content-type',
  'content-length',
  'host',
  'user-agent',
  'connection',
  'transfer-encoding',
  'webhook-id',
  'webhook-timestamp',
  'webhook-signature',
  'x-hub-signature-256',
]);
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/;

function checkHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!HEADER_NAME.test(name)) throw invalid(`"${name}" is not a valid header name`, 'headers');
    if (RESERVED_HEADERS.has(name.toLowerCase()))
      throw invalid(`The desk sets ${name} itself; choose another header name`, 'headers');
    if (/[\r\n\0]/.test(value) || value.length > 2000)
      throw invalid(`The value of ${name} must be one line of at most 2000 characters`, 'headers');
    out[name] = value;
  }
  if (Object.keys(out).length > 20) throw invalid('At most 20 custom headers', 'headers');
  return out;
}

function checkEvents(events: string[]): string[] {
  const list = [...new Set(events.map((e) => e.trim()).filter(Boolean))];
  if (list.length === 0) throw invalid('Choose at least one event type', 'events');
  const unknown = unknownPatterns(list);
  if (unknown.length)
    throw invalid(
      `Unknown event type${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')} (see GET /api/v1/webhooks/event-types)`,
      'events',
    );
  return list;
}

/** An http(s) URL without credentials; a literal private address is refused unless allowed. */
async function checkUrl(ctx: Ctx, configured: string | undefined, text: string): Promise<string> {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalid(`"${text}" is not a URL; write it in full, e.g. https://example.com/hooks/ondesk`, 'url');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw invalid('A webhook URL starts with https:// (or http://)', 'url');
  if (url.username || url.password)
    throw invalid('Put credentials in a custom header, not in the URL (URLs show in logs)', 'url');
  const literal = literalAddress(url);
  if (literal) {
    const why = refusalOf(literal, (await allowedRanges(ctx, configured)).list);
    if (why) throw invalid(`The desk does not call ${url.host}: ${why}`, 'url');
  }
  return url.toString();
}

/**
 * The last event so far; the webhooks processor's cursor is set there if it has none yet, or the processor's
 * first round would start at its own present and skip what happened in between.
 */
async function startingPoint(db: Ctx['db'], now: string): Promise<number> {
  const last = await lastEventId(db);
  if ((await cursorOf(db, WEBHOOK_PROCESSOR)) === undefined) await putCursor(db, WEBHOOK_PROCESSOR, last, now);
  return last;
}

export interface EndpointInput {
  url: string;
  description?: string;
  events: string[];
  organizationId?: number | null;
  payload?: 'thin' | 'full';
  headers?: Record<string, string>;
  githubSignature?: boolean;
  active?: boolean;
}

export async function createEndpoint(ctx: Ctx, configured: string | undefined, input: EndpointInput) {
  authorize(ctx.actor, 'webhook.manage');
  const url = await checkUrl(ctx, configured, input.url);
  const events = checkEvents(input.events);
  const headers = checkHeaders(input.headers ?? {});
  const key = await webhookKey(ctx);
  const secret = newSecret();
  const now = ctx.clock.now().toISOString();
  const endpoint = await inTransaction(ctx, async (tx) =>
    repo.insertEndpoint(tx.db, {
      url,
      description: input.description ?? '',
      events: JSON.stringify(events),
      organization_id: input.organizationId ?? null,
      payload: input.payload ?? 'thin',
      headers: JSON.stringify(headers),
      github_signature: input.githubSignature ? 1 : 0,
      active: input.active === false ? 0 : 1,
      secret: sealSecret(key, secret),
      // What happened before the endpoint existed is not its business.
      from_event_id: await startingPoint(tx.db, now),
      created_by: ctx.actor.kind === 'agent' ? ctx.actor.id : null,
      created_at: now,
      updated_at: now,
    }),
  ).catch((err: unknown) => {
    if (/FOREIGN KEY/i.test(String(err)))
      throw invalid(`Client ${input.organizationId} does not exist`, 'organizationId');
    throw err;
  });
  return { endpoint, secret };
}

export async function listEndpoints(ctx: Ctx) {
  authorize(ctx.actor, 'webhook.manage');
  return repo.listEndpoints(ctx.db);
}

export async function getEndpoint(ctx: Ctx, id: number) {
  authorize(ctx.actor, 'webhook.manage');
  const endpoint = await repo.findEndpoint(ctx.db, id);
  if (!endpoint) throw notFound(`Webhook ${id}`);
  return endpoint;
}

export async function updateEndpoint(
  ctx: Ctx,
  configured: string | undefined,
  id: number,
  input: Partial<EndpointInput>,
) {
  const current = await getEndpoint(ctx, id);
  const patch: Parameters<typeof repo.updateEndpoint>[2] = { updated_at: ctx.clock.now().toISOString() };
  if (input.url !== undefined) patch.url = await checkUrl(ctx, configured, input.url);
  if (input.events !== undefined) patch.events = JSON.stringify(checkEvents(input.events));
  if (input.headers !== undefined) patch.headers = JSON.stringify(checkHeaders(input.headers));
  if (input.description !== undefined) patch.description = input.description;
  if (input.organizationId !== undefined) patch.organization_id = input.organizationId;
  if (input.payload !== undefined) patch.payload = input.payload;
  if (input.githubSignature !== undefined) patch.github_signature = input.githubSignature ? 1 : 0;
  if (input.active !== undefined) {
    patch.active = input.active ? 1 : 0;
    // Turned back on: the failures before do not count towards the next three days, and it picks up from now.
    if (input.active && current.active === 0) {
      patch.failing_since = null;
      patch.disabled_reason = null;
    }
  }
  const updated = await inTransaction(ctx, async (tx) => {
    if (input.active && current.active === 0) patch.from_event_id = await startingPoint(tx.db, patch.updated_at!);
    return repo.updateEndpoint(tx.db, id, patch);
  }).catch((err: unknown) => {
    if (/FOREIGN KEY/i.test(String(err)))
      throw invalid(`Client ${input.organizationId} does not exist`, 'organizationId');
    throw err;
  });
  return updated!;
}

export async function deleteEndpoint(ctx: Ctx, id: number) {
  authorize(ctx.actor, 'webhook.manage');
  const deleted = await inTransaction(ctx, (tx) => repo.deleteEndpoint(tx.db, id));
  if (!deleted) throw notFound(`Webhook ${id}`);
}

/** A new secret, shown once; the old one keeps signing alongside it for 24 hours. */
export async function rotateSecret(ctx: Ctx, id: number) {
  const current = await getEndpoint(ctx, id);
  const key = await webhookKey(ctx);
  const secret = newSecret();
  const now = ctx.clock.now();
  const endpoint = await inTransaction(ctx, (tx) =>
    repo.updateEndpoint(tx.db, id, {
      secret: sealSecret(key, secret),
      previous_secret: current.secret,
      previous_secret_until: new Date(now.getTime() + ROTATION_OVERLAP_MS).toISOString(),
      updated_at: now.toISOString(),
    }),
  );
  return { endpoint: endpoint!, secret };
}

/** The secrets that sign now, newest first. */
export function signingSecrets(key: Buffer, endpoint: repo.EndpointRow, now: Date): string[] {
  const secrets = [openSecret(key, endpoint.secret)];
  if (endpoint.previous_secret && endpoint.previous_secret_until && endpoint.previous_secret_until > now.toISOString())
    secrets.push(openSecret(key, endpoint.previous_secret));
  return secrets;
}

// ---- the delivery log ---------------------------------------------------------------------------------------

export async function listDeliveries(
  ctx: Ctx,
  id: number,
  q: { status?: 'pending' | 'succeeded' | 'failed'; event?: string; cursor?: string; limit?: number },
) {
  await getEndpoint(ctx, id);
  const limit = q.limit ?? 50;
  let beforeId: number | undefined;
  if (q.cursor !== undefined) {
    beforeId = Number(q.cursor);
    if (!Number.isInteger(beforeId) || beforeId < 1)
      throw new AppError(400, 'bad_cursor', 'The cursor is not one this list gave');
  }
  const rows = await repo.listDeliveries(ctx.db, id, { ...q, beforeId, limit: limit + 1 });
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? String(items[items.length - 1]!.id) : null };
}

/** Queues the same message again (same id, body and event) at the end of the endpoint's queue. */
export async function redeliver(ctx: Ctx, id: number, deliveryId: number) {
  await getEndpoint(ctx, id);
  const original = await repo.findDelivery(ctx.db, id, deliveryId);
  if (!original) throw notFound(`Delivery ${deliveryId} of webhook ${id}`);
  const now = ctx.clock.now().toISOString();
  return inTransaction(ctx, (tx) =>
    repo.insertDelivery(tx.db, {
      endpoint_id: id,
      message_id: original.message_id,
      event_id: original.event_id,
      event_type: original.event_type,
      body: original.body,
      manual: 1,
      created_at: now,
      next_attempt_at: now,
    }),
  );
}

const RANGE_LIMIT = 10_000;

/** Queues again every message first sent to the endpoint within [from, to], in their order. */
export async function redeliverRange(ctx: Ctx, id: number, range: { from: string; to: string }) {
  await getEndpoint(ctx, id);
  const from = new Date(range.from);
  const to = new Date(range.to);
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()))
    throw invalid('from and to are instants, e.g. 2026-12-04T10:00:00Z', 'from');
  if (from > to) throw invalid('from must not be after to', 'from');
  const rows = await repo.deliveriesBetween(ctx.db, id, from.toISOString(), to.toISOString(), RANGE_LIMIT + 1);
  if (rows.length > RANGE_LIMIT)
    throw invalid(`More than ${RANGE_LIMIT} messages in that range; choose a shorter one`, 'to');
  const now = ctx.clock.now().toISOString();
  await inTransaction(ctx, async (tx) => {
    for (const r of rows)
      await repo.insertDelivery(tx.db, {
        endpoint_id: id,
        message_id: r.message_id,
        event_id: r.event_id,
        event_type: r.event_type,
        body: r.body,
        manual: 1,
        created_at: now,
        next_attempt_at: now,
      });
  });
  return { queued: rows.length };
}

/** A `webhook.test` message, queued like any other: it shows in the log and goes out in order. */
export async function sendTestEvent(ctx: Ctx, id: number) {
  const endpoint = await getEndpoint(ctx, id);
  const now = ctx.clock.now().toISOString();
  const messageId = `msg_test_${randomBytes(9).toString('base64url')}`;
  const body = JSON.stringify({
    type: TEST_EVENT,
    timestamp: now,
    data: {
      webhookId: endpoint.id,
      message: 'A test event from Ondesk: this endpoint is reachable and verifies signatures.',
    },
  });
  return inTransaction(ctx, (tx) =>
    repo.insertDelivery(tx.db, {
      endpoint_id: id,
      message_id: messageId,
      event_id: null,
      event_type: TEST_EVENT,
      body,
      manual: 1,
      created_at: now,
      next_attempt_at: now,
    }),
  );
}
