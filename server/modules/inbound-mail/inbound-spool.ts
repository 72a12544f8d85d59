import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import type { Ctx } from '../../context.js';
import { inTransaction } from '../../context.js';
import { claimUntil } from '../../db/claims.js';
import {
  ingestRawMessage,
  mailStore,
  type InboundSettings,
  type IngestResult,
  type IngestSource,
} from './inbound-mail.service.js';
import * as spool from './spool.repository.js';

/** Tries a spooled message gets (one a claim) before it is `failed` for a person to look at. */
export const SPOOL_MAX_TRIES = 10;

const sourceLabel = (s: IngestSource) => (s.name ? `${s.kind}:${s.name}` : s.kind);
function sourceOf(row: spool.SpooledRow): IngestSource {
  const at = row.source.indexOf(':');
  const kind = at < 0 ? row.source : row.source.slice(0, at);
  return { kind, ...(at >= 0 && { name: row.source.slice(at + 1) }), envelopeFrom: row.envelope_from };
}

/**
 * What the SMTP receiver does with a message before it answers: the raw is stored (content-addressed, in
 * the directory every node mounts) and recorded in the spool, claimed by this node; then this node files it.
 * Should the node die in between, its claim expires and another node's sweeper files the message — the
 * sending server has its 250 or retries, and either way the message is filed once (Message-ID idempotency).
 * Answers the filing's result, or null when filing failed and the spool keeps the message for a retry.
 * Throws only when the message could not be stored: then the sender must be told to try again.
 */
export async function spoolAndFile(
  ctx: Ctx,
  raw: Buffer,
  source: IngestSource,
  settings: InboundSettings,
): Promise<IngestResult | null> {
  const stored = await mailStore(ctx).put(Readable.from([raw]), Number.MAX_SAFE_INTEGER);
  const now = ctx.clock.now();
  const row: spool.NewSpooled = {
    id: randomUUID(),
    raw_sha256: stored.sha256,
    raw_size: stored.size,
    source: sourceLabel(source),
    envelope_from: source.envelopeFrom ?? null,
    received_at: now.toISOString(),
    attempts: 1,
    claimed_by: ctx.nodeId,
    claim_expires_at: claimUntil(now),
  };
  await inTransaction(ctx, (tx) => spool.insertSpooled(tx.db, row));
  return fileSpooled(ctx, { ...row, status: 'pending', last_error: null }, raw, settings);
}

async function fileSpooled(
  ctx: Ctx,
  row: spool.SpooledRow,
  raw: Buffer,
  settings: InboundSettings,
): Promise<IngestResult | null> {
  try {
    const result = await ingestRawMessage(ctx, raw, sourceOf(row), settings, { rawStored: true });
    await inTransaction(ctx, (tx) => spool.deleteFiled(tx.db, row.id, ctx.nodeId));
    return result;
  } catch (err) {
    const message = (err as Error).message || String(err);
    const giveUp = row.attempts >= SPOOL_MAX_TRIES;
    ctx.log.error({ err, spoolId: row.id, attempts: row.attempts }, 'inbound mail: spooled message not filed yet');
    await inTransaction(ctx, (tx) => spool.recordTryFailed(tx.db, row.id, message, giveUp)).catch(() => undefined);
    return null;
  }
}

/**
 * Files the messages whose receiving node died before filing them (their claim expired), a few at a time.
 * Cheap while there are none: one read, no write.
 */
export async function fileOrphanedMail(
  ctx: Ctx,
  settings: InboundSettings,
  opts: { limit?: number; onIngested?: (result: IngestResult) => void } = {},
): Promise<{ filed: number; failed: number }> {
  const now = ctx.clock.now();
  const report = { filed: 0, failed: 0 };
  if (!(await spool.anyUnclaimed(ctx.db, now.toISOString()))) return report;
  const rows = await inTransaction(ctx, (tx) =>
    spool.claimUnfiled(tx.db, ctx.nodeId, now.toISOString(), claimUntil(now), opts.limit ?? 10),
  );
  for (const row of rows) {
    let raw: Buffer;
    try {
      raw = await buffer((await mailStore(ctx).open(row.raw_sha256)).stream);
    } catch (err) {
      // The raw is not in this node's mail directory (not shared?): another try, here or elsewhere, later.
      const giveUp = row.attempts >= SPOOL_MAX_TRIES;
      await inTransaction(ctx, (tx) =>
        spool.recordTryFailed(tx.db, row.id, `raw message unreadable: ${(err as Error).message}`, giveUp),
      );
      report.failed++;
      continue;
    }
    const result = await fileSpooled(ctx, row, raw, settings);
    if (result) {
      report.filed++;
      opts.onIngested?.(result);
    } else report.failed++;
  }
  return report;
}

/** Runs fileOrphanedMail every few seconds on this node; returns the stop, which waits for a pass under way. */
export function startSpoolSweeper(
  ctx: () => Ctx,
  settings: InboundSettings,
  opts: { intervalMs?: number; onIngested?: (result: IngestResult) => void } = {},
): () => Promise<void> {
  let stopped = false;
  let running: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    // One pass at a time: a slow pass is not joined by the next tick's.
    if (stopped || running) return;
    running = fileOrphanedMail(ctx(), settings, { onIngested: opts.onIngested })
      .catch((err: unknown) => ctx().log.warn({ err }, 'inbound mail: the spool sweep failed; it runs again'))
      .finally(() => (running = null));
  }, opts.intervalMs ?? 5_000);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
