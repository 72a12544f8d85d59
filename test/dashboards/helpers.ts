import type { Test } from 'tap';
import type { Actor } from '../../server/context.js';
import { fixedClock } from '../../server/shared/clock.js';
import { createAgent } from '../../server/modules/agents/agents.service.js';
import { createOrganization } from '../../server/modules/organizations/organizations.service.js';
import type { Installation } from '../../server/installation.js';
import { testInstallation } from '../helpers/installation.js';

export const NOW = '2026-03-10T09:00:00Z'; // 12:00 in Moscow, a Tuesday

export interface TicketRow {
  status?: string;
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
export function insertTicket(inst: Installation, row: TicketRow): number {
  return Number(
    inst.database.sqlite
      .prepare(
        `insert into tickets (number, subject, description, type, priority, status, organization_id, assignee_id, team_id, channel, tags,
           created_at, updated_at, resolved_at, first_response_at, reaction_due, resolution_due, reaction_breached_at, resolution_breached_at, sla_order)
         values (?, 'T', '', 'incident', 'P2', ?, ?, ?, ?, 'email', '[]', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        ++number + 1000,
        row.status ?? 'open',
        row.organizationId,
        row.assigneeId ?? null,
        row.teamId ?? null,
        row.createdAt,
        row.createdAt,
        row.resolvedAt ?? null,
        row.firstResponseAt ?? null,
        row.reactionDue ?? null,
        row.resolutionDue ?? null,
        row.reactionBreachedAt ?? null,
        row.resolutionBreachedAt ?? null,
        row.slaOrder ?? FAR,
      ).lastInsertRowid,
  );
}

export function insertTeam(inst: Installation, name: string): number {
  return Number(
    inst.database.sqlite
      .prepare(`insert into teams (name, created_at, updated_at) values (?, ?, ?)`)
      .run(name, NOW, NOW).lastInsertRowid,
  );
}

/** A desk on a real SQLite file at a fixed instant: a manager, an engineer, two clients. */
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
