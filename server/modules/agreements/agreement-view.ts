import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { notFound } from '../../shared/errors.js';
import { presentService } from '../services/index.js';
import { daysToEnd, todayIn } from './agreement-period.js';
import { calendarFacts } from './agreement-references.js';
import { parseIds, presentHistory, presentSummary, presentTarget, type AgreementView } from './agreements.presenter.js';
import * as repo from './agreements.repository.js';
import { calendarRecord } from '../calendars/index.js';
import { tierCalendarWarning } from './tier-presets.js';

/** Days to the last covered day in the agreement's calendar zone; none for a terminated agreement, which ends by hand. */
export function daysToExpiry(
  agreement: { status: string; end_date: string },
  zone: string | undefined,
  now: Date,
): number | null {
  if (agreement.status === 'terminated' || !zone) return null;
  return daysToEnd(agreement.end_date, todayIn(zone, now));
}

/** Names of the agents that appear as `agent:ID` in a history. */
async function actorNames(db: Kysely<Database>, actors: string[]): Promise<Map<string, string>> {
  const ids = [
    ...new Set(
      actors
        .map((a) => /^agent:(\d+)$/.exec(a)?.[1])
        .filter((x): x is string => x !== undefined)
        .map(Number),
    ),
  ];
  return new Map((await repo.findAgentsByIds(db, ids)).map((a) => [`agent:${a.id}`, a.name]));
}

export async function loadHistory(db: Kysely<Database>, agreementId: number) {
  const rows = await repo.listHistory(db, agreementId);
  const names = await actorNames(
    db,
    rows.map((r) => r.actor),
  );
  return rows.map((r) => presentHistory(r, names));
}

/** An agreement with everything its page shows: services, SLA matrix, people, renewals, history, warnings. */
export async function loadAgreementView(db: Kysely<Database>, id: number, now: Date): Promise<AgreementView> {
  const agreement = await repo.findAgreement(db, id);
  if (!agreement) throw notFound(`Agreement ${id}`);
  const calendarRow = await calendarRecord(db, agreement.calendar_id);
  const calendar = calendarRow ? calendarFacts(calendarRow) : null;
  const [managers, contacts, services, targets, renewals, history] = await Promise.all([
    repo.findAgentsByIds(db, agreement.manager_id === null ? [] : [agreement.manager_id]),
    repo.findContacts(db, parseIds(agreement.recipient_contact_ids)),
    repo.listServicesOf(db, id),
    repo.listTargets(db, id),
    repo.listRenewalsOf(db, id),
    loadHistory(db, id),
  ]);
  const recipients = parseIds(agreement.recipient_contact_ids)
    .map((cid) => contacts.find((c) => c.id === cid))
    .filter((c) => c !== undefined)
    .map((c) => ({ id: c.id, name: c.name, email: c.email, language: c.language }));
  const warnings: string[] = [];
  const tierWarning = calendar && tierCalendarWarning(agreement.tier, calendar);
  if (tierWarning) warnings.push(tierWarning);
  for (const r of recipients)
    if (!r.email) warnings.push(`${r.name} has no e-mail address and will not receive notices`);
  if (targets.length === 0) warnings.push('The agreement has no SLA targets: its tickets get no deadlines');
  const manager = managers[0];
  return {
    ...presentSummary(agreement, daysToExpiry(agreement, calendar?.timezone, now)),
    calendarName: calendar?.name ?? '',
    manager: manager ? { id: manager.id, name: manager.name, email: manager.email } : null,
    recipients,
    services: services.map(presentService),
    targets: targets.map(presentTarget),
    renewals: renewals.map((r) => ({ id: r.id, number: r.number, status: r.status })),
    history,
    warnings,
  };
}
