import type Smpp from 'smpp';
import type { PDU, Session } from 'smpp';
import { lazyRequire } from '../../shared/lazy-require.js';
import { SmsError, type SmsProvider } from './sms-provider-contract.js';

const smppLib = lazyRequire<typeof Smpp>('smpp');

export interface SmppOptions {
  url: string;
  systemId: string;
  password: string;
  from?: string;
  timeoutMs?: number;
}

/** Statuses after which the same submit may succeed later (the SMSC is busy or failing), not a bad request. */
const transient = () => new Set([smppLib().ESME_RTHROTTLED, smppLib().ESME_RSYSERR, 0x14 /* ESME_RMSGQFUL */]);

/** A GSM-7 short message holds 160 characters, a UCS-2 one 70; longer text goes in message_payload. */
const fitsShortMessage = (text: string) => (/^[\x20-\x7e\n\r]*$/.test(text) ? text.length <= 160 : text.length <= 70);

/**
 * SMPP 3.4 transmitter: a session per send. Notifications are rare and bursty, so a bound session idling for
 * hours (with enquire_link traffic and reconnect logic) buys nothing.
 */
export function smppProvider(options: SmppOptions): SmsProvider {
  const where = new URL(options.url.replace(/^s?smpp:/, 'http:')).host;
  return {
    name: `smpp:${where}`,
    send(to, text) {
      return new Promise((resolve, reject) => {
        let session: Session | null = null;
        let settled = false;
        const finish = (err: SmsError | null, messageId: string | null = null) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          if (session) {
            const s = session;
            // Unbind politely when bound; the socket goes either way.
            if (!err) s.unbind(() => s.close());
            else s.destroy();
          }
          if (err) reject(err);
          else resolve({ messageId });
        };
        const timer = setTimeout(
          () =>
            finish(new SmsError(`SMPP ${where}: no answer within ${(options.timeoutMs ?? 15_000) / 1000} s`, false)),
          options.timeoutMs ?? 15_000,
        );
        session = smppLib().connect({ url: options.url }, () => {
          session!.bind_transmitter({ system_id: options.systemId, password: options.password }, (bind: PDU) => {
            if (bind.command_status !== smppLib().ESME_ROK)
              return finish(
                new SmsError(
                  `SMPP ${where} refused the bind (status ${bind.command_status})`,
                  bind.command_status === smppLib().ESME_RBINDFAIL,
                ),
              );
            const message = fitsShortMessage(text) ? { short_message: text } : { message_payload: text };
            session!.submit_sm(
              { source_addr: options.from ?? '', destination_addr: to, registered_delivery: 0, ...message },
              (sub: PDU) => {
                if (sub.command_status !== smppLib().ESME_ROK) {
                  return finish(
                    new SmsError(
                      `SMPP ${where} refused the message to ${to} (status ${sub.command_status})`,
                      !transient().has(sub.command_status),
                    ),
                  );
                }
                finish(null, typeof sub.message_id === 'string' ? sub.message_id : null);
              },
            );
          });
        });
        session.on('error', (err: Error) => finish(new SmsError(`SMPP ${where}: ${err.message}`, false)));
        session.on('close', () => finish(new SmsError(`SMPP ${where} closed the connection`, false)));
      });
    },
  };
}
