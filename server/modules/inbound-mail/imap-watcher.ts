import type * as ImapFlowModule from 'imapflow';
import { readFileSync } from 'node:fs';
import type { ImapFlow } from 'imapflow';
import { lazyRequire } from '../../shared/lazy-require.js';

const imapflow = lazyRequire<typeof ImapFlowModule>('imapflow');
import type { Ctx } from '../../context.js';
import type { MailboxConfig } from '../../config/config.js';
import {
  ingestRawMessage,
  recordOversized,
  storeRawStream,
  type InboundSettings,
  type IngestResult,
} from './inbound-mail.service.js';

export interface WatcherOptions {
  settings: InboundSettings;
  ctx: () => Ctx;
  onIngested?: (result: IngestResult) => void;
  /** First reconnect delay; doubles up to a minute. */
  retryMs?: number;
}

const MAX_RETRY_MS = 60_000;

export function mailboxName(cfg: MailboxConfig): string {
  return cfg.name ?? `${cfg.user}@${cfg.host}`;
}

function passwordOf(cfg: MailboxConfig): string {
  if (cfg.passwordFile) return readFileSync(cfg.passwordFile, 'utf8').replace(/\r?\n$/, '');
  return cfg.password ?? '';
}

/**
 * Watches one IMAP folder: IDLE when the server has it (imapflow falls back to NOOP polling), plus a poll
 * every `pollSeconds` as a safety net for missed notifications; reconnects with backoff. A message leaves the
 * unseen set (\Seen or moved) only after its ingestion committed, so a crash re-fetches it and ingestion
 * answers `duplicate` — nothing is lost and nothing is filed twice.
 */
export class MailboxWatcher {
  private client: ImapFlow | null = null;
  private stopped = false;
  private loopDone: Promise<void> | null = null;
  private draining: Promise<void> | null = null;
  private again = false;
  private wakeUp: (() => void) | null = null;
  /** Connection state for admins and tests. */
  connected = false;
  lastError: string | null = null;
  /** When the folder was last searched for new mail (ISO), and how many messages this process took from it. */
  lastCheckAt: string | null = null;
  fetched = 0;

  constructor(
    private readonly cfg: MailboxConfig,
    private readonly opts: WatcherOptions,
  ) {}

  get name() {
    return mailboxName(this.cfg);
  }

  /** What an admin sees of this mailbox: where it is and how it is doing (never its password). */
  status() {
    return {
      name: this.name,
      host: this.cfg.host,
      port: this.cfg.port,
      user: this.cfg.user,
      folder: this.cfg.mailbox ?? 'INBOX',
      connected: this.connected,
      lastCheckAt: this.lastCheckAt,
      lastError: this.lastError,
      fetched: this.fetched,
    };
  }

  /** Starts watching; again after a stop too (the node took the mailbox's lease back). */
  start() {
    if (this.loopDone && !this.stopped) return;
    this.stopped = false;
    this.loopDone = this.loop();
  }

  async stop() {
    this.stopped = true;
    this.wakeUp?.();
    const client = this.client;
    if (client) {
      await this.draining?.catch(() => undefined);
      await client.logout().catch(() => client.close());
    }
    await this.loopDone;
  }

  private log() {
    return this.opts.ctx().log;
  }

  private async loop() {
    const first = this.opts.retryMs ?? 1000;
    let delay = first;
    while (!this.stopped) {
      let wasConnected = false;
      try {
        await this.session(() => {
          wasConnected = true;
        });
      } catch (err) {
        this.lastError = (err as Error).message;
        this.log().warn({ err, mailbox: this.name }, 'inbound mail: IMAP session failed');
      }
      this.connected = false;
      if (this.stopped) break;
      if (wasConnected) delay = first;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        this.wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      delay = Math.min(delay * 2, MAX_RETRY_MS);
    }
  }

  private async session(onConnected: () => void) {
    const pollMs = (this.cfg.pollSeconds ?? 60) * 1000;
    const client = new (imapflow().ImapFlow)({
      host: this.cfg.host,
      port: this.cfg.port,
      secure: this.cfg.secure,
      auth: { user: this.cfg.user, pass: passwordOf(this.cfg) },
      logger: false,
      // Re-issue IDLE periodically: some servers and NATs drop idle connections silently.
      maxIdleTime: pollMs,
      // imapflow waits 15 s before it enters IDLE; until then the server tells us of no new mail.
      autoIdleDelay: 500,
      missingIdleCommand: 'NOOP',
      connectionTimeout: 30_000,
      ...(this.cfg.allowInsecureTls && { tls: { rejectUnauthorized: false } }),
    });
    this.client = client;
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    client.on('error', (err: Error) => {
      this.lastError = err.message;
      this.log().warn({ err, mailbox: this.name }, 'inbound mail: IMAP connection error');
    });
    try {
      await client.connect();
      await client.mailboxOpen(this.cfg.mailbox ?? 'INBOX');
      this.connected = true;
      this.lastError = null;
      onConnected();
      client.on('exists', () => this.schedule());
      this.schedule();
      const poll = setInterval(() => this.schedule(), pollMs);
      try {
        await closed;
      } finally {
        clearInterval(poll);
      }
    } finally {
      this.client = null;
      if (client.usable) client.close();
    }
  }

  /** Fetch runs one at a time; a notification during a run asks for one more run. */
  private schedule() {
    if (this.stopped) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = this.drain()
      .catch((err: Error) => {
        this.lastError = err.message;
        this.log().warn({ err, mailbox: this.name }, 'inbound mail: IMAP fetch failed; retried on the next poll');
      })
      .finally(() => {
        this.draining = null;
        if (this.again) {
          this.again = false;
          this.schedule();
        }
      });
  }

  private async drain() {
    const client = this.client;
    if (!client || !client.usable) return;
    const uids = (await client.search({ seen: false }, { uid: true })) || [];
    this.lastCheckAt = this.opts.ctx().clock.now().toISOString();
    const source = { kind: 'imap', name: this.name };
    for (const uid of uids) {
      if (this.stopped || !client.usable) return;
      const range = String(uid);
      const meta = await client.fetchOne(range, { uid: true, size: true }, { uid: true });
      if (!meta) continue;
      const ctx = this.opts.ctx();
      let result: IngestResult;
      if ((meta.size ?? 0) > this.opts.settings.maxBytes) {
        // Too large to hold in memory: streamed to the audit store and listed, so it never blocks the folder.
        const head = await client.fetchOne(range, { headers: true }, { uid: true });
        const download = await client.download(range, undefined, { uid: true });
        if (!('content' in download) || !download.content) continue;
        const stored = await storeRawStream(ctx, download.content);
        result = await recordOversized(
          ctx,
          (head && head.headers) || Buffer.alloc(0),
          stored,
          source,
          this.opts.settings,
        );
      } else {
        const message = await client.fetchOne(range, { uid: true, source: true }, { uid: true });
        if (!message || !message.source) continue;
        result = await ingestRawMessage(ctx, message.source, source, this.opts.settings);
      }
      if (this.cfg.moveTo) await client.messageMove(range, this.cfg.moveTo, { uid: true });
      else await client.messageFlagsAdd(range, ['\\Seen'], { uid: true });
      this.fetched++;
      this.opts.onIngested?.(result);
    }
  }
}
