/**
 * Which discount applies on a date: one valid that day ([validFrom, validTo], inclusive, open-ended when
 * validTo is null); the agreement's own wins over the organization's; among several of one scope the
 * latest validFrom wins (a newer arrangement replaces an older one), then the newest row.
 */
export interface DiscountTerm {
  id: number;
  agreementId: number | null;
  organizationId: number | null;
  percentBp: number;
  validFrom: string;
  validTo: string | null;
}

export const discountValidOn = (d: DiscountTerm, date: string) =>
  d.validFrom <= date && (d.validTo === null || date <= d.validTo);

export function chooseDiscount<T extends DiscountTerm>(
  discounts: readonly T[],
  work: { agreementId: number | null; organizationId: number; workDate: string },
): T | null {
  const latest = (list: T[]) =>
    list.reduce<T | null>(
      (best, d) =>
        best === null || d.validFrom > best.validFrom || (d.validFrom === best.validFrom && d.id > best.id) ? d : best,
      null,
    );
  const valid = discounts.filter((d) => discountValidOn(d, work.workDate));
  const own = work.agreementId === null ? null : latest(valid.filter((d) => d.agreementId === work.agreementId));
  return own ?? latest(valid.filter((d) => d.agreementId === null && d.organizationId === work.organizationId));
}
