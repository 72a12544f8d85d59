/**
 * Gap-free numbering under load: documents created concurrently — through the service and through HTTP — get
 * the numbers 1..n of their entity, kind and year without a gap or a duplicate, and creations that fail after
 * taking a number (a correction whose line does not exist fails after its storno was numbered) leave no hole.
 */
import t from 'tap';
import { sql } from 'kysely';
import { documentsDesk } from './helpers.js';
import { correctAct, issueAct } from '../../server/modules/documents/documents.service.js';
import { isGapFree } from '../../server/modules/documents/numbering.js';
import type { Actor } from '../../server/context.js';

const typed = (n: number) => [{ description: `Услуга ${n}`, quantity: 1, unit: 'усл', unitPriceKopecks: 10_000 + n }];

t.test('32 concurrent acts through the service, with failed corrections among them, are numbered 1..32', async (t) => {
  const { desk, accountant, entity, romashka } = await documentsDesk(t);
  const actor: Actor = {
    kind: 'agent',
    id: accountant.agentId,
    role: 'accountant',
    name: 'accountant',
    language: 'ru',
  };
  const ctx = desk.inst.ctx(actor);
  const base = { organizationId: romashka.org.id, entityId: entity.id, from: '2026-11-01', to: '2026-11-30' };
  const first = await issueAct(ctx, { ...base, lines: typed(0) });
  t.equal(first.number, '1');
  const outcomes = await Promise.allSettled(
    Array.from({ length: 40 }, (_, i) =>
      i % 5 === 4
        ? // Fails after its storno took a number: the storno and its number roll back with it.
          correctAct(ctx, first.id, {
            lines: [{ description: 'x', quantity: 1, unit: 'усл', unitPriceKopecks: 1, fromPosition: 99 }],
          })
        : issueAct(ctx, { ...base, lines: typed(i + 1) }),
    ),
  );
  const ok = outcomes
    .filter((o) => o.status === 'fulfilled')
    .map((o) => Number((o as PromiseFulfilledResult<{ number: string }>).value.number));
  const failed = outcomes.filter((o) => o.status === 'rejected') as PromiseRejectedResult[];
  t.equal(ok.length, 32);
  t.equal(failed.length, 8);
  t.ok(
    failed.every((f) => /has no line 99/.test((f.reason as Error).message)),
    'each failure is the bad correction',
  );
  t.ok(isGapFree([1, ...ok]), 'numbers 1..33 with no gap and no duplicate');
  const stored = await sql<{ number: number }>`select number from documents where kind = 'act' order by number`.execute(
    desk.inst.database.db,
  );
  t.same(
    stored.rows.map((r) => r.number),
    Array.from({ length: 33 }, (_, i) => i + 1),
  );
  const counter = await sql<{
    last_number: number;
  }>`select last_number from document_counters where kind = 'act'`.execute(desk.inst.database.db);
  t.equal(counter.rows[0]!.last_number, 33, 'the counter gave back every number a failure took');
  const next = await issueAct(ctx, { ...base, lines: typed(99) });
  t.equal(next.number, '34');
});

t.test('32 concurrent invoices through HTTP are numbered 1..32; each year and entity counts on its own', async (t) => {
  const { accountant, entity, romashka } = await documentsDesk(t);
  const base = { organizationId: romashka.org.id, entityId: entity.id, from: '2026-11-01', to: '2026-11-30' };
  const responses = await Promise.all(
    Array.from({ length: 34 }, (_, i) =>
      accountant.post('/api/v1/invoices', {
        ...base,
        // Two of them refer to a missing agreement: refused, taking no number.
        ...(i === 7 || i === 20 ? { agreementId: 9999 } : {}),
        lines: typed(i),
      }),
    ),
  );
  const created = responses.filter((r) => r.statusCode === 201).map((r) => Number(r.json().number));
  t.same(
    responses.filter((r) => r.statusCode !== 201).map((r) => r.statusCode),
    [400, 400],
  );
  t.equal(created.length, 32);
  t.ok(isGapFree(created), `gap-free: ${[...created].sort((a, b) => a - b).join(',')}`);

  const older = await accountant.post('/api/v1/invoices', { ...base, date: '2025-12-30', lines: typed(100) });
  t.equal(older.json().number, '1', 'a document dated 2025 starts the 2025 sequence');
  t.equal(older.json().vatKopecks, 2_020, 'and carries the 20 % of its date');
  const other = (
    await accountant.post('/api/v1/legal-entities', {
      name: 'Индивидуальный предприниматель Сидоров Пётр Петрович',
      shortName: 'ИП Сидоров П. П.',
      inn: '500100732259',
      ogrn: '304500116000157',
      address: 'г. Москва',
      bankName: 'ПАО Сбербанк',
      bik: '044525225',
      corrAccount: '30101810400000000225',
      settlementAccount: '40702810938000012345',
      directorName: 'Сидоров Пётр Петрович',
      directorPosition: 'Индивидуальный предприниматель',
      vatMode: 'none',
    })
  ).json();
  const own = await accountant.post('/api/v1/invoices', { ...base, entityId: other.id, lines: typed(1) });
  t.equal(own.statusCode, 201, own.body);
  t.match(own.json(), { number: '1', vatKopecks: 0, netKopecks: 10_001, totalKopecks: 10_001 }, '«Без НДС»');
});
