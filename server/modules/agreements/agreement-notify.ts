import type { TxCtx } from '../../context.js';
import { enqueue } from '../outbox/outbox.repository.js';
import { agreementMail, type Audience } from './agreement-mail.js';
import { noticeKey, type AgreementNotice, type NoticeRecipient } from './agreement-notices.js';
import { parseIds } from './agreements.presenter.js';
import * as repo from './agreements.repository.js';

/**
 * Queues a notice to the agreement's manager (an active agent) and its client recipients (contacts of the
 * agreement's organization with an e-mail), each in the person's language. The outbox key makes every
 * notice go out once per person, however often this runs. Returns how many were newly queued.
 */
export async function queueAgreementNotice(tx: TxCtx, agreement: repo.AgreementRow, notice: AgreementNotice): Promise<number> {
  const [manager] = agreement.manager_id === null ? [] : await repo.findAgentsByIds(tx.db, [agreement.manager_id]);
  const contacts = await repo.findContacts(tx.db, parseIds(agreement.recipient_contact_ids));
  const people: Array<{ recipient: NoticeRecipient; email: string; language: string; audience: Audience }> = [];
  if (manager && manager.active === 1) people.push({ recipient: { kind: 'agent', id: manager.id }, email: manager.email, language: manager.language, audience: 'manager' });
  for (const c of contacts) {
    if (c.email && c.organization_id === agreement.organization_id) people.push({ recipient: { kind: 'contact', id: c.id }, email: c.email, language: c.language, audience: 'client' });
  }
  const facts = {
    number: agreement.number,
    title: agreement.title,
    organizationName: agreement.organization_name,
    start: agreement.start_date,
    end: agreement.end_date,
    managerName: manager?.active === 1 ? manager.name : null,
  };
  const at = tx.clock.now();
  let queued = 0;
  for (const person of people) {
    const mail = agreementMail(person.language, notice, facts, person.audience);
    const item = {
      channel: 'email' as const,
      recipient: person.email,
      subject: mail.subject,
      body: mail.body,
      payload: { agreementId: agreement.id, notice },
      dedupeKey: noticeKey({ id: agreement.id, end: agreement.end_date }, notice, person.recipient),
    };
    if (await enqueue(tx.db, item, at)) queued++;
  }
  return queued;
}
