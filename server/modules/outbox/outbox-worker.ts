import type { Ctx } from '../../context.js';
import { inTransaction, systemActor } from '../../context.js';
import type { OutboxChannel } from '../../db/schema.js';
import type { Installation } from '../../installation.js';
import type { DeliveryChannel } from './delivery-channel.js';
import * as outbox from './outbox.repository.js';

const MINUTE = 60_000;
/** 1, 2, 4 … minutes, never more than 6 hours apart; after this many attempts an item is failed for a person to look at. */
export const MAX_ATTEMPTS = 10;
const MAX_DELAY = 6 * 60 * MINUTE;
/** An attempt holds its item this long; a crash mid-send releases it after that (SMTP timeouts are shorter). */
const LEASE = 10 * MINUTE;

export const backoffDelay = (attempts: number) => Math.min(MINUTE * 2 ** Math.max(0, attempts - 1), MAX_DELAY);

export interface DeliveryReport {
  sent: number;
  retried: number;
  failed: number;
}

/**
 * Delivers the outbox through the channels it is given: only those configured (mail with SMTP, SMS with a
 * provider). Items of other channels stay pending, untouched, and admins read them in the outbox — nothing is
 * dropped for want of a server.
 */
export class OutboxWorker {
  private readonly byChannel: Map<OutboxChannel, DeliveryChannel>;

  constructor(channels: readonly DeliveryChannel[]) {
    this.byChannel = new Map(channels.map((c) => [c.channel, c]));
  }

  get channels(): OutboxChannel[] {
    return [...this.byChannel.keys()];
  }

  async deliverDue(ctx: Ctx, limit = 50): Promise<DeliveryReport> {
    const report: DeliveryReport = { sent: 0, retried: 0, failed: 0 };
    // The batch is this node's before anything is sent: another sender (a second node, a pass still running)
    // passes over it, and should this process die the claims expire and another sender takes the items.
    const rows = await inTransaction(ctx, (tx) =>
      outbox.claimDue(tx.db, this.channels, ctx.nodeId, ctx.clock.now(), limit),
    );
    for (const row of rows) {
      const outcome = await this.deliverOne(ctx, this.byChannel.get(row.channel)!, row);
      if (outcome) report[outcome]++;
    }
    return report;
  }

  private async deliverOne(
    ctx: Ctx,
    channel: DeliveryChannel,
    row: outbox.OutboxRow,
  ): Promise<keyof DeliveryReport | null> {
    const now = ctx.clock.now();
    let message: unknown;
    try {
      message = await channel.prepare?.(ctx, row);
    } catch (err) {
      await inTransaction(ctx, (tx) => outbox.markFailed(tx.db, row.id, (err as Error).message));
      return 'failed';
    }
    const claim = await inTransaction(ctx, async (tx) => {
      const refusal = await channel.refusal?.(tx, row, now);
      if (refusal) {
        await outbox.markFailed(tx.db, row.id, refusal);
        return 'refused' as const;
      }
      if (!(await outbox.claim(tx.db, row.id, ctx.nodeId, now, new Date(now.getTime() + LEASE))))
        return 'taken' as const;
      await channel.claimed?.(tx, row, message, now);
      return 'claimed' as const;
    });
    if (claim === 'refused') return 'failed';
    if (claim === 'taken') return null;
    const attempts = row.attempts + 1;
    try {
      await channel.send(row, message);
      await inTransaction(ctx, async (tx) => {
        await outbox.markSent(tx.db, row.id, ctx.clock.now());
        await channel.sent?.(tx, row, now);
      });
      return 'sent';
    } catch (err) {
      const message = (err as Error).message || String(err);
      const permanent = channel.isPermanent(err);
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
    for (const channel of this.byChannel.values()) channel.close?.();
    this.byChannel.clear();
  }
}

/** Items one pass of `serve` claims. */
const PASS_LIMIT = 50;

/**
 * Passes a node runs side by side. A message costs two commits and an SMTP session, one after the other: a single
 * sender drained a 10,000-message backlog at a few dozen a second. Each lane claims its own batch (the claim is
 * what keeps two senders apart, on one node as across nodes), so a burst drains several times faster.
 */
const LANES = 4;

/**
 * The delivery loop of `serve`: in each lane a pass every few seconds (at once after a full batch), lanes started
 * apart. Returns a stop that waits for the passes in flight, so shutdown never cuts a message in half.
 */
export function runOutboxWorker(
  inst: Installation,
  worker: OutboxWorker,
  opts: { intervalMs?: number; lanes?: number } = {},
): () => Promise<void> {
  const interval = opts.intervalMs ?? 5_000;
  const count = opts.lanes ?? LANES;
  let stopped = false;
  const lanes = Array.from({ length: count }, (_, lane) => {
    const state = { timer: null as NodeJS.Timeout | null, inFlight: Promise.resolve() as Promise<unknown> };
    const pass = () => {
      state.timer = null;
      if (stopped) return;
      let full = false;
      state.inFlight = worker
        .deliverDue(inst.ctx(systemActor('outbox')), PASS_LIMIT)
        .then((report) => {
          // A full batch the server took means a backlog (a burst, a server back after an outage): the next pass
          // goes at once instead of 50 messages every few seconds. A batch with retries waits: the server is failing.
          full = report.retried === 0 && report.sent + report.failed >= PASS_LIMIT;
        })
        .catch((err) => inst.log.error({ err }, 'outbox delivery pass failed'))
        .finally(() => {
          if (!stopped) state.timer = setTimeout(pass, full ? 0 : interval);
        });
    };
    state.timer = setTimeout(pass, Math.floor((lane * interval) / count));
    return state;
  });
  if (worker.channels.length === 0)
    inst.log.info('no SMTP server and no SMS provider configured: messages stay in the outbox for admins to read');
  return async () => {
    stopped = true;
    for (const lane of lanes) if (lane.timer) clearTimeout(lane.timer);
    await Promise.all(lanes.map((lane) => lane.inFlight));
    worker.close();
  };
}
