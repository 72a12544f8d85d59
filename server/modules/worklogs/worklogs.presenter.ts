import { Type } from '@sinclair/typebox';
import type { Actor } from '../../context.js';
import { OrNull } from '../../http/types.js';
import { can } from '../auth/index.js';
import type { TimeSettings } from './time-settings.js';
import { lockReason, mayChange } from './worklogs.service.js';
import type { WorklogRow } from './worklogs.repository.js';

export const WorklogSchema = Type.Object({
  id: Type.Integer(),
  ticketId: Type.Integer(),
  ticketNumber: Type.Integer(),
  ticketSubject: Type.String(),
  agentId: Type.Integer(),
  agentName: Type.String(),
  organizationId: Type.Integer(),
  agreementId: OrNull.Integer(),
  serviceId: OrNull.Integer(),
  startedAt: OrNull.String(),
  endedAt: OrNull.String(),
  workDate: Type.String(),
  minutes: Type.Integer(),
  billedMinutes: Type.Integer(),
  activityId: OrNull.Integer(),
  activityName: OrNull.String(),
  comment: OrNull.String(),
  billable: Type.Boolean(),
  clientVisible: Type.Boolean(),
  packageMinutes: Type.Integer(),
  overageMinutes: Type.Integer(),
  rateKopecks: OrNull.Integer(),
  rateSource: OrNull.String(),
  multiplierPercent: Type.Integer(),
  discountBp: Type.Integer(),
  amountKopecks: Type.Integer(),
  costKopecks: Type.Optional(Type.Integer()),
  exported: Type.Boolean(),
  locked: Type.Boolean(),
  lockReason: OrNull.String(),
  editable: Type.Boolean(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

export const TotalsSchema = Type.Object({
  minutes: Type.Integer(),
  billedMinutes: Type.Integer(),
  amountKopecks: Type.Integer(),
  count: Type.Integer(),
});

export interface Viewer {
  actor: Actor;
  settings: TimeSettings;
}

export const activityName = (w: { activity_ru: string | null; activity_en: string | null }, actor: Actor) =>
  actor.kind !== 'system' && actor.language.startsWith('en') ? w.activity_en : w.activity_ru;

/** A worklog as the viewer may see it: the internal cost only for those who may read costs. */
export function presentWorklog(w: WorklogRow, viewer: Viewer) {
  const locked = lockReason(w, viewer.settings);
  return {
    id: w.id,
    ticketId: w.ticket_id,
    ticketNumber: w.ticket_number,
    ticketSubject: w.ticket_subject,
    agentId: w.agent_id,
    agentName: w.agent_name,
    organizationId: w.organization_id,
    agreementId: w.agreement_id,
    serviceId: w.service_id,
    startedAt: w.started_at,
    endedAt: w.ended_at,
    workDate: w.work_date,
    minutes: w.minutes,
    billedMinutes: w.billed_minutes,
    activityId: w.activity_id,
    activityName: activityName(w, viewer.actor),
    comment: w.comment,
    billable: w.billable === 1,
    clientVisible: w.client_visible === 1,
    packageMinutes: w.package_minutes,
    overageMinutes: w.overage_minutes,
    rateKopecks: w.rate_kopecks,
    rateSource: w.rate_source,
    multiplierPercent: w.multiplier_percent,
    discountBp: w.discount_bp,
    amountKopecks: w.amount_kopecks,
    ...(can(viewer.actor, 'cost.read') && { costKopecks: w.cost_kopecks }),
    exported: w.exported_at !== null || w.act_id !== null,
    locked: locked !== null,
    lockReason: locked,
    editable: locked === null && mayChange(viewer.actor, w),
    createdAt: w.created_at,
    updatedAt: w.updated_at,
  };
}
