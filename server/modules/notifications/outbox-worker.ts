import type { Config } from '../../config/config.js';
import type { Installation } from '../../installation.js';
import { OutboxWorker, runOutboxWorker, type DeliveryChannel } from '../outbox/index.js';
import { smsDeliveryChannel, type SmsProvider } from '../sms/index.js';
import { mailDeliveryChannel } from './mail-channel.js';

// Where the desk's delivery is put together. The outbox module owns the worker (due items, claims, retries)
// and cannot know the channels, since the modules that send through it import it; this module already
// depends on both the outbox and sms modules, so it hands the worker its own mail channel and sms's channel.

/**
 * The desk's outbox worker: e-mail over SMTP when configured, SMS through the configured provider (or
 * `overrides.sms`, for tests). A channel without its server is left out, and its messages wait in the outbox.
 */
export function deliveryWorker(config: Config, overrides: { sms?: SmsProvider | null } = {}): OutboxWorker {
  const channels: (DeliveryChannel | null)[] = [
    mailDeliveryChannel(config),
    overrides.sms !== undefined ? smsDeliveryChannel(config, overrides.sms) : smsDeliveryChannel(config),
  ];
  return new OutboxWorker(channels.filter((c): c is DeliveryChannel => c !== null));
}

/**
 * The delivery loop of `serve`: a pass every few seconds, one at a time. Returns a stop that waits for the pass
 * in flight, so shutdown never cuts a message in half.
 */
export function startOutboxWorker(inst: Installation, opts: { intervalMs?: number } = {}): () => Promise<void> {
  return runOutboxWorker(inst, deliveryWorker(inst.config), opts);
}
