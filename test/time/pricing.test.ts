import t from 'tap';
import { timeDesk } from './helpers.js';
import { createTicket } from '../../server/modules/tickets/index.js';
import { logWork } from '../../server/modules/worklogs/worklogs.service.js';
import { addCostRate, createCard, createDiscount, putMultipliers } from '../../server/modules/rates/rates.service.js';
import { createAgreement } from '../../server/modules/agreements/index.js';
import { createService } from '../../server/modules/services/services.service.js';

t.test(
  'work outside a package is priced by the most specific rate card, the night multiplier and the discount',
  async (t) => {
    const d = await timeDesk(t);
    const admin = d.inst.ctx();
    const service = await createService(admin, { name: 'Администрирование' });
    const commercial = await createAgreement(d.ctx(), {
      organizationId: d.org.id,
      number: '2026-030',
      title: 'Абонентское обслуживание',
      calendarId: d.moscow.id,
      start: '2026-01-01',
      end: '2026-12-31',
      tier: '8x5',
      kind: 'commercial',
      serviceIds: [service.id],
    });
    await createCard(admin, { rateKopecks: 150_000 });
    await createCard(admin, { agreementId: commercial.id, rateKopecks: 240_000 });
    const engineerId = d.engineer.kind === 'agent' ? d.engineer.id : 0;
    await createCard(admin, {
      agreementId: commercial.id,
      serviceId: service.id,
      agentId: engineerId,
      rateKopecks: 300_000,
    });
    await addCostRate(admin, engineerId, { rateKopecks: 90_000, validFrom: '2026-01-01' });
    const ticket = await createTicket(d.inst.ctx(d.engineer), {
      subject: 'Настроить резервное копирование',
      description: '-',
      organizationId: d.org.id,
      type: 'request',
      priority: 'P3',
      serviceId: service.id,
    });
    t.equal(ticket.agreement_id, commercial.id);
    const eng = d.ctx(d.engineer);
    const day = await logWork(eng, { ticketId: ticket.id, minutes: 45 });
    t.equal(day.rate_kopecks, 300_000, 'agreement × service × agent wins');
    t.equal(day.rate_source, 'agreement+service+agent');
    t.equal(day.amount_kopecks, 225_000, '45 min at 3 000 ₽/h');
    t.equal(day.cost_kopecks, 67_500, 'the internal cost at 900 ₽/h');

    await putMultipliers(admin, {
      nightPercent: 150,
      weekendPercent: 200,
      holidayPercent: 200,
      nightStart: '22:00',
      nightEnd: '08:00',
    });
    // 21:30–22:30 in Moscow: half of it at night.
    const evening = await logWork(eng, {
      ticketId: ticket.id,
      startedAt: '2026-12-02T18:30:00Z',
      endedAt: '2026-12-02T19:30:00Z',
    });
    t.equal(evening.multiplier_percent, 125);
    t.equal(evening.amount_kopecks, 375_000, 'an hour at 3 000 ₽, half of it ×1.5');

    await createDiscount(admin, { organizationId: d.org.id, percentBp: 1000, validFrom: '2026-12-01' });
    const discounted = await logWork(eng, { ticketId: ticket.id, minutes: 60, workDate: '2026-12-02' });
    t.equal(discounted.discount_bp, 1000);
    t.equal(discounted.amount_kopecks, 270_000, 'an hour at 3 000 ₽ less 10 %');
    const unbilled = await logWork(eng, { ticketId: ticket.id, minutes: 30, billable: false });
    t.equal(unbilled.amount_kopecks, 0, 'non-billable work is not charged');
    t.equal(unbilled.cost_kopecks, 45_000, 'but still costs the engineer’s time');
  },
);
