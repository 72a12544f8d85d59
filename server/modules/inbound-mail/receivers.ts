import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createSecureContext } from 'node:tls';
import type { Config } from '../../config/config.js';
import { ConfigError } from '../../config/config.js';
import type { Installation } from '../../installation.js';
import { domainOf } from './mail-classify.js';
import { inboundSettingsFrom, type IngestResult } from './inbound-mail.service.js';
import { MailboxWatcher } from './imap-watcher.js';
import { startSmtpReceiver, type SmtpReceiver } from './smtp-receiver.js';
import { startSpoolSweeper } from './inbound-spool.js';
import { keepLease } from '../../cluster/index.js';

export interface MailReceivers {
  smtp: SmtpReceiver | null;
  watchers: MailboxWatcher[];
  stop(): Promise<void>;
}

/** The receivers this process runs for an installation, for the status admins see. */
const running = new WeakMap<Installation, { receivers: MailReceivers; starttls: boolean }>();

/** What receives mail right now: the SMTP listener (or null when off) and each IMAP mailbox. */
export function receiverStatus(inst: Installation) {
  const r = running.get(inst);
  return {
    smtp: r?.receivers.smtp ? { port: r.receivers.smtp.port, starttls: r.starttls } : null,
    mailboxes: (r?.receivers.watchers ?? []).map((w) => w.status()),
  };
}

/**
 * Starts what the config asks for: the built-in SMTP receiver on inboundSmtpPort (bound to the serve host)
 * and one watcher per IMAP mailbox, all at once.
 */
export async function startMailReceivers(
  inst: Installation,
  opts: { onIngested?: (result: IngestResult) => void } = {},
): Promise<MailReceivers> {
  const config = inst.config;
  const settings = inboundSettingsFrom(config);
  const ctx = () => inst.ctx();
  let smtp: SmtpReceiver | null = null;
  let stopSweeper: (() => Promise<void>) | null = null;
  if (config.inboundSmtpPort !== undefined) {
    // Files what a receiving node (this one or another) spooled and could not file before it died.
    stopSweeper = startSpoolSweeper(ctx, settings, { onIngested: opts.onIngested });
    const ownDomain = config.mailFrom ? domainOf(/[^\s<>"]+@[^\s<>"]+/.exec(config.mailFrom)?.[0] ?? '') : null;
    const domains = [...new Set([...(ownDomain ? [ownDomain] : []), ...(config.inboundDomains ?? [])])];
    const tls = receiverTls(config);
    smtp = await startSmtpReceiver({
      host: config.host,
      port: config.inboundSmtpPort,
      domains,
      settings,
      ctx,
      onIngested: opts.onIngested,
      ...(tls && { tls }),
    });
    inst.log.info({ port: smtp.port, domains, starttls: Boolean(tls) }, 'inbound mail: SMTP receiver listening');
  }
  const watchers = (config.mailboxes ?? []).map(
    (cfg) => new MailboxWatcher(cfg, { settings, ctx, onIngested: opts.onIngested }),
  );
  // With several nodes on one database, each mailbox is watched by the one node holding its lease `imap:<name>`;
  // another node starts watching it when that node stops or dies.
  const keepers = watchers.map((w) =>
    keepLease(inst, `imap:${w.name}`, { onAcquired: () => w.start(), onLost: () => w.stop() }),
  );
  const receivers: MailReceivers = {
    smtp,
    watchers,
    async stop() {
      running.delete(inst);
      await Promise.all([smtp?.close(), stopSweeper?.(), ...keepers.map((k) => k.stop())]);
    },
  };
  running.set(inst, { receivers, starttls: Boolean(config.inboundSmtpTlsCert) });
  return receivers;
}

/** The receiver's certificate, checked at start: a typo in a path or a key that does not match stops the start with its reason. */
export function receiverTls(config: Config): { cert: Buffer; key: Buffer } | null {
  const { inboundSmtpTlsCert: certPath, inboundSmtpTlsKey: keyPath } = config;
  if (!certPath && !keyPath) return null;
  if (!certPath || !keyPath)
    throw new ConfigError('inboundSmtpTlsCert and inboundSmtpTlsKey go together: set both or neither');
  const read = (path: string, key: string) => {
    try {
      return readFileSync(resolve(config.dataDir, path));
    } catch (err) {
      throw new ConfigError(`${key}: cannot read ${path}: ${(err as Error).message}`);
    }
  };
  const tls = { cert: read(certPath, 'inboundSmtpTlsCert'), key: read(keyPath, 'inboundSmtpTlsKey') };
  try {
    createSecureContext(tls);
  } catch (err) {
    throw new ConfigError(
      `inboundSmtpTlsCert/inboundSmtpTlsKey: not a usable certificate and key: ${(err as Error).message}`,
    );
  }
  return tls;
}
