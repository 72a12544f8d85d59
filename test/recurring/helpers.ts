import type { Test } from 'tap';
import type { Actor, Ctx } from '../../server/context.js';
import { fixedClock } from '../../server/shared/clock.js';
import { testInstallation } from '../helpers/installation.js';
import { createAgent } from '../../server/modules/agents/agents.service.js';
import { createContact, createOrganization } from '../../server/modules/organizations/organizations.service.js';
import { createRecurring } from '../../server/modules/recurring/recurring.service.js';
import type { RecurringInput } from '../../server/modules/recurring/recurring-input.js';
import type { Installation } from '../../server/installation.js';

/**
 * A desk on a real SQLite file with a fixed clock: an admin, a manager (Russian), the client ООО Ромашка with
 * its billing contact Ольга (ru) and John (en), and another client with a contact of its own.
 */
export async function recurringDesk(t: Test, at = '2026-12-04T09:00:00Z') {
  const clock = fixedClock(at);
  const inst = await testInstallation(t, { clock });
  const system = inst.ctx();
  const admin = await createAgent(system, {
    email: 'admin@desk.example',
    name: 'Admin',
    role: 'admin',
    language: 'en',
  });
  const managerRow = await createAgent(system, {
    email: 'manager@desk.example',
    name: 'Мария Петрова',
    role: 'manager',
    language: 'ru',
  });
  const manager: Actor = { kind: 'agent', id: managerRow.id, role: 'manager', name: managerRow.name, language: 'ru' };
  const org = await createOrganization(system, { name: 'ООО Ромашка' });
  const other = await createOrganization(system, { name: 'Hotel Volga' });
  const olga = await createContact(system, org.id, { name: 'Ольга', email: 'olga@romashka.example', language: 'ru' });
  const john = await createContact(system, org.id, { name: 'John', email: 'john@romashka.example', language: 'en' });
  const stranger = await createContact(system, other.id, {
    name: 'Stranger',
    email: 'x@volga.example',
    language: 'en',
  });
  const ctx = (actor: Actor = manager): Ctx => inst.ctx(actor);
  const item = (fields: Partial<RecurringInput> = {}) =>
    createRecurring(ctx(), {
      organizationId: org.id,
      kind: 'domain',
      name: 'romashka.ru',
      vendor: 'REG.RU',
      costKopecks: 59_000,
      priceKopecks: 99_000,
      vatRate: 20,
      billingEveryMonths: 12,
      nextBillingDate: '2027-06-01',
      expiresOn: '2027-01-10',
      notifyContactId: olga.id,
      managerId: managerRow.id,
      ...fields,
    });
  return { inst, clock, system, ctx, admin, manager, managerRow, org, other, olga, john, stranger, item };
}

export async function outbox(inst: Installation) {
  return inst.database.db.selectFrom('outbox').selectAll().orderBy('id').execute();
}

export async function charges(inst: Installation) {
  return inst.database.db.selectFrom('recurring_charges').selectAll().orderBy('billing_date').execute();
}
