import type * as SmtpServerModule from 'smtp-server';
import type { SMTPServerDataStream, SMTPServerSession, SMTPServerAddress } from 'smtp-server';
import { lazyRequire } from '../../shared/lazy-require.js';

const smtpServer = lazyRequire<typeof SmtpServerModule>('smtp-server');
import type { Ctx } from '../../context.js';
import { domainOf } from './mail-classify.js';
import type { InboundSettings, IngestResult } from './inbound-mail.service.js';
import { spoolAndFile } from './inbound-spool.js';

export interface SmtpReceiverOptions {
  host: string;
  port: number;
  /** Domains we accept mail for; empty accepts any (a desk without mailFrom). */
  domains: string[];
  settings: InboundSettings;
  ctx: () => Ctx;
  onIngested?: (result: IngestResult) => void;
  /** PEM certificate and key: STARTTLS is offered (senders that insist on TLS can deliver directly). */
  tls?: { cert: Buffer; key: Buffer };
}

export interface SmtpReceiver {
  port: number;
  close(): Promise<void>;
}

/**
 * Direct delivery (MX or a relay's transport) into the desk. The sender is answered 250 only after the
 * message is stored and spooled, and this node has tried to file it; a crash before that makes the sending MTA
 * retry, and a retry is a duplicate. A message spooled but not filed (the node died, the database failed) is
 * filed by a spool sweeper, on this node or another, once its claim expires.
 */
export async function startSmtpReceiver(opts: SmtpReceiverOptions): Promise<SmtpReceiver> {
  const domains = opts.domains.map((d) => d.toLowerCase());
  const server = new (smtpServer().SMTPServer)({
    name: 'ondesk',
    banner: 'Ondesk mail receiver',
    // A desk receives, it does not relay: no AUTH. STARTTLS when a certificate is configured; otherwise TLS
    // is the front MTA's job.
    disabledCommands: opts.tls ? ['AUTH'] : ['AUTH', 'STARTTLS'],
    ...(opts.tls && { key: opts.tls.key, cert: opts.tls.cert }),
    authOptional: true,
    size: opts.settings.maxBytes,
    logger: false,
    maxClients: 50,
    socketTimeout: 60_000,
    onRcptTo(address: SMTPServerAddress, _session: SMTPServerSession, callback: (err?: Error | null) => void) {
      const domain = domainOf(address.address);
      if (domains.length > 0 && (!domain || !domains.includes(domain))) {
        return callback(
          Object.assign(new Error(`5.7.1 <${address.address}>: we do not accept mail for this domain`), {
            responseCode: 550,
          }),
        );
      }
      callback();
    },
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback: (err?: Error | null) => void) {
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        // Past the limit the rest is drained and dropped: smtp-server flags sizeExceeded and we answer 552.
        if (size <= opts.settings.maxBytes) chunks.push(chunk);
      });
      stream.on('error', (err) => callback(err));
      stream.on('end', () => {
        if (stream.sizeExceeded) {
          return callback(
            Object.assign(new Error(`5.3.4 Message is larger than the limit of ${opts.settings.maxBytes} bytes`), {
              responseCode: 552,
            }),
          );
        }
        const mailFrom = session.envelope.mailFrom;
        // Stored and spooled first: once that commits the message is safe on any node (see inbound-spool.ts).
        spoolAndFile(
          opts.ctx(),
          Buffer.concat(chunks, size),
          { kind: 'smtp', envelopeFrom: mailFrom ? mailFrom.address : '' },
          opts.settings,
        ).then(
          (result) => {
            if (result) opts.onIngested?.(result);
            callback();
          },
          (err: Error) => {
            opts.ctx().log.error({ err }, 'inbound mail: SMTP message not stored; the sender will retry');
            callback(Object.assign(new Error('4.3.0 Temporary failure, try again later'), { responseCode: 451 }));
          },
        );
      });
    },
  });
  server.on('error', (err) => opts.ctx().log.error({ err }, 'inbound mail: SMTP receiver error'));
  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.server.once('error', onError);
    server.listen(opts.port, opts.host, () => {
      server.server.off('error', onError);
      resolve();
    });
  });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
