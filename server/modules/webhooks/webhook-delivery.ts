import { inTransaction, type Ctx } from '../../context.js';
import { CLAIM_MS, claimUntil } from '../../db/claims.js';
import type { EventProcessor } from '../../events/event-processors.js';
import { runProcessor } from '../../events/event-processors.js';
import type { StoredEvent } from '../../events/domain-events.js';
import type { Installation } from '../../installation.js';
import { enqueue } from '../outbox/index.js';
import { resolveTarget } from './address-guard.js';
import { matchesAny, webhookTypeOf } from './webhook-events.js';
import { endpointDisabledMail, reasonText, type DisableReason } from './webhook-mail.js';
import { EventSubject } from './webhook-payload.js';
import { postPinned, type SendResult } from './webhook-sender.js';
import {
  DISABLE_AFTER_MS,
  githubSignatureOf,
  LOG_RETENTION_MS,
  nextRetryDelay,
  signatureHeader,
} from './webhook-signing.js';
import { allowedRanges, signingSecrets, WEBHOOK_PROCESSOR, webhookKey } from './webhooks.service.js';
import * as repo from './webhooks.repository.js';

/**
 * Queues a message per endpoint for every domain event it subscribed to, after the change committed: the
 * request that made the change never waits for a receiver. Reading an event twice queues it once.
 */
export const webhookProcessor: EventProcessor = {
  name: WEBHOOK_PROCESSOR,
  async handle(ctx, events) {
    const endpoints = (await repo.activeEndpoints(ctx.db)).map((e) => ({
      ...e,
      patterns: JSON.parse(e.events) as string[],
    }));
    if (endpoints.length === 0) return;
    const rows = await messagesFor(ctx, endpoints, events);
    if (rows.length) await ctx.writes.run((trx) => repo.insertDeliveries(trx, rows));
  },
};

type Subscribed = repo.EndpointRow & { patterns: string[] };

export async function messagesFor(
  ctx: Ctx,
  endpoints: Subscribed[],
  events: StoredEvent[],
): Promise<repo.NewDelivery[]> {
  const now = ctx.clock.now().toISOString();
  const rows: repo.NewDelivery[] = [];
  for (const event of events) {
    const type = webhookTypeOf(event);
    if (!type) continue;
    const wanting = endpoints.filter((e) => event.id > e.from_event_id && matchesAny(e.patterns, type));
    if (wanting.length === 0) continue;
    const subject = new EventSubject(ctx, event);
    const organizationId = wanting.some((e) => e.organization_id !== null) ? await subject.organizationId() : null;
    let thin: string | undefined;
    let full: string | undefined;
    for (const endpoint of wanting) {
      if (endpoint.organization_id !== null && endpoint.organization_id !== organizationId) continue;
      let body: string;
      if (endpoint.payload === 'full')
        body = full ??= JSON.stringify({ type, timestamp: event.occurredAt, data: await subject.fullData() });
      else body = thin ??= JSON.stringify({ type, timestamp: event.occurredAt, data: subject.thinData() });
      rows.push({
        endpoint_id: endpoint.id,
        message_id: `msg_${event.id}`,
        event_id: event.id,
        event_type: type,
        body,
        manual: 0,
        // The log and a redelivery of a time range speak of when the event happened.
        created_at: event.occurredAt,
        next_attempt_at: now,
      });
    }
  }
  return rows;
}

export interface DeliveryOptions {
  /** ONDESK_WEBHOOK_ALLOW as configured, default the environment's (the admins' own list is read from the settings). */
  allow?: string;
  /** Stop starting new sends after this long (a job run must end). */
  budgetMs?: number;
  /** Messages one endpoint sends in one run at most, so one busy endpoint does not starve the others. */
  perEndpoint?: number;
}

export interface DeliveryRun {
  queued: number;
  sent: number;
  failed: number;
}

const CONCURRENCY = 8;

/**
 * Queues what new events ask for, then sends every due message: each endpoint's oldest pending message first,
 * the next only after it succeeded or was given up, so a receiver gets its messages in order. Endpoints are
 * served side by side. Safe to run at any time and often (a timer in production, tests directly).
 */
export async function runWebhookDeliveries(ctx: Ctx, opts: DeliveryOptions = {}): Promise<DeliveryRun> {
  const queued = await runProcessor(ctx, webhookProcessor);
  const run: DeliveryRun = { queued, sent: 0, failed: 0 };
  const now = ctx.clock.now();
  // Only the endpoints this node claimed: another node (or a round still running) drains the others.
  const claimed = new Set(
    await ctx.writes.run((trx) => repo.claimDueEndpoints(trx, ctx.nodeId, now.toISOString(), claimUntil(now))),
  );
  if (claimed.size === 0) return run;
  const heads = (await repo.dueHeads(ctx.db, now.toISOString())).filter((h) => claimed.has(h.endpoint_id));
  // A claimed endpoint whose head was settled meanwhile (a redelivery, a person) is given back at once.
  for (const id of claimed)
    if (!heads.some((h) => h.endpoint_id === id))
      await ctx.writes.run((trx) => repo.releaseEndpointClaim(trx, id, ctx.nodeId));
  if (heads.length === 0) return run;
  const key = await webhookKey(ctx);
  // Outside `serve` (a CLI command, a job) the configured ranges come from the environment.
  const allow = (await allowedRanges(ctx, opts.allow ?? process.env.ONDESK_WEBHOOK_ALLOW)).list;
  const deadline = Date.now() + (opts.budgetMs ?? 50_000);
  const perEndpoint = opts.perEndpoint ?? 5_000;
  let next = 0;
  const worker = async () => {
    while (next < heads.length) {
      const head = heads[next++]!;
      try {
        await drainEndpoint(ctx, key, allow, head, { deadline, perEndpoint }, run);
      } finally {
        await ctx.writes.run((trx) => repo.releaseEndpointClaim(trx, head.endpoint_id, ctx.nodeId));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, heads.length) }, worker));
  return run;
}

async function drainEndpoint(
  ctx: Ctx,
  key: Buffer,
  allow: Parameters<typeof resolveTarget>[1],
  head: repo.DeliveryRow,
  limits: { deadline: number; perEndpoint: number },
  run: DeliveryRun,
) {
  let endpoint = await repo.findEndpoint(ctx.db, head.endpoint_id);
  if (!endpoint || endpoint.active === 0) return;
  let queue: repo.DeliveryRow[] = [head];
  let sent = 0;
  // The claim is moved forward while half of it is left, so a long drain keeps it and a dead node loses it.
  let claimedUntil = ctx.clock.now().getTime() + CLAIM_MS;
  const keepClaim = async () => {
    const now = ctx.clock.now();
    if (claimedUntil - now.getTime() > CLAIM_MS / 2) return true;
    claimedUntil = now.getTime() + CLAIM_MS;
    return ctx.writes.run((trx) => repo.renewEndpointClaim(trx, head.endpoint_id, ctx.nodeId, claimUntil(now)));
  };
  // Successes are recorded without waiting for each commit: the next message goes meanwhile. Should the
  // process die first, those messages are sent again (at least once; receivers dedupe by webhook-id).
  const recording: Array<Promise<unknown>> = [];
  try {
    while (queue.length) {
      for (const delivery of queue) {
        if (!(await keepClaim())) return;
        const now = ctx.clock.now();
        const result = await attempt(ctx, key, allow, endpoint, delivery, now);
        const ok = result.status !== null && result.status >= 200 && result.status < 300;
        const logged = {
          attempts: delivery.attempts + 1,
          last_attempt_at: now.toISOString(),
          request_headers: JSON.stringify(result.loggedHeaders),
          response_status: result.status,
          response_body: result.body,
          duration_ms: result.durationMs,
          error: result.error,
        };
        if (ok) {
          run.sent++;
          recording.push(
            ctx.writes.run((trx) =>
              repo.updateDelivery(trx, delivery.id, { ...logged, status: 'succeeded', next_attempt_at: null }),
            ),
          );
          if (endpoint.failing_since) {
            const id = endpoint.id;
            await ctx.writes.run((trx) => repo.updateEndpoint(trx, id, { failing_since: null }));
            endpoint = { ...endpoint, failing_since: null };
          }
          sent++;
          continue;
        }
        run.failed++;
        await recordFailure(ctx, endpoint, delivery, logged, result.status, now);
        return;
      }
      if (sent >= limits.perEndpoint || Date.now() > limits.deadline) return;
      queue = await repo.pendingAfter(ctx.db, endpoint.id, queue[queue.length - 1]!.id, 200);
      const due = ctx.clock.now().toISOString();
      queue = queue.filter((d) => d.next_attempt_at !== null && d.next_attempt_at <= due);
    }
  } finally {
    await Promise.all(recording);
  }
}

type Attempt = SendResult & { loggedHeaders: Record<string, string> };

async function attempt(
  ctx: Ctx,
  key: Buffer,
  allow: Parameters<typeof resolveTarget>[1],
  endpoint: repo.EndpointRow,
  delivery: repo.DeliveryRow,
  now: Date,
): Promise<Attempt> {
  const timestamp = Math.floor(now.getTime() / 1000);
  const secrets = signingSecrets(key, endpoint, now);
  const custom = JSON.parse(endpoint.headers) as Record<string, string>;
  const headers: Record<string, string> = {
    ...custom,
    'content-type': 'application/json',
    'user-agent': 'Ondesk-Webhooks/1',
    'webhook-id': delivery.message_id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signatureHeader(secrets, delivery.message_id, timestamp, delivery.body),
  };
  if (endpoint.github_signature) headers['x-hub-signature-256'] = githubSignatureOf(secrets[0]!, delivery.body);
  // The log shows what was sent, except custom header values: they usually carry the receiver's credentials.
  const loggedHeaders = { ...headers, ...Object.fromEntries(Object.keys(custom).map((k) => [k, '(hidden)'])) };
  const url = new URL(endpoint.url);
  const target = await resolveTarget(url, allow);
  if (!target.ok) {
    ctx.log.warn(
      { webhookId: endpoint.id, deliveryId: delivery.id, reason: target.reason },
      'webhooks: delivery refused',
    );
    return { status: null, body: null, durationMs: 0, error: `refused: ${target.reason}`, loggedHeaders };
  }
  const result = await postPinned(url, target, headers, delivery.body);
  if (result.status !== null && result.status >= 300 && result.status < 400 && !result.error)
    result.error = `redirect ${result.status}${result.location ? ` to ${result.location}` : ''}: redirects are not followed; point the webhook at the final URL`;
  return { ...result, loggedHeaders };
}

async function recordFailure(
  ctx: Ctx,
  endpoint: repo.EndpointRow,
  delivery: repo.DeliveryRow,
  logged: Parameters<typeof repo.updateDelivery>[2],
  status: number | null,
  now: Date,
) {
  const attempts = delivery.attempts + 1;
  const gone = status === 410;
  const delay = gone ? null : nextRetryDelay(attempts);
  const failingSince = endpoint.failing_since ?? now.toISOString();
  const why: DisableReason | null = gone
    ? { kind: 'gone', status }
    : now.getTime() - Date.parse(failingSince) >= DISABLE_AFTER_MS
      ? { kind: 'failing', since: failingSince }
      : null;
  await inTransaction(ctx, async (tx) => {
    await repo.updateDelivery(tx.db, delivery.id, {
      ...logged,
      ...(delay === null
        ? { status: 'failed', next_attempt_at: null }
        : { next_attempt_at: new Date(now.getTime() + delay).toISOString() }),
    });
    await repo.updateEndpoint(tx.db, endpoint.id, {
      failing_since: failingSince,
      ...(why && { active: 0, disabled_reason: reasonText('en', why), updated_at: now.toISOString() }),
    });
    if (why) {
      for (const admin of await repo.activeAdmins(tx.db)) {
        const mail = endpointDisabledMail(admin.language, { name: admin.name, url: endpoint.url, why, link: null });
        await enqueue(
          tx.db,
          {
            channel: 'email',
            recipient: admin.email,
            subject: mail.subject,
            body: mail.body,
            dedupeKey: `webhook-disabled:${endpoint.id}:${now.toISOString()}:${admin.id}`,
          },
          now,
        );
      }
    }
  });
  if (why) ctx.log.warn({ webhookId: endpoint.id, reason: reasonText('en', why) }, 'webhooks: endpoint turned off');
}

/** Deletes delivery log rows older than 30 days (messages still waiting are kept). */
export async function webhookLogCleanup(ctx: Ctx): Promise<{ deleted: number }> {
  const before = new Date(ctx.clock.now().getTime() - LOG_RETENTION_MS).toISOString();
  return { deleted: await ctx.writes.run((trx) => repo.deleteFinishedBefore(trx, before)) };
}

/** Sends due webhook messages every second while the desk runs; returns the function that stops it. */
export function startWebhookDeliveries(inst: Installation, everyMs = 1000): () => Promise<void> {
  let running: Promise<unknown> | null = null;
  const tick = () => {
    running ??= runWebhookDeliveries(inst.ctx(), { allow: inst.config.webhookAllow, budgetMs: 20_000 })
      .catch((err: unknown) => inst.log.warn({ err }, 'webhooks: a delivery round failed; it retries'))
      .finally(() => (running = null));
  };
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
