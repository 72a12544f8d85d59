import type { Ctx } from '../../context.js';
import { badRequest } from '../../shared/errors.js';
import { clientDocumentPdf, clientDocuments } from '../documents/index.js';
import { clientDeliveries, clientDeliveryFile } from '../report-mailing/index.js';
import { organizationBalance } from '../settlements/index.js';
import { assertMay, mayReadDocuments, mayReadReports } from './portal-billing.js';
import { currentContact, onBehalf } from './portal.service.js';

/**
 * The money side of the portal: documents issued to the contact's organization, its balance, and the reports
 * mailed about it. Each call reads the contact again (a role taken away a moment ago counts now) and passes
 * the contact's organization to a query that has it as a condition — another organization's id reads as
 * missing, never as "forbidden".
 */
async function billingContact(ctx: Ctx, what: 'documents' | 'reports') {
  const me = await currentContact(ctx);
  assertMay(
    what === 'documents' ? mayReadDocuments(me.contact.role) : mayReadReports(me.contact.role),
    what,
    me.language,
  );
  return { me, asPortal: onBehalf(ctx, me.contact.id) };
}

export async function listDocuments(ctx: Ctx, q: { limit: number; cursor?: string }) {
  const { me, asPortal } = await billingContact(ctx, 'documents');
  const page = await clientDocuments(asPortal, me.contact.organizationId, q);
  return {
    items: page.items.map((d) => ({
      id: d.id,
      kind: d.kind,
      correction: d.correction,
      number: d.number_text,
      date: d.date,
      periodFrom: d.period_from,
      periodTo: d.period_to,
      netKopecks: d.net_kopecks,
      vatKopecks: d.vat_kopecks,
      totalKopecks: d.total_kopecks,
      entityName: d.entity_name,
    })),
    nextCursor: page.nextCursor,
  };
}

export async function documentPdf(ctx: Ctx, id: number, stamp: boolean) {
  const { me, asPortal } = await billingContact(ctx, 'documents');
  return clientDocumentPdf(asPortal, me.contact.organizationId, id, stamp);
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

export async function balance(ctx: Ctx, at: string | undefined) {
  const { me, asPortal } = await billingContact(ctx, 'documents');
  if (at !== undefined && !ISO_DAY.test(at))
    throw badRequest(`"at" must be a date YYYY-MM-DD, not "${at}"`, {
      errors: [{ path: 'querystring.at', message: 'is not a date' }],
    });
  // Today in Moscow: the desk's documents are dated there (see documents' todayMoscow).
  const day = at ?? new Date(ctx.clock.now().getTime() + 3 * 3_600_000).toISOString().slice(0, 10);
  const b = await organizationBalance(asPortal, me.contact.organizationId, day);
  return { at: b.at, actsKopecks: b.actsKopecks, paymentsKopecks: b.paymentsKopecks, balanceKopecks: b.balanceKopecks };
}

export async function listReports(ctx: Ctx, q: { limit: number; cursor?: number }) {
  const { me, asPortal } = await billingContact(ctx, 'reports');
  const page = await clientDeliveries(asPortal, me.contact.organizationId, q);
  return {
    items: page.items.map((d) => ({
      id: d.id,
      name: d.subscription_name,
      report: d.report,
      periodFrom: d.period_from,
      periodTo: d.period_to,
      createdAt: d.created_at,
      files: (JSON.parse(d.files) as { name: string; size: number; contentType: string }[]).map((f, index) => ({
        index,
        name: f.name,
        size: f.size,
        contentType: f.contentType,
      })),
    })),
    nextCursor: page.nextCursor,
  };
}

export async function reportFile(ctx: Ctx, id: number, index: number) {
  const { me, asPortal } = await billingContact(ctx, 'reports');
  return clientDeliveryFile(asPortal, me.contact.organizationId, id, index);
}
