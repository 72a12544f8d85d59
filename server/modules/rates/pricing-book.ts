import type { Ctx } from '../../context.js';
import { briefCache } from '../../shared/brief-cache.js';
import type { DiscountTerm } from './discount-choice.js';
import type { RateCardScope } from './rate-resolution.js';
import * as repo from './rates.repository.js';

/**
 * Everything that prices work except the agreement itself — rate cards, surcharges, discounts and cost rates —
 * read at once and kept briefly. These tables hold a desk's price list (tens to a few thousand rows) and change
 * when a manager edits it, while every logged piece of work reads them: one read a second instead of five
 * queries per worklog. Every write of the rates module forgets it (`forgetPricingBook`).
 */
export interface PricingBook {
  cards: RateCardScope[];
  /** By agreement id; the desk's row under 0. */
  multipliers: Map<number, repo.MultiplierRow>;
  discounts: DiscountTerm[];
  /** By agent, latest validFrom first. */
  costRates: Map<number, Array<{ validFrom: string; rateKopecks: number }>>;
}

const cache = briefCache('pricing-book');

async function loadBook(ctx: Ctx): Promise<PricingBook> {
  const all = await repo.wholePriceList(ctx.db);
  const costRates = new Map<number, Array<{ validFrom: string; rateKopecks: number }>>();
  for (const r of all.costRates) {
    const list = costRates.get(r.agent_id) ?? [];
    list.push({ validFrom: r.valid_from, rateKopecks: r.rate_kopecks });
    costRates.set(r.agent_id, list);
  }
  for (const list of costRates.values()) list.sort((a, b) => (a.validFrom < b.validFrom ? 1 : -1));
  return {
    cards: all.cards.map((c) => ({
      id: c.id,
      agreementId: c.agreement_id,
      serviceId: c.service_id,
      agentId: c.agent_id,
      rateKopecks: c.rate_kopecks,
    })),
    multipliers: new Map(all.multipliers.map((m) => [m.agreement_id ?? 0, m])),
    discounts: all.discounts.map((d) => ({
      id: d.id,
      agreementId: d.agreement_id,
      organizationId: d.organization_id,
      percentBp: d.percent_bp,
      validFrom: d.valid_from,
      validTo: d.valid_to,
    })),
    costRates,
  };
}

export const pricingBook = (ctx: Ctx) => cache.get(ctx, 'book', () => loadBook(ctx));

export const forgetPricingBook = (ctx: Ctx) => cache.forget(ctx);

/** The cost rate valid on a date: the latest that started on or before it. */
export const costRateFrom = (book: PricingBook, agentId: number, date: string) =>
  book.costRates.get(agentId)?.find((r) => r.validFrom <= date) ?? null;
