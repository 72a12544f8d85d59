import { Type, type Static } from '@sinclair/typebox';
import { OrNull } from '../../http/types.js';
import { ServiceSchema } from '../services/index.js';
import type { AgreementRow, HistoryRow } from './agreements.repository.js';
import type { SlaTarget } from './tier-presets.js';

export const TargetSchema = Type.Object({
  priority: Type.String(),
  type: OrNull.String(),
  reactionMinutes: Type.Integer(),
  resolutionMinutes: OrNull.Integer(),
});

export const HistorySchema = Type.Object({
  id: Type.Integer(),
  at: Type.String(),
  actor: Type.String({ description: 'agent:ID, contact:ID or the name of a system actor' }),
  actorName: Type.String(),
  action: Type.String(),
  from: OrNull.String(),
  to: OrNull.String(),
  reason: OrNull.String(),
});

const summaryFields = {
  id: Type.Integer(),
  organizationId: Type.Integer(),
  organizationName: Type.String(),
  number: Type.String(),
  title: Type.String(),
  kind: Type.String(),
  tier: Type.String(),
  status: Type.String(),
  calendarId: Type.Integer(),
  start: Type.String(),
  end: Type.String(),
  daysToExpiry: Type.Unsafe<number | null>({
    type: ['integer', 'null'],
    description: 'days from today (in the calendar zone) to the last covered day; null once terminated',
  }),
  managerId: OrNull.Integer(),
  recipientContactIds: Type.Array(Type.Integer()),
  noticeDays: Type.Array(Type.Integer()),
  warningPercent: Type.Integer(),
  hoursPackage: OrNull.Number(),
  hourRate: OrNull.Number(),
  notes: OrNull.String(),
  renewedFromId: OrNull.Integer(),
  productServiceId: OrNull.Integer(),
  productVersion: OrNull.String(),
  warrantyStart: OrNull.String(),
  warrantyMonths: OrNull.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
};

export const AgreementSummarySchema = Type.Object(summaryFields);

export const AgreementSchema = Type.Object({
  ...summaryFields,
  calendarName: Type.String(),
  manager: Type.Union([Type.Object({ id: Type.Integer(), name: Type.String(), email: Type.String() }), Type.Null()]),
  recipients: Type.Array(
    Type.Object({ id: Type.Integer(), name: Type.String(), email: OrNull.String(), language: Type.String() }),
  ),
  services: Type.Array(ServiceSchema),
  targets: Type.Array(TargetSchema),
  renewals: Type.Array(Type.Object({ id: Type.Integer(), number: Type.String(), status: Type.String() })),
  history: Type.Array(HistorySchema),
  warnings: Type.Array(Type.String()),
});

export type AgreementSummary = Static<typeof AgreementSummarySchema>;
export type AgreementView = Static<typeof AgreementSchema>;

export const parseIds = (json: string): number[] => {
  try {
    const v = JSON.parse(json);
    return Array.isArray(v) ? v.filter((x): x is number => Number.isInteger(x)) : [];
  } catch {
    return [];
  }
};

export function presentSummary(a: AgreementRow, daysToExpiry: number | null): AgreementSummary {
  return {
    id: a.id,
    organizationId: a.organization_id,
    organizationName: a.organization_name,
    number: a.number,
    title: a.title,
    kind: a.kind,
    tier: a.tier,
    status: a.status,
    calendarId: a.calendar_id,
    start: a.start_date,
    end: a.end_date,
    daysToExpiry,
    managerId: a.manager_id,
    recipientContactIds: parseIds(a.recipient_contact_ids),
    noticeDays: parseIds(a.notice_days),
    warningPercent: a.warning_percent,
    hoursPackage: a.hours_package,
    hourRate: a.hour_rate,
    notes: a.notes,
    renewedFromId: a.renewed_from_id,
    productServiceId: a.product_service_id,
    productVersion: a.product_version,
    warrantyStart: a.warranty_start,
    warrantyMonths: a.warranty_months,
    createdAt: a.created_at,
    updatedAt: a.updated_at,
  };
}

export const presentTarget = (t: SlaTarget): Static<typeof TargetSchema> => ({ ...t });

/** `names` resolves agent ids of the history's actors; system actors show as themselves. */
export function presentHistory(h: HistoryRow, names: ReadonlyMap<string, string>): Static<typeof HistorySchema> {
  return {
    id: h.id,
    at: h.at,
    actor: h.actor,
    actorName: names.get(h.actor) ?? (h.actor === 'system' ? 'System' : h.actor),
    action: h.action,
    from: h.from_status,
    to: h.to_status,
    reason: h.reason,
  };
}
