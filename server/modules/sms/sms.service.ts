import type { Config } from '../../config/config.js';
import type { Ctx } from '../../context.js';
import { inTransaction } from '../../context.js';
import { AppError, badRequest } from '../../shared/errors.js';
import { getAgent } from '../agents/index.js';
import { authorize } from '../auth/index.js';
import { countPendingOutbox, failOutboxItem } from '../outbox/index.js';
import { queueSms, SMS_TEXT_MAX } from './sms-outbox.js';
import { normalizePhone } from './sms-provider.js';
import * as repo from './sms.repository.js';

/** The counter key of the configured provider; SMS queued with none configured count under "unconfigured". */
export function providerKey(config: Config): string {
  if (config.smsProvider === 'http' && config.smsHttpUrl) return `http:${new URL(config.smsHttpUrl).host}`;
  if (config.smsProvider === 'smpp' && config.smsSmppUrl)
    return `smpp:${new URL(config.smsSmppUrl.replace(/^s?smpp:/, 'http:')).host}`;
  return 'unconfigured';
}

export const capMessage = (cap: number, provider: string, month: string) =>
  `The monthly SMS cap is reached: ${cap} SMS through ${provider} in ${month}. Raise smsMonthlyCap (ONDESK_SMS_MONTHLY_CAP) or wait for the next month.`;

export { SMS_TEXT_MAX };

/**
 * A free-text SMS from an agent's card. Over the monthly cap it is refused with a clear message, and still
 * recorded: a failed outbox item with the reason, and the provider's refused counter.
 */
export async function sendAgentSms(ctx: Ctx, config: Config, agentId: number, text: string) {
  authorize(ctx.actor, 'sms.send');
  const body = text.trim();
  if (!body) throw badRequest('The SMS is empty', { errors: [{ path: 'body.text', message: 'must not be empty' }] });
  if (body.length > SMS_TEXT_MAX)
    throw badRequest(`An SMS holds up to ${SMS_TEXT_MAX} characters, this one has ${body.length}`, {
      errors: [{ path: 'body.text', message: `at most ${SMS_TEXT_MAX} characters` }],
    });
  const provider = providerKey(config);
  const outcome = await inTransaction(ctx, async (tx) => {
    // sms.send implies agent.read, so this lookup never refuses an actor who got this far.
    const agent = await getAgent(tx, agentId);
    const phone = agent.phone ? normalizePhone(agent.phone) : null;
    if (!phone)
      throw new AppError(422, 'no_phone', `${agent.name} has no valid phone number; add one on the agent's card`);
    const now = ctx.clock.now();
    // No dedupe key: the insert always happens, so there is always an id.
    const id = (await queueSms(tx.db, { phone, text: body, event: 'manual', agentId }, now))!;
    const cap = config.smsMonthlyCap;
    if (cap !== undefined) {
      const month = repo.monthOf(now);
      const { sent } = await repo.counter(tx.db, provider, month);
      // The new item is pending already: it counts among the queued ones.
      if (sent + (await countPendingOutbox(tx.db, 'sms')) > cap) {
        const reason = capMessage(cap, provider, month);
        await failOutboxItem(tx.db, id, reason);
        await repo.count(tx.db, provider, month, 'refused');
        return { refused: reason, id };
      }
    }
    return { id, phone };
  });
  if ('refused' in outcome) throw new AppError(429, 'sms_cap_reached', outcome.refused!, { outboxId: outcome.id });
  return { outboxId: outcome.id, to: outcome.phone, status: 'pending' as const };
}

export async function smsCounters(ctx: Ctx, config: Config) {
  authorize(ctx.actor, 'sms.send');
  const month = repo.monthOf(ctx.clock.now());
  const provider = providerKey(config);
  const current = await repo.counter(ctx.db, provider, month);
  return {
    provider,
    month,
    cap: config.smsMonthlyCap ?? null,
    sent: current.sent,
    refused: current.refused,
    history: (await repo.listCounters(ctx.db)).map((r) => ({
      provider: r.provider,
      month: r.month,
      sent: r.sent,
      refused: r.refused,
    })),
  };
}
