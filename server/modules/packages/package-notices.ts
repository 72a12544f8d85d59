import type { TxCtx } from '../../context.js';
import { publish } from '../../events/event-bus.js';
import { notifySystemEvent, type Language, type TemplateValues } from '../notifications/index.js';
import { calendarZone } from '../calendars/index.js';
import { dateIn, hasPackage } from './package-ledger.js';
import { periodContaining, reachedThresholds } from './package-period.js';
import * as repo from './packages.repository.js';
import { timeTermsOf } from './time-terms.js';
import { dateTimeFormat } from '../../shared/date-format.js';

const REPORT_LINES = 200;

const hours = (minutes: number, language: Language) =>
  new Intl.NumberFormat(language === 'ru' ? 'ru-RU' : 'en-GB', { maximumFractionDigits: 2 }).format(minutes / 60);

export function duration(minutes: number, language: Language): string {
  const h = Math.floor(Math.abs(minutes) / 60);
  const m = Math.abs(minutes) % 60;
  const sign = minutes < 0 ? '−' : '';
  if (language === 'ru') return `${sign}${h ? `${h} ч ` : ''}${m} мин`.replace(' 0 мин', '');
  return `${sign}${h ? `${h} h ` : ''}${m} min`.replace(' 0 min', '');
}

/** A period's name for people: "декабрь 2026", "Q4 2026", "the whole agreement". */
export function periodName(key: string, language: Language): string {
  if (key === 'once') return language === 'ru' ? 'весь срок договора' : 'the whole agreement';
  const quarter = /^(\d{4})-Q([1-4])$/.exec(key);
  if (quarter) return language === 'ru' ? `${quarter[2]} кв. ${quarter[1]}` : `Q${quarter[2]} ${quarter[1]}`;
  const month = new Date(`${key}-01T00:00:00Z`);
  return dateTimeFormat(language === 'ru' ? 'ru-RU' : 'en-GB', {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(month);
}

/**
 * Tells the agreement's manager and its client recipients when the package's use reaches a threshold (50/80/100
 * % by default). Each run tells the highest threshold reached; the outbox key makes each threshold go out once
 * per period and person, across runs and restarts. Reaching 100 % is "used up" and carries the Sotbit-style
 * list of what the hours went to. Returns how many messages were queued.
 */
export async function notifyPackageUse(tx: TxCtx, agreementId: number, periodKey?: string): Promise<number> {
  const terms = await timeTermsOf(tx, agreementId);
  // The period's kept sums decide first: most work crosses no threshold and needs nothing else read.
  let key = periodKey;
  if (key === undefined) {
    const a = await repo.findPackageAgreement(tx.db, agreementId);
    if (!a || !hasPackage(a)) return 0;
    const today = dateIn(calendarZone(a.calendar_document), tx.clock.now());
    key = periodContaining(terms.packagePeriod, { start: a.start_date, end: a.end_date }, today).key;
  }
  const period = await repo.findPeriod(tx.db, agreementId, key);
  if (!period) return 0;
  const sums = {
    grantedMinutes: period.granted_minutes,
    usedMinutes: period.used_minutes,
    balanceMinutes: period.balance_minutes,
  };
  const threshold = reachedThresholds(terms.thresholds, sums.grantedMinutes, sums.usedMinutes).at(-1);
  if (threshold === undefined || threshold <= period.notified_threshold) return 0;
  const a = await repo.findPackageAgreement(tx.db, agreementId);
  if (!a || !hasPackage(a)) return 0;
  await repo.markNotified(tx.db, a.id, key, threshold);
  const usedUp = threshold >= 100;
  // Webhooks and other after-commit readers see the crossing once, as the notice is sent once.
  await publish(tx, 'package.threshold', {
    agreementId: a.id,
    organizationId: a.organization_id,
    periodKey: key,
    threshold,
    usedUp,
    grantedMinutes: sums.grantedMinutes,
    usedMinutes: sums.usedMinutes,
  });
  const work = usedUp ? await repo.periodWork(tx.db, a.id, period.start_date, period.end_date, REPORT_LINES + 1) : [];
  const report = (language: Language) => {
    if (work.length === 0) return '—';
    const lines = work
      .slice(0, REPORT_LINES)
      .map(
        (w) =>
          `${w.work_date}  #${w.ticket_number} ${w.ticket_subject} — ${w.agent_name} — ${duration(w.billed_minutes, language)}${w.comment ? ` — ${w.comment.replace(/\s+/g, ' ').slice(0, 200)}` : ''}`,
      );
    if (work.length > REPORT_LINES)
      lines.push(
        language === 'ru' ? '… (полный список — в отчёте Ondesk)' : '… (the full list is in Ondesk’s time report)',
      );
    return lines.join('\n');
  };
  return notifySystemEvent(tx, {
    event: usedUp ? 'package.exhausted' : 'package.threshold',
    who: {
      managerId: a.manager_id,
      contactsAllowed: true,
      organizationContacts: async () =>
        (await repo.findContacts(tx.db, JSON.parse(a.recipient_contact_ids) as number[])).filter(
          (c) => c.organization_id === a.organization_id,
        ),
    },
    values: (language): TemplateValues => ({
      'agreement.number': a.number,
      'agreement.title': a.title,
      'organization.name': a.organization_name,
      'package.period': periodName(key, language),
      'package.granted': hours(sums.grantedMinutes, language),
      'package.used': hours(sums.usedMinutes, language),
      'package.balance': hours(sums.balanceMinutes, language),
      'package.percent': String(threshold),
      ...(usedUp && { 'package.report': report(language) }),
    }),
    dedupeKey: (person) => `package:${a.id}:${key}:${threshold}:${person.kind}:${person.id}`,
    payload: { agreementId: a.id, periodKey: key, threshold },
  });
}

/** The `worklog.logged` subscriber: work charged to a period may have crossed one of its thresholds. */
export async function noticeAfterWork(
  tx: TxCtx,
  e: { agreementId: number | null; periodKey: string | null },
): Promise<void> {
  if (e.agreementId !== null && e.periodKey !== null) await notifyPackageUse(tx, e.agreementId, e.periodKey);
}
