import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { Ctx } from '../../context.js';
import { inTransaction } from '../../context.js';
import type { Updateable } from 'kysely';
import type { LegalEntityTable } from '../../db/schema.js';
import { AppError, badRequest, notFound } from '../../shared/errors.js';
import { AttachmentStore } from '../attachments/index.js';
import { authorize } from '../auth/index.js';
import type { VatMode } from './document-model.js';
import * as repo from './documents.repository.js';
import {
  bikProblem,
  corrAccountProblem,
  innProblem,
  kppProblem,
  ogrnProblem,
  settlementAccountProblem,
} from './requisites.js';

export interface EntityInput {
  name: string;
  shortName: string;
  inn: string;
  kpp?: string | null;
  ogrn?: string | null;
  address: string;
  bankName: string;
  bik: string;
  corrAccount: string;
  settlementAccount: string;
  directorName: string;
  directorPosition: string;
  accountantName?: string | null;
  accountantPosition?: string | null;
  phone?: string | null;
  email?: string | null;
  vatMode?: VatMode;
  pricesIncludeVat?: boolean;
  active?: boolean;
}

/** Stamps and signatures are images of the desk's own documents: kept by content, durable before a row names them. */
export const documentStore = (ctx: Ctx) => new AttachmentStore(join(ctx.filesDir, 'documents'), ctx.durable);

const clean = (v: string | null | undefined) => (v == null ? v : v.replace(/\s+/g, ' ').trim() || null);
const digitsOnly = (v: string | null | undefined) => (v == null ? v : v.replace(/[\s-]/g, '') || null);

/** Every problem of the requisites at once, each with the field it is about. */
function checkRequisites(e: {
  inn: string;
  kpp: string | null;
  ogrn: string | null;
  bik: string;
  corrAccount: string;
  settlementAccount: string;
  accountantName: string | null;
  accountantPosition: string | null;
}) {
  const errors: Array<{ path: string; message: string }> = [];
  const add = (path: string, problem: string | null) =>
    problem && errors.push({ path: `body.${path}`, message: problem });
  add('inn', innProblem(e.inn));
  if (e.kpp !== null) add('kpp', kppProblem(e.kpp));
  if (e.kpp === null && e.inn.length === 10) add('kpp', 'a company (10-digit INN) has a KPP; give it');
  if (e.ogrn !== null) add('ogrn', ogrnProblem(e.ogrn));
  add('bik', bikProblem(e.bik));
  add('corrAccount', corrAccountProblem(e.corrAccount, e.bik));
  add('settlementAccount', settlementAccountProblem(e.settlementAccount, e.bik));
  if ((e.accountantName === null) !== (e.accountantPosition === null))
    add('accountantName', 'give the chief accountant’s name and position together, or neither');
  if (errors.length)
    throw badRequest(
      `The requisites are not valid: ${errors.map((x) => `${x.path.slice(5)}: ${x.message}`).join('; ')}`,
      {
        errors,
      },
    );
}

function normalized(input: Partial<EntityInput>) {
  return {
    ...(input.name !== undefined && { name: clean(input.name)! }),
    ...(input.shortName !== undefined && { short_name: clean(input.shortName)! }),
    ...(input.inn !== undefined && { inn: digitsOnly(input.inn) ?? '' }),
    ...(input.kpp !== undefined && { kpp: digitsOnly(input.kpp)?.toUpperCase() ?? null }),
    ...(input.ogrn !== undefined && { ogrn: digitsOnly(input.ogrn) ?? null }),
    ...(input.address !== undefined && { address: clean(input.address)! }),
    ...(input.bankName !== undefined && { bank_name: clean(input.bankName)! }),
    ...(input.bik !== undefined && { bik: digitsOnly(input.bik) ?? '' }),
    ...(input.corrAccount !== undefined && { corr_account: digitsOnly(input.corrAccount) ?? '' }),
    ...(input.settlementAccount !== undefined && { settlement_account: digitsOnly(input.settlementAccount) ?? '' }),
    ...(input.directorName !== undefined && { director_name: clean(input.directorName)! }),
    ...(input.directorPosition !== undefined && { director_position: clean(input.directorPosition)! }),
    ...(input.accountantName !== undefined && { accountant_name: clean(input.accountantName) ?? null }),
    ...(input.accountantPosition !== undefined && { accountant_position: clean(input.accountantPosition) ?? null }),
    ...(input.phone !== undefined && { phone: clean(input.phone) ?? null }),
    ...(input.email !== undefined && { email: clean(input.email) ?? null }),
    ...(input.vatMode !== undefined && { vat_mode: input.vatMode }),
    ...(input.pricesIncludeVat !== undefined && { prices_include_vat: input.pricesIncludeVat ? 1 : 0 }),
    ...(input.active !== undefined && { active: input.active ? 1 : 0 }),
  } satisfies Updateable<LegalEntityTable>;
}

function requireText(row: Record<string, unknown>, fields: string[]) {
  const empty = fields.filter((f) => row[f] === null || row[f] === '');
  if (empty.length)
    throw badRequest(`Fill in: ${empty.join(', ')}`, {
      errors: empty.map((f) => ({ path: `body.${f}`, message: 'is empty' })),
    });
}

const REQUIRED = ['name', 'short_name', 'address', 'bank_name', 'director_name', 'director_position'];

const requisitesOf = (r: {
  inn: string;
  kpp: string | null;
  ogrn: string | null;
  bik: string;
  corr_account: string;
  settlement_account: string;
  accountant_name: string | null;
  accountant_position: string | null;
}) => ({
  inn: r.inn,
  kpp: r.kpp,
  ogrn: r.ogrn,
  bik: r.bik,
  corrAccount: r.corr_account,
  settlementAccount: r.settlement_account,
  accountantName: r.accountant_name,
  accountantPosition: r.accountant_position,
});

export async function createEntity(ctx: Ctx, input: EntityInput) {
  authorize(ctx.actor, 'entity.manage');
  const now = ctx.clock.now().toISOString();
  const row = {
    ...normalized(input),
    kpp: digitsOnly(input.kpp)?.toUpperCase() ?? null,
    ogrn: digitsOnly(input.ogrn) ?? null,
    accountant_name: clean(input.accountantName) ?? null,
    accountant_position: clean(input.accountantPosition) ?? null,
    phone: clean(input.phone) ?? null,
    email: clean(input.email) ?? null,
  } as Required<ReturnType<typeof normalized>>;
  requireText(row, REQUIRED);
  checkRequisites(requisitesOf(row));
  const id = await inTransaction(ctx, (tx) =>
    repo.insertEntity(tx.db, {
      ...row,
      stamp_sha256: null,
      director_signature_sha256: null,
      accountant_signature_sha256: null,
      created_at: now,
      updated_at: now,
    }),
  );
  return (await repo.findEntity(ctx.db, id))!;
}

export async function getEntity(ctx: Ctx, id: number) {
  authorize(ctx.actor, 'document.read');
  const row = await repo.findEntity(ctx.db, id);
  if (!row) throw notFound(`Legal entity ${id}`);
  return row;
}

export async function listEntities(ctx: Ctx) {
  authorize(ctx.actor, 'document.read');
  return repo.listEntities(ctx.db);
}

/** Changing requisites never touches issued documents: each keeps the requisites it was issued with. */
export async function updateEntity(ctx: Ctx, id: number, input: Partial<EntityInput>) {
  authorize(ctx.actor, 'entity.manage');
  await inTransaction(ctx, async (tx) => {
    const current = await repo.findEntity(tx.db, id);
    if (!current) throw notFound(`Legal entity ${id}`);
    const patch = normalized(input);
    const merged = { ...current, ...patch };
    requireText(merged, REQUIRED);
    checkRequisites(requisitesOf(merged));
    await repo.updateEntity(tx.db, id, { ...patch, updated_at: tx.clock.now().toISOString() });
  });
  return (await repo.findEntity(ctx.db, id))!;
}

export type EntityImage = 'stamp' | 'director-signature' | 'accountant-signature';
const IMAGE_COLUMN = {
  stamp: 'stamp_sha256',
  'director-signature': 'director_signature_sha256',
  'accountant-signature': 'accountant_signature_sha256',
} as const;

export const MAX_IMAGE_BYTES = 2 * 1024 * 1024;
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

async function readLimited(source: Readable, max: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of source) {
    size += (chunk as Buffer).length;
    if (size > max) {
      source.resume();
      throw new AppError(413, 'image_too_large', `The image is larger than ${max / 1024 / 1024} MB; save it smaller`);
    }
    chunks.push(chunk as Buffer);
  }
  if ((source as Readable & { truncated?: boolean }).truncated)
    throw new AppError(413, 'image_too_large', `The image is larger than ${max / 1024 / 1024} MB; save it smaller`);
  return Buffer.concat(chunks);
}

/**
 * A stamp or a signature: a PNG (checked by its first bytes, not by its name or declared type) of at most
 * 2 MB, stored by content and durable before the entity's row names it.
 */
export async function putEntityImage(ctx: Ctx, id: number, image: EntityImage, content: Readable) {
  authorize(ctx.actor, 'entity.manage');
  if (!(await repo.findEntity(ctx.db, id))) throw notFound(`Legal entity ${id}`);
  const bytes = await readLimited(content, MAX_IMAGE_BYTES);
  if (bytes.length < PNG_MAGIC.length || !bytes.subarray(0, PNG_MAGIC.length).equals(PNG_MAGIC))
    throw badRequest(
      'The image is not a PNG file; save the stamp or signature as PNG (a transparent background prints best)',
    );
  const { sha256 } = await documentStore(ctx).put(Readable.from([bytes]), MAX_IMAGE_BYTES);
  await inTransaction(ctx, async (tx) => {
    if (!(await repo.findEntity(tx.db, id))) throw notFound(`Legal entity ${id}`);
    await repo.updateEntity(tx.db, id, { [IMAGE_COLUMN[image]]: sha256, updated_at: tx.clock.now().toISOString() });
  });
  return (await repo.findEntity(ctx.db, id))!;
}

export async function openEntityImage(ctx: Ctx, id: number, image: EntityImage) {
  const row = await getEntity(ctx, id);
  const sha256 = row[IMAGE_COLUMN[image]];
  if (!sha256) throw notFound(`The ${image.replace('-', ' ')} of ${row.short_name}`);
  return documentStore(ctx).open(sha256);
}

/** An image of the store by its hash, for the PDF renderer (null when it is missing). */
export async function imageBytes(ctx: Ctx, sha256: string): Promise<Buffer | null> {
  try {
    const { stream } = await documentStore(ctx).open(sha256);
    return await readLimited(stream, MAX_IMAGE_BYTES * 2);
  } catch {
    return null;
  }
}
