import type { Ctx, TxCtx } from '../../context.js';
import { inTransaction } from '../../context.js';
import { AppError, badRequest } from '../../shared/errors.js';
import { authorize } from '../auth/index.js';
import { copyNumbers, nextRenewalNumber, seriesBase } from './agreement-number.js';
import { renewalPeriod } from './agreement-period.js';
import { requireAgreement, requireFreeNumber } from './agreement-references.js';
import { actorKey } from './agreement-transition.js';
import { loadAgreementView } from './agreement-view.js';
import { parseIds } from './agreements.presenter.js';
import * as repo from './agreements.repository.js';
import { checkPeriod, parseDate } from './agreement-input.js';
import { insertAgreement, type NewAgreement } from './agreement-insert.js';

/**
 * The terms a new agreement takes over from its source, with whatever no longer fits left out and said so:
 * retired services, a manager who left, client contacts of another organization.
 */
async function carriedTerms(tx: TxCtx, source: repo.AgreementRow, organizationId: number) {
  const services = await repo.listServicesOf(tx.db, source.id);
  const retired = services.filter((s) => s.active !== 1);
  const [manager] = source.manager_id === null ? [] : await repo.findAgentsByIds(tx.db, [source.manager_id]);
  const sameClient = organizationId === source.organization_id;
  const contacts = sameClient ? await repo.findContacts(tx.db, parseIds(source.recipient_contact_ids)) : [];
  const notes: string[] = [];
  if (retired.length) notes.push(`retired services not carried over: ${retired.map((s) => s.name).join(', ')}`);
  if (manager && manager.active !== 1) notes.push(`manager ${manager.name} is no longer active`);
  const terms: Omit<NewAgreement, 'organizationId' | 'number' | 'start' | 'end' | 'renewedFromId'> = {
    title: source.title,
    kind: source.kind,
    tier: source.tier,
    calendarId: source.calendar_id,
    status: 'planned',
    managerId: manager?.active === 1 ? manager.id : null,
    recipientContactIds: parseIds(source.recipient_contact_ids).filter((id) =>
      contacts.some((c) => c.id === id && c.organization_id === organizationId),
    ),
    noticeDays: parseIds(source.notice_days),
    warningPercent: source.warning_percent,
    hoursPackage: source.hours_package,
    hourRate: source.hour_rate,
    notes: source.notes,
    serviceIds: services.filter((s) => s.active === 1).map((s) => s.id),
    targets: await repo.listTargets(tx.db, source.id),
  };
  return { terms, notes };
}

const withNotes = (text: string, notes: string[]) => (notes.length ? `${text}; ${notes.join('; ')}` : text);

/**
 * "Create from this agreement" for the same client: a planned agreement that starts the day after this one
 * ends (or on `start`) and lasts as long, with the same services, targets, calendar, people and settings.
 */
export async function renewAgreement(ctx: Ctx, id: number, input: { number?: string; start?: string }) {
  authorize(ctx.actor, 'agreement.write');
  const start = input.start !== undefined ? parseDate(input.start, 'body.start') : undefined;
  const newId = await inTransaction(ctx, async (tx) => {
    const source = await requireAgreement(tx.db, id);
    if (source.status === 'draft')
      throw new AppError(
        409,
        'invalid_transition',
        `Agreement ${source.number} is a draft; plan or activate it first, there is nothing to renew yet`,
      );
    const live = (await repo.listRenewalsOf(tx.db, id)).find((r) => r.status !== 'terminated');
    if (live)
      throw new AppError(
        409,
        'already_renewed',
        `Agreement ${source.number} is already renewed by ${live.number} (${live.status}); open that one`,
        { renewalId: live.id },
      );
    const period = renewalPeriod({ start: source.start_date, end: source.end_date }, start);
    const base = seriesBase(source.number);
    const number =
      input.number?.trim() || nextRenewalNumber(source.number, await repo.numbersStartingWith(tx.db, `${base}/`));
    await requireFreeNumber(tx.db, number);
    const { terms, notes } = await carriedTerms(tx, source, source.organization_id);
    const created = await insertAgreement(
      tx,
      {
        ...terms,
        organizationId: source.organization_id,
        number,
        start: period.start,
        end: period.end,
        renewedFromId: source.id,
      },
      { reason: withNotes(`Renewal of ${source.number}`, notes), endPath: 'body.start' },
    );
    await repo.insertHistory(tx.db, {
      agreement_id: source.id,
      at: tx.clock.now().toISOString(),
      actor: actorKey(tx.actor),
      action: 'renewed',
      from_status: null,
      to_status: null,
      reason: `Renewed by ${number} (${period.start}…${period.end})`,
    });
    return created;
  });
  return loadAgreementView(ctx.db, newId, ctx.clock.now());
}

/**
 * A typical agreement handed to several clients at once: one planned copy per organization, all or none (one
 * transaction). Copies keep the source's period unless a new one is given; client recipients stay only for
 * the source's own organization, since contacts belong to one client.
 */
export async function copyAgreement(
  ctx: Ctx,
  id: number,
  input: { organizationIds: number[]; start?: string; end?: string },
) {
  authorize(ctx.actor, 'agreement.write');
  const organizationIds = [...new Set(input.organizationIds)];
  const givenStart = input.start !== undefined ? parseDate(input.start, 'body.start') : undefined;
  const givenEnd = input.end !== undefined ? parseDate(input.end, 'body.end') : undefined;
  const ids = await inTransaction(ctx, async (tx) => {
    const source = await requireAgreement(tx.db, id);
    const known = new Set((await repo.findOrganizations(tx.db, organizationIds)).map((o) => o.id));
    const missing = input.organizationIds.map((o, i) => ({ o, i })).filter(({ o }) => !known.has(o));
    if (missing.length) {
      throw badRequest(
        `Organization${missing.length === 1 ? '' : 's'} ${missing.map((m) => m.o).join(', ')} ${missing.length === 1 ? 'does' : 'do'} not exist`,
        {
          errors: missing.map(({ i }) => ({ path: `body.organizationIds.${i}`, message: 'does not exist' })),
        },
      );
    }
    const period =
      givenStart && !givenEnd
        ? renewalPeriod({ start: source.start_date, end: source.end_date }, givenStart)
        : { start: givenStart ?? source.start_date, end: givenEnd ?? source.end_date };
    checkPeriod(period.start, period.end);
    const numbers = copyNumbers(
      source.number,
      organizationIds.length,
      await repo.numbersStartingWith(tx.db, `${source.number}-`),
    );
    const created: number[] = [];
    for (const [i, organizationId] of organizationIds.entries()) {
      const { terms, notes } = await carriedTerms(tx, source, organizationId);
      created.push(
        await insertAgreement(
          tx,
          { ...terms, organizationId, number: numbers[i]!, start: period.start, end: period.end, renewedFromId: null },
          { reason: withNotes(`Copy of ${source.number}`, notes) },
        ),
      );
    }
    await repo.insertHistory(tx.db, {
      agreement_id: source.id,
      at: tx.clock.now().toISOString(),
      actor: actorKey(tx.actor),
      action: 'copied',
      from_status: null,
      to_status: null,
      reason: `Copied to ${created.length} organization${created.length === 1 ? '' : 's'}: ${numbers.join(', ')}`,
    });
    return created;
  });
  return Promise.all(ids.map((newId) => loadAgreementView(ctx.db, newId, ctx.clock.now())));
}
