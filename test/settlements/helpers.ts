import { join } from 'node:path';
import type { Test } from 'tap';
import type { Insertable, Kysely } from 'kysely';
import type { Database, LegalEntityTable } from '../../server/db/schema.js';
import { fixedClock } from '../../server/shared/clock.js';
import { testDesk } from '../helpers/app.js';
import { makeOrganization } from '../helpers/factories.js';
import { productRoot } from '../../server/shared/paths.js';

/**
 * A desk on a real SQLite file with a fixed clock (20 December 2026): an admin, an accountant, a manager and an
 * engineer; our company ООО «Ондеск Сервис» with its account at Sberbank (the one the bank fixture names);
 * clients ООО «Ромашка» and ООО «Вектор» with the INNs the fixture's payers have. Documents are written as the
 * documents module stores them: issued rows never change, so tests add acts and invoices, never edit them.
 */
export async function moneyDesk(t: Test, at = '2026-12-20T09:00:00Z') {
  const clock = fixedClock(at);
  const desk = await testDesk(t, { clock });
  const db = desk.inst.database.db;
  const admin = await desk.agent('admin');
  const accountant = await desk.agent('accountant');
  const manager = await desk.agent('manager');
  // The free mode's four seats: the manager logs work too and is the engineer's colleague in the pay tests.
  const engineer = await desk.agent('engineer');
  const now = clock.now().toISOString();
  const entity = await insertOurEntity(db, now);
  const romashka = await makeOrganization(admin, {
    name: 'Ромашка',
    legalName: 'ООО «Ромашка»',
    taxId: '5047123455',
  });
  const vector = await makeOrganization(admin, { name: 'Вектор', legalName: 'ООО «Вектор»', taxId: '7810123451' });

  let ids = 0;
  /** An issued document as the documents module stores it (a storno carries negative sums). */
  async function issue(
    kind: 'invoice' | 'act',
    organizationId: number,
    fields: {
      number?: number;
      date: string;
      netKopecks: number;
      vatKopecks?: number;
      correction?: 'storno' | 'corrected';
      correctsId?: number;
    },
  ) {
    const number = fields.number ?? 1000 + ++ids;
    const vat = fields.vatKopecks ?? 0;
    const row = await insertIssuedDocument(db, {
      kind,
      entityId: entity.id,
      organizationId,
      number,
      date: fields.date,
      netKopecks: fields.netKopecks,
      vatKopecks: vat,
      correction: fields.correction ?? null,
      correctsId: fields.correctsId ?? null,
      createdAt: now,
    });
    return { id: row.id, number: String(number) };
  }
  return { desk, clock, db, admin, accountant, manager, engineer, entity, romashka, vector, issue };
}

/** Our company ООО «Ондеск Сервис» with its account at Sberbank (the one the bank fixture names). */
export function insertOurEntity(
  db: Kysely<Database>,
  now: string,
  overrides: Partial<Insertable<LegalEntityTable>> = {},
) {
  return db
    .insertInto('legal_entities')
    .values({
      name: 'Общество с ограниченной ответственностью «Ондеск Сервис»',
      short_name: 'ООО «Ондеск Сервис»',
      inn: '7704123450',
      kpp: '770401001',
      ogrn: null,
      address: '119021, г. Москва, ул. Льва Толстого, д. 16',
      bank_name: 'ПАО Сбербанк',
      bik: '044525225',
      corr_account: '30101810400000000225',
      settlement_account: '40702810603800001234',
      director_name: 'Соколов Андрей Петрович',
      director_position: 'Генеральный директор',
      accountant_name: 'Иванова Мария Сергеевна',
      accountant_position: 'Главный бухгалтер',
      phone: null,
      email: null,
      stamp_sha256: null,
      director_signature_sha256: null,
      accountant_signature_sha256: null,
      created_at: now,
      updated_at: now,
      ...overrides,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/** An issued document as the documents module stores it (a storno carries negative sums); its snapshot is empty. */
export function insertIssuedDocument(
  db: Kysely<Database>,
  d: {
    kind: 'invoice' | 'act';
    entityId: number;
    organizationId: number;
    number: number;
    date: string;
    netKopecks: number;
    vatKopecks: number;
    correction?: 'storno' | 'corrected' | null;
    correctsId?: number | null;
    createdAt: string;
  },
) {
  return db
    .insertInto('documents')
    .values({
      kind: d.kind,
      correction: d.correction ?? null,
      corrects_document_id: d.correctsId ?? null,
      entity_id: d.entityId,
      organization_id: d.organizationId,
      agreement_id: null,
      source_document_id: null,
      number: d.number,
      year: Number(d.date.slice(0, 4)),
      number_text: String(d.number),
      date: d.date,
      period_from: null,
      period_to: null,
      net_kopecks: d.netKopecks,
      vat_kopecks: d.vatKopecks,
      total_kopecks: d.netKopecks + d.vatKopecks,
      language: 'ru',
      billing_month: null,
      snapshot: '{}',
      created_by: 'test',
      created_at: d.createdAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export const fixturePath = join(productRoot, 'test/fixtures/bank/sber-2026-12-01-04.1c.txt');
