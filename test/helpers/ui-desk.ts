import type { Installation } from '../../server/installation.js';
import type { Actor } from '../../server/context.js';
import type { AgentRole } from '../../server/db/schema.js';
import { createAgent } from '../../server/modules/agents/agents.service.js';
import { createApiToken } from '../../server/modules/auth/index.js';
import { createContact, createOrganization } from '../../server/modules/organizations/organizations.service.js';
import { createCalendar } from '../../server/modules/calendars/calendars.service.js';
import { createService } from '../../server/modules/services/services.service.js';
import { createAgreement } from '../../server/modules/agreements/agreements.service.js';

/** Seeding for browser tests: the people and the contract data a UI flow needs, made through the services. */

export const UI_PASSWORD = 'ui-test-password';

export async function uiAgent(
  inst: Installation,
  role: AgentRole,
  email: string,
  name: string,
  language: 'ru' | 'en' = 'ru',
) {
  const row = await createAgent(inst.ctx(), { email, name, role, password: UI_PASSWORD, language });
  const actor: Actor = { kind: 'agent', id: row.id, role, name, language };
  const { token } = await createApiToken(inst.ctx(), { agentId: row.id, name: 'browser test' });
  return { ...row, actor, token };
}

const allDay: [string, string][] = [['00:00', '24:00']];

/** Today's date (YYYY-MM-DD) shifted by whole days, in UTC. */
export const dayFromToday = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/**
 * A client with a contact, a round-the-clock calendar (so countdowns run whenever the test runs), two services
 * and, when asked, an active agreement covering the first service.
 */
export async function uiContractDesk(
  inst: Installation,
  manager: Actor,
  opts: { agreement?: boolean; number?: string } = {},
) {
  const ctx = inst.ctx(manager);
  const org = await createOrganization(ctx, { name: 'ООО «Ромашка»' });
  const other = await createOrganization(ctx, { name: 'Гостиница «Волга»' });
  const contact = await createContact(ctx, org.id, {
    name: 'Ольга Смирнова',
    email: 'olga@romashka.example',
    language: 'ru',
  });
  const calendar = await createCalendar(ctx, {
    name: 'Круглосуточно (Москва)',
    timezone: 'Europe/Moscow',
    week: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay },
  });
  const support = await createService(ctx, {
    name: 'Сопровождение 1С',
    category: 'ПО',
    description: 'Консультации и доработки 1С:Предприятие',
  });
  const network = await createService(ctx, { name: 'Сеть и VPN', category: 'Инфраструктура' });
  const agreement = opts.agreement
    ? await createAgreement(ctx, {
        organizationId: org.id,
        number: opts.number ?? '2026-014',
        title: 'Сопровождение 1С и сети',
        calendarId: calendar.id,
        start: dayFromToday(-30),
        end: dayFromToday(40),
        tier: '24x7',
        serviceIds: [support.id],
        managerId: manager.kind === 'agent' ? manager.id : null,
        recipientContactIds: [contact.id],
      })
    : null;
  return { org, other, contact, calendar, support, network, agreement };
}
