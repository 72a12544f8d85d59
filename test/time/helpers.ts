import type { Test } from 'tap';
import type { Actor } from '../../server/context.js';
import { createTicket } from '../../server/modules/tickets/index.js';
import { agreementDesk } from '../agreements/helpers.js';

/**
 * A desk with ООО «Ромашка»'s prepaid-hours agreement (10 h a month on the Moscow 8x5 calendar, from April),
 * an engineer and a ticket on the agreement's service. The clock is fixed and can be moved.
 */
export async function timeDesk(t: Test, at = '2026-12-03T09:00:00Z') {
  const desk = await agreementDesk(t, at);
  const agreement = await desk.agreement({
    kind: 'prepaid_hours',
    hoursPackage: 10,
    start: '2026-04-01',
    end: '2027-03-31',
  });
  const ticket = async (subject = 'Не проводится документ', by: Actor = desk.engineer) =>
    createTicket(desk.inst.ctx(by), {
      subject,
      description: 'Ошибка при проведении',
      organizationId: desk.org.id,
      type: 'incident',
      priority: 'P3',
      serviceId: desk.support.id,
    });
  return { ...desk, prepaid: agreement, ticket };
}
