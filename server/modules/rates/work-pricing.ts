import type { Ctx } from '../../context.js';
import {
  calendarRecord,
  compileCalendar,
  compiledCalendar,
  dayKind,
  parseCalendarDocument,
  productionYears,
  type CompiledCalendar,
} from '../calendars/index.js';
import { chooseDiscount } from './discount-choice.js';
import { averagePercent, costAmount, saleAmount, type WeightedPercent } from './money.js';
import { cardApplies, rateSource, resolveRate, type RateKey } from './rate-resolution.js';
import { costRateFrom, pricingBook } from './pricing-book.js';
import * as repo from './rates.repository.js';
import { NO_MULTIPLIERS, percentFor, workSegments, type MultiplierTerms } from './work-segments.js';

export interface WorkToPrice {
  organizationId: number;
  agreementId: number | null;
  serviceId: number | null;
  agentId: number;
  /** When known, the interval decides night/weekend/holiday minutes; else the work date alone decides weekend/holiday. */
  startedAt: string | null; // ISO instant
  endedAt: string | null;
  workDate: string; // YYYY-MM-DD
  /** Minutes actually worked (cost is computed on these). */
  minutes: number;
  /** Minutes to charge after rounding (sale amount is computed on these). */
  billedMinutes: number;
  /** A fixed hourly sale rate instead of the rate cards (an hour package's overage rate). */
  rateKopecks?: number;
}

export interface PricedWork {
  rateKopecks: number | null;
  rateSource: string | null;
  multiplierPercent: number;
  discountBp: number;
  amountKopecks: number;
  costKopecks: number;
}

export interface AppliedRate {
  /** The winning card, null when the agreement's own hourly rate (set in its form) applies or none does. */
  cardId: number | null;
  rateKopecks: number;
  source: string;
}

/**
 * The sale rate for an agreement × service × agent: the most specific card; the agreement's legacy hourly
 * rate (rubles, from its form) counts as the agreement's own card while it has none.
 */
export async function appliedRate(
  ctx: Ctx,
  key: RateKey,
  /** The work's agreement when the caller has read it already (saves a query per worklog). */
  known?: repo.AgreementTerms,
): Promise<AppliedRate | null> {
  const cards = (await pricingBook(ctx)).cards.filter((c) => cardApplies(c, key));
  if (key.agreementId !== null) {
    const agreement = known?.id === key.agreementId ? known : await repo.findAgreementTerms(ctx.db, key.agreementId);
    const hasOwnCard = cards.some((c) => c.agreementId !== null && c.serviceId === null && c.agentId === null);
    if (agreement && agreement.hour_rate !== null && !hasOwnCard)
      cards.push({
        id: 0,
        agreementId: agreement.id,
        serviceId: null,
        agentId: null,
        rateKopecks: Math.round(agreement.hour_rate * 100),
      });
  }
  const winner = resolveRate(cards, key);
  if (!winner) return null;
  return { cardId: winner.id === 0 ? null : winner.id, rateKopecks: winner.rateKopecks, source: rateSource(winner) };
}

/** The agreement's surcharges, else the desk's, else none. */
export async function effectiveMultipliers(
  ctx: Ctx,
  agreementId: number | null,
): Promise<{ terms: MultiplierTerms; own: boolean; row: repo.MultiplierRow | null }> {
  const book = await pricingBook(ctx);
  const own = agreementId === null ? undefined : book.multipliers.get(agreementId);
  const row = own ?? book.multipliers.get(0) ?? null;
  if (!row) return { terms: NO_MULTIPLIERS, own: false, row: null };
  return {
    own: own !== undefined,
    row,
    terms: {
      nightPercent: row.night_percent,
      weekendPercent: row.weekend_percent,
      holidayPercent: row.holiday_percent,
      nightStart: row.night_start,
      nightEnd: row.night_end,
    },
  };
}

/** Without an agreement there is no calendar to ask: Moscow, Monday to Friday, the Russian public holidays. */
const fallbackDocument = parseCalendarDocument({
  timezone: 'Europe/Moscow',
  week: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [['09:00', '18:00']]])),
  production: 'RU',
});

async function workCalendar(ctx: Ctx, calendarId: number | null): Promise<CompiledCalendar> {
  const row = calendarId === null ? undefined : await calendarRecord(ctx.db, calendarId);
  if (row) return compiledCalendar(ctx, row);
  return compileCalendar(fallbackDocument, await productionYears(ctx));
}

const allPlain = (t: MultiplierTerms) => t.nightPercent === 100 && t.weekendPercent === 100 && t.holidayPercent === 100;

async function multiplierSegments(
  ctx: Ctx,
  work: WorkToPrice,
  terms: MultiplierTerms,
  calendarId: number | null,
): Promise<WeightedPercent[]> {
  if (allPlain(terms)) return [{ weight: 1, percent: 100 }];
  const calendar = await workCalendar(ctx, calendarId);
  const classify = (date: string) => dayKind(calendar, date);
  const start = work.startedAt === null ? NaN : Date.parse(work.startedAt);
  const end = work.endedAt === null ? NaN : Date.parse(work.endedAt);
  if (Number.isFinite(start) && Number.isFinite(end) && end > start)
    return workSegments(terms, calendar.zone, classify, start, end);
  return [{ weight: 1, percent: percentFor(terms, classify(work.workDate), false) }];
}

/**
 * Prices one piece of work: the sale rate, the surcharges of its minutes, the discount of its date and the
 * agent's internal cost. No permission is checked: worklogs call it for whoever logs the work; only the
 * callers decide who sees the cost. Reads through `ctx.db`, so it joins the caller's transaction.
 */
export async function priceWork(ctx: Ctx, work: WorkToPrice): Promise<PricedWork> {
  const agreement = work.agreementId === null ? undefined : await repo.findAgreementTerms(ctx.db, work.agreementId);
  const rate =
    work.rateKopecks !== undefined
      ? { rateKopecks: work.rateKopecks, source: 'override' }
      : await appliedRate(
          ctx,
          { agreementId: work.agreementId, serviceId: work.serviceId, agentId: work.agentId },
          agreement,
        );
  const { terms } = await effectiveMultipliers(ctx, work.agreementId);
  const segments = await multiplierSegments(ctx, work, terms, agreement?.calendar_id ?? null);
  const book = await pricingBook(ctx);
  const discount = chooseDiscount(book.discounts, work);
  const discountBp = discount?.percentBp ?? 0;
  const cost = costRateFrom(book, work.agentId, work.workDate);
  return {
    rateKopecks: rate?.rateKopecks ?? null,
    rateSource: rate?.source ?? null,
    multiplierPercent: averagePercent(segments),
    discountBp,
    amountKopecks: rate
      ? saleAmount({ rateKopecks: rate.rateKopecks, billedMinutes: work.billedMinutes, segments, discountBp })
      : 0,
    costKopecks: cost ? costAmount(cost.rateKopecks, work.minutes) : 0,
  };
}
