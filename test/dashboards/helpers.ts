import type { Test } from 'tap';
import type { Actor } from '../../server/context.js';
import { fixedClock } from '../../server/shared/clock.js';
import { createAgent } from '../../server/modules/agents/agents.service.js';
import { createOrganization } from '../../server/modules/organizations/organizations.service.js';
import type { Installation } from '../../server/installation.js';
import type { TicketStatus } from '../../server/db/schema.js';
import { testInstallation } from '../helpers/installation.js';

export const NOW = '2026-03-10T09:00:00Z'; // 12:00 in Moscow, a Tuesday

export interface TicketRow {
  status?: TicketStatus;
  teamId?: number | null;
  organizationId: number;
  assigneeId?: number | null;
  createdAt: string;
  resolvedAt?: string | null;
  firstResponseAt?: string | null;
  reactionDue?: number | null;
  resolutionDue?: number | null;
  reactionBreachedAt?: string | null;
  resolutionBreachedAt?: string | null;
  slaOrder?: number;
}

const FAR = 253_402_214_400_000;
let number = 0;

/** Tickets written as rows, the way the SLA module leaves them: the dashboards read only columns. */
export async function insertTicket(inst: Installation, row: TicketRow): Promise<number> {
  const inserted = await inst.database.db
    .insertInto('tickets')
    .values({
      number: ++number + 1000,
      subject: 'T',
      description: '',
      type: 'incident',
      priority: 'P2',
      status: row.status ?? 'open',
      organization_id: row.organizationId,
      assignee_id: row.assigneeId ?? null,
      team_id: row.teamId ?? null,
      channel: 'email',
      tags: '[]',
      created_at: row.createdAt,
      updated_at: row.createdAt,
      resolved_at: row.resolvedAt ?? null,
      first_response_at: row.firstResponseAt ?? null,
      reaction_due: row.reactionDue ?? null,
      resolution_due: row.resolutionDue ?? null,
      reaction_breached_at: row.reactionBreachedAt ?? null,
      resolution_breached_at: row.resolutionBreachedAt ?? null,
      sla_order: row.slaOrder ?? FAR,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(inserted.id);
}

export async function insertTeam(inst: Installation, name: string): Promise<number> {
  const inserted = await inst.database.db
    .insertInto('teams')
    .values({ name, created_at: NOW, updated_at: NOW } as never)
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(inserted.id);
}

/** A desk on a real database at a fixed instant: a manager, an engineer, two clients. */
export async function dashboardDesk(t: Test, at = NOW) {
  const clock = fixedClock(at);
  const inst = await testInstallation(t, { clock });
  const system = inst.ctx();
  const managerRow = await createAgent(system, { email: 'm@desk.example', name: 'Мария', role: 'manager' });
  const engineerRow = await createAgent(system, { email: 'e@desk.example', name: 'Eng', role: 'engineer' });
  const manager: Actor = { kind: 'agent', id: managerRow.id, role: 'manager', name: 'Мария', language: 'ru' };
  const engineer: Actor = { kind: 'agent', id: engineerRow.id, role: 'engineer', name: 'Eng', language: 'en' };
  const romashka = await createOrganization(system, { name: 'ООО Ромашка' });
  const volga = await createOrganization(system, { name: 'Hotel Volga' });
  return {
    inst,
    clock,
    manager,
    engineer,
    romashka,
    volga,
    as: (actor: Actor) => ({ ...inst.ctx(), actor }),
  };
}
