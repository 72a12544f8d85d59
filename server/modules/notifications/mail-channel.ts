import type { Transporter } from 'nodemailer';
import { lazyRequire } from '../../shared/lazy-require.js';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import type { Config } from '../../config/config.js';
import type { Ctx } from '../../context.js';
import { inTransaction, systemActor } from '../../context.js';
import type { OutboxChannel } from '../../db/schema.js';
import type { Installation } from '../../installation.js';
import * as outbox from '../outbox/outbox.repository.js';
import { SmsError, smsProviderFrom, type SmsProvider } from '../sms/index.js';
import * as smsRepo from '../sms/sms.repository.js';

const nodemailer = lazyRequire<typeof import('nodemailer')>('nodemailer');
import { capMessage } from '../sms/index.js';
import { headerSafe } from './mail-markers.js';
import { recordMessageId, ticketThread } from './message-ids.js';
import type { TicketMailPayload } from './ticket-notifier.js';

const MINUTE = 60_000;
/** 1, 2, 4 … minutes, never more than 6 hours apart; after this many attempts an item is failed for a person to look at. */
export const MAX_ATTEMPTS = 10;
const MAX_DELAY = 6 * 60 * MINUTE;
/** An attempt holds its item this long; a crash mid-send releases it after that (SMTP timeouts are shorter). */
const LEASE = 10 * MINUTE;

export const backoffDelay = (attempts: number) => Math.min(MINUTE * 2 ** Math.max(0, attempts - 1), MAX_DELAY);

/** The domain of our Message-IDs: the desk's own address, so ids stay ours when mail clients quote them. */
export function mailDomain(config: Pick<Config, 'mailFrom' | 'publicUrl'>): string {
  const fromMail = config.mailFrom && /@([A-Za-z0-9.-]+)>?\s*$/.exec(config.mailFrom)?.[1];
  if (fromMail) return fromMail.toLowerCase();
  if (config.publicUrl) return new URL(config.publicUrl).hostname;
  return 'ondesk.invalid';
}

const SINGLE_ADDRESS = /^[^\s@<>,;"]+@[^\s@<>,;"]+$/;

class DeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
  }
}

function parsePayload(row: outbox.OutboxRow): Partial<TicketMailPayload> & { kind?: string } {
  if (!row.payload) return {};
  try {
    const value = JSON.parse(row.payload) as unknown;
    return typeof value === 'object' && value !== null ? (value as Partial<TicketMailPayload>) : {};
  } catch {
    return {};
  }
}

/** The local part of an item's Message-ID: chosen when it was queued (ticket mail) or derived from the row, never per attempt. */
function messageKeyOf(row: outbox.OutboxRow, payload: Partial<TicketMailPayload>) {
  return payload.kind === 'ticket' && payload.messageKey
    ? payload.messageKey
    : `outbox-${row.id}.${Date.parse(row.created_at)}`;
}

/**
 * The nodemailer message of an outbox e-mail. Every header value is one line (CR/LF cannot start a header of
 * their own); machine-written mail says so (RFC 3834), so auto-responders and other desks do not answer it.
 */
export async function buildMail(ctx: Ctx, config: Config, row: outbox.OutboxRow) {
  const payload = parsePayload(row);
  const domain = mailDomain(config);
  const messageId = `${messageKeyOf(row, payload)}@${domain}`;
  const to = headerSafe(row.recipient);
  if (!SINGLE_ADDRESS.test(to))
    throw new DeliveryError(`The recipient "${to.slice(0, 100)}" is not one e-mail address`, true);
  const automatic = payload.kind === 'ticket' ? payload.automatic !== false : true;
  const thread =
    payload.kind === 'ticket' && payload.ticketId ? await ticketThread(ctx.db, payload.ticketId, messageId) : [];
  const headers: Record<string, string> = {};
  if (automatic) {
    headers['Auto-Submitted'] = 'auto-generated';
    // Exchange's auto-replies honour this one instead of Auto-Submitted.
    headers['X-Auto-Response-Suppress'] = 'All';
  }
  if (payload.kind === 'ticket' && payload.ticketNumber) headers['X-Ondesk-Ticket'] = String(payload.ticketNumber);
  return {
    messageId,
    ticketId: payload.kind === 'ticket' ? (payload.ticketId ?? null) : null,
    commentId: payload.kind === 'ticket' ? (payload.commentId ?? null) : null,
    mail: {
      from: headerSafe(config.mailFrom ?? `Ondesk <noreply@${domain}>`),
      to,
      subject: headerSafe(row.subject ?? ''),
      text: row.body,
      ...(payload.kind === 'ticket' && typeof payload.html === 'string' && { html: payload.html }),
      messageId: `<${messageId}>`,
      ...(thread.length && { inReplyTo: `<${thread[thread.length - 1]}>`, references: thread.map((id) => `<${id}>`) }),
      headers,
    },
  };
}

const smtpPermanent = (err: unknown) => {
  const code = (err as { responseCode?: number }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
};

export interface DeliveryReport {
  sent: number;
  retried: number;
  failed: number;
}

/**
 * Delivers the outbox. Mail goes out only with SMTP configured and SMS only with a provider: otherwise the items
 * stay pending, untouched, and admins read them in the outbox — nothing is dropped for want of a server.
 */
export class OutboxWorker {
  private transport: Transporter<SMTPTransport.SentMessageInfo> | null;
  private readonly sms: SmsProvider | null;

  constructor(
    private readonly config: Config,
    overrides: { sms?: SmsProvider | null } = {},
  ) {
    this.transport = config.smtpUrl
      ? nodemailer().createTransport(config.smtpUrl, {
          // Shorter than the lease, so an attempt never outlives its claim.
          connectionTimeout: 30_000,
          greetingTimeout: 30_000,
          socketTimeout: 120_000,
        } as SMTPTransport.Options)
      : null;
    this.sms = overrides.sms !== undefined ? overrides.sms : smsProviderFrom(config);
  }

  get channels(): OutboxChannel[] {
    return [...(this.transport ? (['email'] as const) : []), ...(this.sms ? (['sms'] as const) : [])];
  }

  async deliverDue(ctx: Ctx, limit = 50): Promise<DeliveryReport> {
    const report: DeliveryReport = { sent: 0, retried: 0, failed: 0 };
    const rows = await outbox.duePending(ctx.db, this.channels, ctx.clock.now(), limit);
    for (const row of rows) {
      const outcome = await this.deliverOne(ctx, row);
      if (outcome) report[outcome]++;
    }
    return report;
  }

  private async deliverOne(ctx: Ctx, row: outbox.OutboxRow): Promise<keyof DeliveryReport | null> {
    const now = ctx.clock.now();
    let built: Awaited<ReturnType<typeof buildMail>> | null = null;
    try {
      if (row.channel === 'email') built = await buildMail(ctx, this.config, row);
    } catch (err) {
      await inTransaction(ctx, (tx) => outbox.markFailed(tx.db, row.id, (err as Error).message));
      return 'failed';
    }
    const claim = await inTransaction(ctx, async (tx) => {
      if (row.channel === 'sms' && this.config.smsMonthlyCap !== undefined) {
        const month = smsRepo.monthOf(now);
        const { sent } = await smsRepo.counter(tx.db, this.sms!.name, month);
        if (sent >= this.config.smsMonthlyCap) {
          await outbox.markFailed(tx.db, row.id, capMessage(this.config.smsMonthlyCap, this.sms!.name, month));
          await smsRepo.count(tx.db, this.sms!.name, month, 'refused');
          return 'refused' as const;
        }
      }
      if (!(await outbox.claim(tx.db, row.id, now, new Date(now.getTime() + LEASE)))) return 'taken' as const;
      // Recorded before the mail leaves: a reply can never arrive for an id we do not know.
      if (built)
        await recordMessageId(tx.db, {
          messageId: built.messageId,
          ticketId: built.ticketId,
          commentId: built.commentId,
          outboxId: row.id,
          recipient: row.recipient,
          direction: 'out',
          at: now.toISOString(),
        });
      return 'claimed' as const;
    });
    if (claim === 'refused') return 'failed';
    if (claim === 'taken') return null;
    const attempts = row.attempts + 1;
    try {
      if (built) await this.transport!.sendMail(built.mail);
      else await this.sms!.send(row.recipient, row.body);
      await inTransaction(ctx, async (tx) => {
        await outbox.markSent(tx.db, row.id, ctx.clock.now());
        if (row.channel === 'sms') await smsRepo.count(tx.db, this.sms!.name, smsRepo.monthOf(now), 'sent');
      });
      return 'sent';
    } catch (err) {
      const message = (err as Error).message || String(err);
      const permanent =
        err instanceof SmsError ? err.permanent : err instanceof DeliveryError ? err.permanent : smtpPermanent(err);
      if (permanent || attempts >= MAX_ATTEMPTS) {
        const reason = permanent ? message : `${message} (gave up after ${attempts} attempts)`;
        await inTransaction(ctx, (tx) => outbox.markFailed(tx.db, row.id, reason));
        ctx.log.warn({ outboxId: row.id, channel: row.channel, err: message }, 'outbox item failed');
        return 'failed';
      }
      await inTransaction(ctx, (tx) =>
        outbox.markRetry(tx.db, row.id, new Date(now.getTime() + backoffDelay(attempts)), message),
      );
      return 'retried';
    }
  }

  close() {
    this.transport?.close();
    this.transport = null;
  }
}

/**
 * The delivery loop of `serve`: a pass every few seconds, one at a time. Returns a stop that waits for the pass
 * in flight, so shutdown never cuts a message in half.
 */
export function startOutboxWorker(inst: Installation, opts: { intervalMs?: number } = {}): () => Promise<void> {
  const worker = new OutboxWorker(inst.config);
  const interval = opts.intervalMs ?? 5_000;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let inFlight: Promise<unknown> = Promise.resolve();
  const pass = () => {
    timer = null;
    if (stopped) return;
    inFlight = worker
      .deliverDue(inst.ctx(systemActor('outbox')))
      .catch((err) => inst.log.error({ err }, 'outbox delivery pass failed'))
      .finally(() => {
        if (!stopped) timer = setTimeout(pass, interval);
      });
  };
  if (worker.channels.length === 0)
    inst.log.info('no SMTP server and no SMS provider configured: messages stay in the outbox for admins to read');
  timer = setTimeout(pass, 0);
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    await inFlight;
    worker.close();
  };
}
