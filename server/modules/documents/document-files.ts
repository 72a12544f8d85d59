import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { Ctx } from '../../context.js';
import { inTransaction } from '../../context.js';
import { AppError, notFound } from '../../shared/errors.js';
import { AttachmentStore, safeFileName } from '../attachments/index.js';
import { authorize } from '../auth/index.js';
import { enqueueWithId } from '../outbox/index.js';
import { printedDate } from './billing-lines.js';
import type { DocumentKind, IssuedDocument } from './document-model.js';
import * as repo from './documents.repository.js';
import { documentSnapshot, documentTemplate } from './documents.service.js';
import { imageBytes } from './legal-entities.service.js';
import { renderDocumentPdf } from './render/index.js';

const TITLES: Record<'ru' | 'en', Record<DocumentKind, string>> = {
  ru: { invoice: 'Счёт', act: 'Акт', contract: 'Договор', reconciliation: 'Акт_сверки' },
  en: { invoice: 'Invoice', act: 'Act', contract: 'Contract', reconciliation: 'Reconciliation' },
};

/** «Акт_15_от_04.12.2026.pdf» / "Act_15_of_04.12.2026.pdf": what the downloaded or mailed file is called. */
export function documentFileName(d: { kind: DocumentKind; language: 'ru' | 'en'; number_text: string; date: string }) {
  const of = d.language === 'ru' ? 'от' : 'of';
  return safeFileName(`${TITLES[d.language][d.kind]}_${d.number_text}_${of}_${printedDate(d.date)}.pdf`);
}

/** The PDF of a document exactly as issued (its frozen snapshot), in the admin's template when one is saved. */
export async function documentPdf(ctx: Ctx, id: number, stamp: boolean) {
  const { doc } = await documentSnapshot(ctx, id);
  return issuedPdf(ctx, doc, stamp);
}

/**
 * A client's own document as PDF, for the portal: the organization is part of the query, so another client's
 * id reads as missing. The portal has checked the contact may see documents (billing role) before.
 */
export async function clientDocumentPdf(ctx: Ctx, organizationId: number, id: number, stamp: boolean) {
  const doc = await repo.findDocumentOf(ctx.db, organizationId, id);
  if (!doc) throw notFound(`Document ${id}`);
  return issuedPdf(ctx, doc, stamp);
}

async function issuedPdf(ctx: Ctx, doc: repo.DocumentRow, stamp: boolean) {
  const snapshot = JSON.parse(doc.snapshot) as IssuedDocument;
  const template = await documentTemplate(ctx, doc.kind, doc.language);
  const bytes = await renderDocumentPdf(snapshot, {
    stamp,
    image: (sha256) => imageBytes(ctx, sha256),
    ...(template !== undefined && { template }),
  });
  return { doc, bytes, fileName: documentFileName(doc) };
}

/** Mailed documents are files of the clients' data: kept in the report store, by content, durable before the mail is queued. */
const mailStore = (ctx: Ctx) => new AttachmentStore(join(ctx.filesDir, 'reports'), ctx.durable);

const mailText = (d: {
  kind: DocumentKind;
  number_text: string;
  date: string;
  language: 'ru' | 'en';
  entity_name: string;
}) =>
  d.language === 'en'
    ? {
        subject: `${TITLES.en[d.kind]} No. ${d.number_text} of ${printedDate(d.date)}`,
        body: `Hello,\n\nattached is ${d.kind === 'act' ? 'the act of completed work' : `the ${d.kind}`} No. ${d.number_text} of ${printedDate(d.date)}.\n\n— ${d.entity_name}`,
      }
    : {
        subject: `${TITLES.ru[d.kind].replace('_', ' ')} № ${d.number_text} от ${printedDate(d.date)}`,
        body: `Здравствуйте!\n\nВо вложении ${d.kind === 'invoice' ? 'счёт' : d.kind === 'act' ? 'акт выполненных работ' : 'договор'} № ${d.number_text} от ${printedDate(d.date)}.\n\n— ${d.entity_name}`,
      };

/**
 * Sends a document with its PDF (with stamp and signatures) to the client's billing contacts — the contacts
 * whose portal role is "billing", or, when the client has none, every contact of it with an e-mail — or to the
 * address given. The PDF is stored first (durable), then one transaction queues a mail per address and records
 * each delivery; sending never touches the document.
 */
export async function sendDocument(ctx: Ctx, id: number, input: { to?: string }) {
  authorize(ctx.actor, 'document.issue');
  const { doc, bytes, fileName } = await documentPdf(ctx, id, true);
  const addresses = input.to ? [input.to.trim()] : await repo.billingAddresses(ctx.db, doc.organization_id);
  if (addresses.length === 0)
    throw new AppError(
      409,
      'no_billing_contact',
      `${doc.organization_name} has no contact with an e-mail; add a billing contact or give an address to send to`,
    );
  const { sha256, size } = await mailStore(ctx).put(Readable.from([bytes]), Number.MAX_SAFE_INTEGER);
  const files = [{ name: fileName, sha256, size, contentType: 'application/pdf' }];
  const text = mailText(doc);
  const by = ctx.actor.kind === 'system' ? `system:${ctx.actor.name}` : `${ctx.actor.kind}:${ctx.actor.id}`;
  return inTransaction(ctx, async (tx) => {
    const now = tx.clock.now();
    const deliveries = [];
    for (const address of addresses) {
      const outboxId = await enqueueWithId(
        tx.db,
        {
          channel: 'email',
          recipient: address,
          subject: text.subject,
          body: text.body,
          // The mail channel attaches the files of a 'report' payload from the report store.
          payload: { kind: 'report', documentId: doc.id, files },
        },
        now,
      );
      const row = await repo.insertDelivery(tx.db, {
        document_id: doc.id,
        to_address: address,
        outbox_id: outboxId,
        created_by: by,
        created_at: now.toISOString(),
      });
      deliveries.push({ id: row.id, toAddress: address, outboxId });
    }
    return { deliveries };
  });
}
