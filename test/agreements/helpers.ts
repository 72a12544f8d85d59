import type { Subscription } from '../../server/events/event-bus.js';
import type { Test } from 'tap';
import type { Actor, Ctx } from '../../server/context.js';
import { fixedClock } from '../../server/shared/clock.js';
import { testInstallation } from '../helpers/installation.js';
import { createAgent } from '../../server/modules/agents/agents.service.js';
import { createContact, createOrganization } from '../../server/modules/organizations/organizations.service.js';
import { createCalendar } from '../../server/modules/calendars/calendars.service.js';
import { createService } from '../../server/modules/services/services.service.js';
import { createAgreement, type AgreementInput } from '../../server/modules/agreements/agreements.service.js';
import type { Installation } from '../../server/installation.js';

export const weekdays = (hours: [string, string][]) => ({
  mon: hours,
  tue: hours,
  wed: hours,
  thu: hours,
  fri: hours,
  sat: [],
  sun: [],
});
const allDay: [string, string][] = [['00:00', '24:00']];
export const roundTheClock = {
  mon: allDay,
  tue: allDay,
  wed: allDay,
  thu: allDay,
  fri: allDay,
  sat: allDay,
  sun: allDay,
};

/**
 * A desk on a real SQLite file with a fixed clock: a manager (Russian), the client ООО «Ромашка» with two
 * recipients (ru, en) and one contact without e-mail, a Moscow 8x5 calendar, a New York one, and two services.
 */
export async function agreementDesk(t: Test, at = '2026-03-10T09:00:00Z', subscriptions: readonly Subscription[] = []) {
  const clock = fixedClock(at);
  const inst = await testInstallation(t, { clock, subscriptions });
  const system = inst.ctx();
  const managerRow = await createAgent(system, {
    email: 'manager@desk.example',
    name: 'Мария Петрова',
    role: 'manager',
    language: 'ru',
  });
  const manager: Actor = { kind: 'agent', id: managerRow.id, role: 'manager', name: managerRow.name, language: 'ru' };
  const engineerRow = await createAgent(system, {
    email: 'engineer@desk.example',
    name: 'Eng',
    role: 'engineer',
    language: 'en',
  });
  const engineer: Actor = {
    kind: 'agent',
    id: engineerRow.id,
    role: 'engineer',
    name: engineerRow.name,
    language: 'en',
  };
  const org = await createOrganization(system, { name: 'ООО Ромашка' });
  const other = await createOrganization(system, { name: 'Hotel Volga' });
  const third = await createOrganization(system, { name: 'Bakery' });
  const olga = await createContact(system, org.id, { name: 'Ольга', email: 'olga@romashka.example', language: 'ru' });
  const john = await createContact(system, org.id, { name: 'John', email: 'john@romashka.example', language: 'en' });
  const noMail = await createContact(system, org.id, { name: 'Без почты', language: 'ru' });
  const stranger = await createContact(system, other.id, {
    name: 'Stranger',
    email: 'x@volga.example',
    language: 'en',
  });
  const moscow = await createCalendar(system, {
    name: 'Moscow 8x5',
    timezone: 'Europe/Moscow',
    week: weekdays([['09:00', '18:00']]),
  });
  const newYork = await createCalendar(system, {
    name: 'New York 8x5',
    timezone: 'America/New_York',
    week: weekdays([['09:00', '18:00']]),
  });
  const nonstop = await createCalendar(system, { name: 'Nonstop', timezone: 'Europe/Moscow', week: roundTheClock });
  const support = await createService(system, { name: '1C support', category: 'Software' });
  const network = await createService(system, { name: 'Network', category: 'Infrastructure' });
  const ctx = (actor: Actor = manager): Ctx => inst.ctx(actor);

  /** An agreement of ООО Ромашка on the Moscow calendar with both services and both recipients. */
  const agreement = (fields: Partial<AgreementInput> = {}) =>
    createAgreement(ctx(), {
      organizationId: org.id,
      number: '2026-014',
      title: 'Сопровождение 1С',
      calendarId: moscow.id,
      start: '2026-04-01',
      end: '2027-03-31',
      tier: '8x5',
      serviceIds: [support.id, network.id],
      managerId: managerRow.id,
      recipientContactIds: [olga.id, john.id],
      ...fields,
    });

  return {
    inst,
    clock,
    system,
    ctx,
    manager,
    managerRow,
    engineer,
    org,
    other,
    third,
    olga,
    john,
    noMail,
    stranger,
    moscow,
    newYork,
    nonstop,
    support,
    network,
    agreement,
  };
}

export type AgreementDesk = Awaited<ReturnType<typeof agreementDesk>>;

export async function outbox(inst: Installation) {
  return inst.database.db.selectFrom('outbox').selectAll().orderBy('id').execute();
}

/** Asserts that `work` fails with an AppError of this status whose message matches. */
export async function rejects(
  t: Test,
  work: Promise<unknown>,
  status: number,
  message: RegExp | string,
  what?: string,
) {
  try {
    await work;
    t.fail(`${what ?? 'the call'} should have failed with ${status}`);
  } catch (err) {
    const e = err as { status?: number; message: string };
    t.equal(e.status, status, `${what ?? message}: status ${status}`);
    t.match(e.message, message, what ?? String(message));
  }
}
