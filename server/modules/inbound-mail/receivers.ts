import type { Installation } from '../../installation.js';
import { domainOf } from './mail-classify.js';
import { inboundSettingsFrom, type IngestResult } from './inbound-mail.service.js';
import { MailboxWatcher } from './imap-watcher.js';
import { startSmtpReceiver, type SmtpReceiver } from './smtp-receiver.js';

export interface MailReceivers {
  smtp: SmtpReceiver | null;
  watchers: MailboxWatcher[];
  stop(): Promise<void>;
}

/**
 * Starts what the config asks for: the built-in SMTP receiver on inboundSmtpPort (bound to the serve host)
 * and one watcher per IMAP mailbox, all at once.
 */
export async function startMailReceivers(inst: Installation, opts: { onIngested?: (result: IngestResult) => void } = {}): Promise<MailReceivers> {
  const config = inst.config;
  const settings = inboundSettingsFrom(config);
  const ctx = () => inst.ctx();
  let smtp: SmtpReceiver | null = null;
  if (config.inboundSmtpPort !== undefined) {
    const ownDomain = config.mailFrom ? domainOf(/[^\s<>"]+@[^\s<>"]+/.exec(config.mailFrom)?.[0] ?? '') : null;
    const domains = [...new Set([...(ownDomain ? [ownDomain] : []), ...(config.inboundDomains ?? [])])];
    smtp = await startSmtpReceiver({ host: config.host, port: config.inboundSmtpPort, domains, settings, ctx, onIngested: opts.onIngested });
    inst.log.info({ port: smtp.port, domains }, 'inbound mail: SMTP receiver listening');
  }
  const watchers = (config.mailboxes ?? []).map((cfg) => new MailboxWatcher(cfg, { settings, ctx, onIngested: opts.onIngested }));
  for (const w of watchers) w.start();
  return {
    smtp,
    watchers,
    async stop() {
      await Promise.all([smtp?.close(), ...watchers.map((w) => w.stop())]);
    },
  };
}
