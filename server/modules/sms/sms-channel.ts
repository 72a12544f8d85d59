import type { Config } from '../../config/config.js';
import type { DeliveryChannel } from '../outbox/index.js';
import { SmsError, type SmsProvider } from './sms-provider-contract.js';
import { smsProviderFrom } from './sms-provider.js';
import { capMessage } from './sms.service.js';
import * as repo from './sms.repository.js';

/**
 * How the outbox worker sends SMS: through the configured provider, within the monthly cap, counting each SMS
 * sent or refused for the counters page. Null when no provider is configured: SMS then wait in the outbox.
 */
export function smsDeliveryChannel(
  config: Config,
  provider: SmsProvider | null = smsProviderFrom(config),
): DeliveryChannel<void> | null {
  if (!provider) return null;
  const cap = config.smsMonthlyCap;
  return {
    channel: 'sms',
    async refusal(tx, _item, now) {
      if (cap === undefined) return null;
      const month = repo.monthOf(now);
      const { sent } = await repo.counter(tx.db, provider.name, month);
      if (sent < cap) return null;
      await repo.count(tx.db, provider.name, month, 'refused');
      return capMessage(cap, provider.name, month);
    },
    async send(item) {
      await provider.send(item.recipient, item.body);
    },
    async sent(tx, _item, attemptedAt) {
      await repo.count(tx.db, provider.name, repo.monthOf(attemptedAt), 'sent');
    },
    isPermanent: (err) => err instanceof SmsError && err.permanent,
  };
}
