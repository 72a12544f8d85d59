import type { Updateable } from 'kysely';
import type { Ctx, TxCtx } from '../../context.js';
import type { TicketChannel, TicketPriority, TicketTable, TicketType } from '../../db/schema.js';
import { AppError, badRequest } from '../../shared/errors.js';
import { compiledCalendar } from '../calendars/index.js';
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

export const NO_AGREEMENT_TAG = 'no-active-agreement';

export type NewTicketSla = { [K in (typeof newTicketSlaColumns)[number]]?: Updateable<TicketTable>[K] };

/**
 * SLA columns of a ticket being created — its agreement, targets and first deadlines — and the tags it gets
 * for them. Refuses (422) a client who files without an active agreement. The ticket's insert writes them.
 */
export async function slaForNewTicket(
  tx: TxCtx,
  input: NewTicketSlaInput,
): Promise<{ columns: NewTicketSla; tags: string[] }> {
  if (input.serviceId !== null) {
    const service = await repo.serviceExists(tx.db, input.serviceId);
    if (!service)
      throw badRequest(`Service ${input.serviceId} does not exist`, {
        errors: [{ path: 'body.serviceId', message: 'does not exist' }],
      });
  }
  const resolved = await cachedTerms(
    tx,
    `${tx.dataDir}|${input.organizationId}|${input.serviceId}|${input.priority}|${input.type}`,
    async () => {
      const agreement = await repo.findAgreementFor(tx.db, input.organizationId, input.serviceId);
      if (!agreement) return null;
      const target = await repo.findTarget(tx.db, agreement.id, input.priority, input.type);
      const terms: SlaTerms = {
        calendar: await compiledCalendar(tx, { id: agreement.calendar_id, document: agreement.calendar_document }),
        reactionMinutes: target?.reaction_minutes ?? null,
        resolutionMinutes: target?.resolution_minutes ?? null,
        warningPercent: agreement.warning_percent ?? DEFAULT_WARNING_PERCENT,
      };
      return { agreementId: agreement.id, terms };
    },
  );
  if (!resolved) {
    if (fromClient(tx, input)) {
      throw new AppError(
        422,
        'no_active_agreement',
        `There is no active agreement${input.serviceId !== null ? ` covering service ${input.serviceId}` : ''} for this organization, so the request cannot be filed. Contact your account manager.`,
      );
    }
    return {
      columns: { ...NO_SLA, service_id: input.serviceId, paused_minutes: 0 },
      tags: input.channel === 'email' ? [NO_AGREEMENT_TAG] : [],
    };
  }
  const { agreementId, terms } = resolved;
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
    },
    tags: [],
  };
}
