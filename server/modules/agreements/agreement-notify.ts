import type { TxCtx } from '../../context.js';
import { notifySystemEvent } from '../notifications/index.js';
import { agreementEvent, agreementValues } from './agreement-mail.js';
import { noticeKey, type AgreementNotice } from './agreement-notices.js';
import { parseIds } from './agreements.presenter.js';
import * as repo from './agreements.repository.js';

/**
 * Sends a notice through the notification rules: by default to the agreement's manager (an active agent) and
 * its client recipients (contacts of the agreement's organization with an e-mail, the "organization
 * contacts" of an agreement), each in the person's language. The outbox key makes every notice go out once
 * per person, however often this runs. Returns how many were newly queued.
 */
export async function queueAgreementNotice(
  tx: TxCtx,
  agreement: repo.AgreementRow,
  notice: AgreementNotice,
): Promise<number> {
  const [manager] = agreement.manager_id === null ? [] : await repo.findAgentsByIds(tx.db, [agreement.manager_id]);
  const facts = {
    number: agreement.number,
    title: agreement.title,
    organizationName: agreement.organization_name,
    start: agreement.start_date,
    end: agreement.end_date,
    managerName: manager?.active === 1 ? manager.name : null,
  };
  return notifySystemEvent(tx, {
    event: agreementEvent(notice),
    who: {
      managerId: agreement.manager_id,
      contactsAllowed: true,
      organizationContacts: async () =>
        (await repo.findContacts(tx.db, parseIds(agreement.recipient_contact_ids))).filter(
          (c) => c.organization_id === agreement.organization_id,
        ),
    },
    values: (language, person) =>
      agreementValues(language, notice, facts, person.kind === 'agent' ? 'manager' : 'client'),
    dedupeKey: (person) =>
      noticeKey({ id: agreement.id, end: agreement.end_date }, notice, { kind: person.kind, id: person.id }),
    payload: { agreementId: agreement.id, notice },
  });
}
