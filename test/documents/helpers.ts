import type { Test } from 'tap';
import { testDesk, type ApiClient } from '../helpers/app.js';
import { makeOrganization } from '../helpers/factories.js';
import { fixedClock } from '../../server/shared/clock.js';
import { weekdays } from '../agreements/helpers.js';

/** Valid requisites (INN, OGRN with check digits; the account keyed to Sberbank's BIK). */
export const ENTITY = {
  name: 'Общество с ограниченной ответственностью «Ондеск Сервис»',
  shortName: 'ООО «Ондеск Сервис»',
  inn: '7707083893',
  kpp: '773601001',
  ogrn: '1027700132195',
  address: '117997, г. Москва, ул. Вавилова, д. 19',
  bankName: 'ПАО Сбербанк',
  bik: '044525225',
  corrAccount: '30101810400000000225',
  settlementAccount: '40702810938000012345',
  directorName: 'Иванов Иван Иванович',
  directorPosition: 'Генеральный директор',
  accountantName: 'Петрова Мария Сергеевна',
  accountantPosition: 'Главный бухгалтер',
};

/**
 * A desk with a fixed clock (3 December 2026), an accountant, a manager and an engineer, our legal entity, the
 * client ООО «Ромашка» with a commercial agreement (2 500 ₽ an hour by its rate card) and a billing contact.
 * `work` logs billable work on a new ticket of a client.
 */
export async function documentsDesk(t: Test, at = '2026-12-03T09:00:00Z') {
  const clock = fixedClock(at);
  const desk = await testDesk(t, { clock });
  const accountant = await desk.agent('accountant');
  const manager = await desk.agent('manager');
  const engineer = await desk.agent('engineer');
  const entityRes = await accountant.post('/api/v1/legal-entities', ENTITY);
  t.equal(entityRes.statusCode, 201, entityRes.body);
  const entity = entityRes.json() as { id: number };
  const calendar = (
    await manager.post('/api/v1/calendars', {
      name: 'Москва 8x5',
      timezone: 'Europe/Moscow',
      week: weekdays([['09:00', '18:00']]),
    })
  ).json() as { id: number };
  const service = (await manager.post('/api/v1/services', { name: 'Сопровождение 1С' })).json() as { id: number };

  async function client(name: string, number: string) {
    const org = (await makeOrganization(manager, { name })) as { id: number; name: string };
    const agreementRes = await manager.post('/api/v1/agreements', {
      organizationId: org.id,
      number,
      title: 'Сопровождение',
      calendarId: calendar.id,
      start: '2026-01-01',
      end: '2026-12-31',
      tier: '8x5',
      kind: 'commercial',
      serviceIds: [service.id],
    });
    t.equal(agreementRes.statusCode, 201, agreementRes.body);
    const agreement = agreementRes.json() as { id: number };
    const card = await manager.post('/api/v1/rate-cards', { agreementId: agreement.id, rateKopecks: 250_000 });
    t.equal(card.statusCode, 201, card.body);
    return { org, agreement };
  }
  const romashka = await client('ООО Ромашка', '2026-020');

  async function work(
    api: ApiClient,
    organizationId: number,
    minutes: number,
    workDate: string,
    subject = 'Не проводится документ',
  ) {
    const ticket = (
      await api.post('/api/v1/tickets', {
        subject,
        description: 'Ошибка',
        organizationId,
        type: 'incident',
        priority: 'P3',
        serviceId: service.id,
      })
    ).json() as { id: number; number: number };
    const res = await api.post('/api/v1/worklogs', { ticketId: ticket.id, minutes, workDate, billable: true });
    t.equal(res.statusCode, 201, res.body);
    return { ticket, worklog: res.json() as { id: number; amountKopecks: number } };
  }
  return { clock, desk, accountant, manager, engineer, entity, calendar, service, client, romashka, work };
}
