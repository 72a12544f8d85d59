import type { Updateable } from 'kysely';
import type { Ctx, TxCtx } from '../../context.js';
import type { AgreementTier, TicketChannel, TicketPriority, TicketTable, TicketType } from '../../db/schema.js';
import { AppError, badRequest } from '../../shared/errors.js';
import { compiledCalendar, utcToLocal } from '../calendars/index.js';
import { chooseWarranty, encodeReason, warrantyEnd, type AgreementReason } from './agreement-choice.js';
import { computeSla, type SlaTerms } from './sla-clock.js';
import { DEFAULT_WARNING_PERCENT, NO_SLA, slaPatch } from './sla-rows.js';
import type { newTicketSlaColumns } from './sla-columns.js';
import * as repo from './sla.repository.js';
import { cachedTerms } from './terms-cache.js';

/** How a ticket's agreement is chosen, in order — shown to admins as is. */
export const agreementRules = [
  {
    en: 'Only active agreements of the ticket’s organization count (a planned, expired or terminated one never does).',
    ru: 'Учитываются только действующие договоры организации заявки (запланированные, истёкшие и расторгнутые — никогда).',
  },
  {
    en: 'When the ticket names a service, only agreements covering that service count.',
    ru: 'Если в заявке указана услуга, учитываются только договоры, включающие эту услугу.',
  },
  {
    en: 'A ticket on a product under a warranty agreement of the client (from its delivery date for its months) falls under the warranty; after the warranty ends, under the paid agreement the other rules pick.',
    ru: 'Заявка по продукту, на который у клиента действует гарантийный договор (от даты поставки на его число месяцев), идёт по гарантии; после окончания гарантии — по платному договору, выбранному остальными правилами.',
  },
  {
    en: 'Of several, the best tier wins: premium, then 24x7, then 8x5, then custom.',
    ru: 'Из нескольких выбирается лучший уровень: premium, затем 24x7, 8x5, custom.',
  },
  {
    en: 'Then the agreement that started latest, then the one created first.',
    ru: 'Затем — начавшийся позже, затем — созданный раньше.',
  },
  {
    en: 'Clients (portal, web form, API on behalf of a contact) may file only under an active agreement; e-mail without one goes to the "no-active-agreement" queue; agents may file without one ("no SLA").',
    ru: 'Клиенты (портал, веб-форма, API от имени контакта) подают заявки только по действующему договору; письма без договора попадают в очередь «no-active-agreement»; сотрудники могут создать заявку без договора («без SLA»).',
  },
];

export interface NewTicketSlaInput {
  organizationId: number;
  serviceId: number | null;
  type: TicketType;
  priority: TicketPriority;
  channel: TicketChannel;
  contactId: number | null;
  createdAt: number;
}

/**
 * Requests filed by the client's side — a contact, the portal or web form, an integration through the API on
 * behalf of a contact — are accepted only under an active agreement. An agent recording a call or a portal
 * request by hand may file without one. A web form's sender no client could be matched to (no contact: filed
 * into the unsorted client, as mail from a stranger is) is nobody's client yet, so nothing to hold them to.
 */
function fromClient(ctx: Ctx, input: NewTicketSlaInput): boolean {
  if (ctx.actor.kind === 'contact') return true;
  if (input.channel === 'api' && input.contactId !== null) return true;
  if (input.channel === 'web_form') return ctx.actor.kind === 'system' && input.contactId !== null;
  return ctx.actor.kind === 'system' && input.channel === 'portal';
}

/** The local calendar date of an instant in a zone (YYYY-MM-DD). */
function localDay(zone: string, at: number): string {
  const d = utcToLocal(zone, at);
  return `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

export const NO_AGREEMENT_TAG = 'no-active-agreement';

export type NewTicketSla = { [K in (typeof newTicketSlaColumns)[number]]?: Updateable<TicketTable>[K] };

/**
 * SLA columns of a ticket being created — its agreement, targets and first deadlines — the tags it gets for
 * them, and its agreement's tier (which says whether a night ticket pages the duty engineer). Refuses (422) a client who files without an active agreement. The ticket's insert writes them.
 */
export async function slaForNewTicket(
  tx: TxCtx,
  input: NewTicketSlaInput,
): Promise<{ columns: NewTicketSla; tags: string[]; tier: AgreementTier | null }> {
  if (input.serviceId !== null) {
    const service = await repo.serviceExists(tx.db, input.serviceId);
    if (!service)
      throw badRequest(`Service ${input.serviceId} does not exist`, {
        errors: [{ path: 'body.serviceId', message: 'does not exist' }],
      });
  }
  const options = await cachedTerms(
    tx,
    `${tx.dataDir}|${input.organizationId}|${input.serviceId}|${input.priority}|${input.type}`,
    async () => {
      const termsOf = async (agreement: {
        id: number;
        tier: AgreementTier;
        calendar_id: number;
        calendar_document: string;
        warning_percent: number | null;
      }) => {
        const target = await repo.findTarget(tx.db, agreement.id, input.priority, input.type);
        const terms: SlaTerms = {
          calendar: await compiledCalendar(tx, { id: agreement.calendar_id, document: agreement.calendar_document }),
          reactionMinutes: target?.reaction_minutes ?? null,
          resolutionMinutes: target?.resolution_minutes ?? null,
          warningPercent: agreement.warning_percent ?? DEFAULT_WARNING_PERCENT,
        };
        return { agreementId: agreement.id, tier: agreement.tier, terms };
      };
      const agreement = await repo.findAgreementFor(tx.db, input.organizationId, input.serviceId);
      const warranties =
        input.serviceId === null ? [] : await repo.findWarrantiesFor(tx.db, input.organizationId, input.serviceId);
      return {
        paid: agreement ? await termsOf(agreement) : null,
        warranties: await Promise.all(
          warranties.map(async (w) => ({
            ...(await termsOf(w)),
            warrantyStart: w.warranty_start!,
            warrantyMonths: w.warranty_months!,
          })),
        ),
      };
    },
  );
  // Warranty or paid support depends on the day the ticket is filed, so it is chosen after the cache.
  const { covering, lapsed } = options.warranties.length
    ? chooseWarranty(options.warranties, localDay(options.warranties[0]!.terms.calendar.zone, input.createdAt))
    : { covering: null, lapsed: null };
  const resolved = covering ?? options.paid;
  const reason: AgreementReason = covering
    ? { code: 'warranty', until: warrantyEnd(covering) }
    : lapsed
      ? { code: 'after_warranty', ended: warrantyEnd(lapsed) }
      : input.serviceId !== null
        ? { code: 'service' }
        : { code: 'organization' };
  if (!resolved) {
    if (fromClient(tx, input)) {
      throw new AppError(
        422,
        'no_active_agreement',
        lapsed
          ? `The warranty for this product ended on ${warrantyEnd(lapsed)} and there is no paid support agreement covering it, so the request cannot be filed. Contact your account manager.`
          : `There is no active agreement${input.serviceId !== null ? ` covering service ${input.serviceId}` : ''} for this organization, so the request cannot be filed. Contact your account manager.`,
      );
    }
    return {
      columns: { ...NO_SLA, service_id: input.serviceId, paused_minutes: 0 },
      tags: input.channel === 'email' ? [NO_AGREEMENT_TAG] : [],
      tier: null,
    };
  }
  const { agreementId, tier, terms } = resolved;
  const snap = computeSla(
    terms,
    {
      status: 'new',
      createdAt: input.createdAt,
      pauses: [],
      pausedSince: null,
      firstResponseAt: null,
      manualResolutionDue: null,
      reactionBreachedAt: null,
      resolutionBreachedAt: null,
    },
    input.createdAt,
  );
  return {
    columns: {
      service_id: input.serviceId,
      agreement_id: agreementId,
      reaction_minutes: terms.reactionMinutes,
      resolution_minutes: terms.resolutionMinutes,
      ...slaPatch(snap),
      agreement_reason: encodeReason(reason),
    },
    tags: [],
    tier,
  };
}
