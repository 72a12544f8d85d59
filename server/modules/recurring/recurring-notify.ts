import type { TxCtx } from '../../context.js';
import { languageOf, notifySystemEvent } from '../notifications/index.js';
import { correctionKey, reminderKey } from './expiry-reminders.js';
import { recurringValues, type RecurringNoticeReason } from './recurring-mail.js';
import * as repo from './recurring.repository.js';

/**
 * Who answers for an item: its own manager; when it names none, the managers of the client's active
 * agreements; when there are none either, the admins — an expiring domain must never go unheard.
 */
export async function responsibleAgentIds(tx: TxCtx, item: repo.RecurringRow): Promise<number[]> {
  if (item.manager_id !== null) return [item.manager_id];
  const managers = await repo.agreementManagerIds(tx.db, item.organization_id);
  return managers.length ? managers : repo.activeAdminIds(tx.db);
}

/**
 * Sends a `recurring.expiring` notice through the notification rules: by default to the responsible agents
 * and (for expiry reminders) the client's billing contact, each in the person's language. The outbox key
 * makes each notice go out once per person, however often the job runs. Returns how many were newly queued.
 */
export async function queueRecurringNotice(
  tx: TxCtx,
  item: repo.RecurringRow & { expires_on: string },
  reason: RecurringNoticeReason & { threshold?: number },
  daysLeft: number,
): Promise<number> {
  const contact =
    reason.kind === 'expiring' && item.notify_contact_id !== null
      ? await repo.findContact(tx.db, item.notify_contact_id)
      : undefined;
  const facts = {
    kind: item.kind,
    name: item.name,
    organizationName: item.organization_name,
    expiresOn: item.expires_on,
    daysLeft,
  };
  let queued = 0;
  const agents = await responsibleAgentIds(tx, item);
  // One call per responsible agent: the rules' "manager" names one person; the contact hears it once.
  for (const [i, managerId] of (agents.length ? agents : [null]).entries()) {
    queued += await notifySystemEvent(tx, {
      event: 'recurring.expiring',
      who: {
        managerId,
        contactsAllowed: i === 0 && reason.kind === 'expiring',
        organizationContacts: async () =>
          contact && contact.organization_id === item.organization_id ? [contact] : [],
      },
      values: (language, person) =>
        recurringValues(languageOf(language), facts, reason, person.kind === 'agent' ? 'manager' : 'client'),
      dedupeKey: (person) =>
        reason.kind === 'corrected'
          ? correctionKey(item, reason.from, reason.to, person)
          : reminderKey({ id: item.id, expiresOn: item.expires_on }, reason.threshold ?? 0, person),
      payload: { recurringServiceId: item.id, reason: reason.kind, daysLeft },
    });
  }
  return queued;
}
