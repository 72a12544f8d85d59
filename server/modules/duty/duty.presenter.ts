import type { Static } from '@sinclair/typebox';
import type { Restriction } from './on-call.js';
import type { LayerRow, LeaveRow, OverrideRow, SwapRow } from './duty.repository.js';
import type { ScheduleDetail } from './duty.service.js';
import type { LeaveSchema, OverrideSchema, ScheduleSchema, SwapSchema } from './duty.schemas.js';

/** A stored layer as the API shows it and as the on-call engine compiles it: the same fields, one reading. */
export function layerOfRow(l: LayerRow) {
  return {
    id: l.id,
    position: l.position,
    members: JSON.parse(l.members) as number[],
    shiftMinutes: l.shift_minutes,
    handoff: l.handoff,
    startsOn: l.starts_on,
    restrictions: JSON.parse(l.restrictions) as Restriction[],
    skipHolidays: l.skip_holidays === 1,
  };
}

export function presentOverride(o: OverrideRow): Static<typeof OverrideSchema> {
  return {
    id: o.id,
    agentId: o.agent_id,
    replaces: o.replaces_agent_id,
    from: o.from_at,
    to: o.to_at,
    createdBy: o.created_by,
    reason: o.reason,
  };
}

export function presentSwap(s: SwapRow): Static<typeof SwapSchema> {
  return {
    id: s.id,
    requesterId: s.requester_id,
    withAgentId: s.with_agent_id,
    from: s.from_at,
    to: s.to_at,
    status: s.status,
    decidedBy: s.decided_by,
    createdAt: s.created_at,
  };
}

export function presentLeave(l: LeaveRow): Static<typeof LeaveSchema> {
  return { id: l.id, agentId: l.agent_id, fromDate: l.from_date, toDate: l.to_date, note: l.note };
}

export function presentSchedule(d: ScheduleDetail): Static<typeof ScheduleSchema> {
  return {
    id: d.schedule.id,
    teamId: d.schedule.team_id,
    teamName: d.teamName,
    name: d.schedule.name,
    timezone: d.schedule.timezone,
    layers: d.layers.map(layerOfRow),
    overrides: d.overrides.map(presentOverride),
    swaps: d.swaps.map(presentSwap),
    warnings: d.warnings.map((w) => ({
      kind: 'leave' as const,
      agentId: w.agentId,
      from: w.from,
      to: w.to,
      leave: { from: w.leave.fromDate, to: w.leave.toDate },
    })),
    gaps: d.gaps,
    createdAt: d.schedule.created_at,
    updatedAt: d.schedule.updated_at,
  };
}
