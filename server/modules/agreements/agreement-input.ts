import type { AgreementKind, AgreementTier } from '../../db/schema.js';
import { badRequest } from '../../shared/errors.js';
import { parseAgreementDate } from './agreement-period.js';
import { presetTargets, targetProblems, type SlaTarget } from './tier-presets.js';

/** Checks of what a person typed into an agreement, each refusal a 400 that names the field. */

export type TargetInput = Omit<SlaTarget, 'type'> & { type?: SlaTarget['type'] };

export const DEFAULT_NOTICE_DAYS = [30, 14, 7, 1];
const field = (path: string, message: string, detail: string) => badRequest(detail, { errors: [{ path, message }] });

export function parseDate(text: string, path: string): string {
  const date = parseAgreementDate(text);
  if (!date)
    throw field(
      path,
      'is not a real date (YYYY-MM-DD)',
      `${path.replace(/^body\./, '')} "${text}" is not a real date (YYYY-MM-DD)`,
    );
  return date;
}

export function checkPeriod(start: string, end: string): void {
  if (end < start)
    throw field('body.end', 'is before the start', `The agreement would end (${end}) before it starts (${start})`);
}

/** Agreements are entered ahead of time or while they run; one that would be over already is a typing mistake. */
export function refusePastEnd(number: string, end: string, today: string, zone: string, path = 'body.end'): void {
  if (end < today)
    throw field(
      path,
      'has already passed',
      `Agreement ${number} would end on ${end}, before today (${today} in ${zone}); choose a later end date`,
    );
}

/** The SLA matrix to store: the given rows, else the tier's presets; a custom tier must bring its own. */
export function resolveTargets(
  tier: AgreementTier,
  given: TargetInput[] | undefined,
  path = 'body.targets',
): SlaTarget[] {
  const targets = given?.length
    ? given.map((t) => ({
        priority: t.priority,
        type: t.type ?? null,
        reactionMinutes: t.reactionMinutes,
        resolutionMinutes: t.resolutionMinutes,
      }))
    : presetTargets(tier);
  if (!targets)
    throw field(
      path,
      'is required for the custom tier',
      'A custom tier has no preset targets: give reaction and resolution minutes per priority',
    );
  const problems = targetProblems(targets, path);
  if (problems.length)
    throw badRequest(`The SLA targets are inconsistent: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`, {
      errors: problems,
    });
  return targets;
}

export function checkHours(kind: AgreementKind, hoursPackage: number | null): void {
  if (kind === 'prepaid_hours' && !(hoursPackage && hoursPackage > 0)) {
    throw field(
      'body.hoursPackage',
      'is required for prepaid hours',
      'A prepaid-hours agreement needs its hour package (hoursPackage > 0)',
    );
  }
}

export interface WarrantyTerms {
  productServiceId: number | null;
  productVersion: string | null;
  warrantyStart: string | null;
  warrantyMonths: number | null;
}

/**
 * A warranty agreement for a product needs its delivery date and length: without them no ticket could ever
 * fall under it. Only warranty agreements carry a product (a paid one covers services through its list).
 */
export function checkWarranty(kind: AgreementKind, w: WarrantyTerms): WarrantyTerms {
  const start = w.warrantyStart === null ? null : parseDate(w.warrantyStart, 'body.warrantyStart');
  const version = w.productVersion?.trim() ? w.productVersion.trim() : null;
  if (kind !== 'warranty') {
    if (w.productServiceId !== null || start !== null || w.warrantyMonths !== null)
      throw field(
        'body.kind',
        'is not warranty',
        'Only a warranty agreement has a product, a delivery date and warranty months; choose the kind "warranty" or leave them empty',
      );
    return { productServiceId: null, productVersion: null, warrantyStart: null, warrantyMonths: null };
  }
  if (w.productServiceId !== null && (start === null || w.warrantyMonths === null))
    throw field(
      start === null ? 'body.warrantyStart' : 'body.warrantyMonths',
      'is required for a product warranty',
      'A warranty for a product needs its delivery date (warrantyStart) and its length in months (warrantyMonths)',
    );
  return {
    productServiceId: w.productServiceId,
    productVersion: version,
    warrantyStart: start,
    warrantyMonths: w.warrantyMonths,
  };
}

export const trimmedOrNull = (text: string | null | undefined) => (text?.trim() ? text.trim() : null);
