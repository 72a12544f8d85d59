import type { TxCtx } from '../../context.js';
import type { AgreementKind, AgreementTier } from '../../db/schema.js';
import { normalizeNoticeDays } from './agreement-notices.js';
import { todayIn } from './agreement-period.js';
import { refusePastEnd } from './agreement-input.js';
import * as refs from './agreement-references.js';
import { actorKey, automaticActor, settleByDate } from './agreement-transition.js';
import * as repo from './agreements.repository.js';
import type { SlaTarget } from './tier-presets.js';
import type { WarrantyTerms } from './agreement-input.js';

/** Everything a new agreement is made of, already checked for shape; references are checked on insert. */
export interface NewAgreement {
  organizationId: number;
  number: string;
  title: string;
  kind: AgreementKind;
  tier: AgreementTier;
  calendarId: number;
  start: string;
  end: string;
  status: 'draft' | 'planned';
  managerId: number | null;
  recipientContactIds: number[];
  noticeDays: number[];
  warningPercent: number;
  hoursPackage: number | null;
  hourRate: number | null;
  notes: string | null;
  renewedFromId: number | null;
  /** A warranty agreement's product and period (see warrantyTerms); absent for the rest. */
  warranty?: WarrantyTerms | null;
  serviceIds: number[];
  targets: SlaTarget[];
}

/**
 * Writes a new agreement with its services and targets inside the caller's transaction, records its creation
 * and, when it is planned and its period has begun in its calendar's zone, activates it at once. Shared by
 * creation, renewal and copies, so all of them follow the same rules.
 */
export async function insertAgreement(
  tx: TxCtx,
  a: NewAgreement,
  creation: { reason: string | null; endPath?: string },
): Promise<number> {
  const organization = await refs.requireOrganization(tx.db, a.organizationId);
  const calendar = await refs.requireCalendar(tx.db, a.calendarId);
  await refs.requireManager(tx.db, a.managerId);
  const recipients = await refs.requireRecipients(tx.db, organization, a.recipientContactIds);
  const serviceIds = await refs.requireServices(tx.db, a.serviceIds);
  if (a.warranty?.productServiceId) await refs.requireServices(tx.db, [a.warranty.productServiceId]);
  await refs.requireFreeNumber(tx.db, a.number);
  const today = todayIn(calendar.timezone, tx.clock.now());
  refusePastEnd(a.number, a.end, today, calendar.timezone, creation.endPath);
  const at = tx.clock.now().toISOString();
  const id = await repo.insertAgreement(tx.db, {
    organization_id: a.organizationId,
    number: a.number,
    title: a.title,
    kind: a.kind,
    tier: a.tier,
    calendar_id: a.calendarId,
    start_date: a.start,
    end_date: a.end,
    status: a.status,
    manager_id: a.managerId,
    recipient_contact_ids: JSON.stringify(recipients),
    notice_days: JSON.stringify(normalizeNoticeDays(a.noticeDays)),
    warning_percent: a.warningPercent,
    hours_package: a.hoursPackage,
    hour_rate: a.hourRate,
    notes: a.notes,
    renewed_from_id: a.renewedFromId,
    ...(a.warranty && {
      product_service_id: a.warranty.productServiceId,
      product_version: a.warranty.productVersion,
      warranty_start: a.warranty.warrantyStart,
      warranty_months: a.warranty.warrantyMonths,
    }),
    created_at: at,
    updated_at: at,
  });
  await repo.replaceServices(tx.db, id, serviceIds);
  await repo.replaceTargets(tx.db, id, a.targets);
  await repo.insertHistory(tx.db, {
    agreement_id: id,
    at,
    actor: actorKey(tx.actor),
    action: 'created',
    from_status: null,
    to_status: a.status,
    reason: creation.reason,
  });
  if (a.status === 'planned')
    await settleByDate(tx, (await repo.findAgreement(tx.db, id))!, today, automaticActor(tx.actor));
  return id;
}
