import t from 'tap';
import { sql } from 'kysely';
import { testDesk, type ApiClient } from '../helpers/app.js';
import { makeContact, makeOrganization, makeTicket } from '../helpers/factories.js';
import { dialectOf } from '../../server/db/dialect.js';
import { createMigrator, migrateToLatest } from '../../server/db/migrator.js';
import { indexBacklog } from '../../server/modules/search/index.js';

/**
 * The same desk on SQLite and on PostgreSQL answers a fixed set of Russian and English queries with the same
 * top 10, in the same order: both dialects index the same stems and codes computed by the application, match
 * them alike (FTS5 / tsvector and trigram tables) and rank with the same code.
 */

type Hit = { kind: string; id: number; title: string; snippet: string; ticketId?: number };
type Page = { items: Hit[]; nextCursor: string | null };

interface Seeded {
  api: ApiClient;
  /** Ticket number by seed label, for the `#number` query and readable failures. */
  numbers: Map<string, number>;
  ids: Map<string, number>;
}

const PRINTER_TICKETS = 16; // more matches of one word than a page shows: the order within them is compared

/** One fixed desk, written through the API in the same order (so ids and numbers are the same on both). */
async function seed(api: ApiClient, admin: ApiClient): Promise<Seeded> {
  const numbers = new Map<string, number>();
  const ids = new Map<string, number>();
  const zdorovie = await makeOrganization(admin, { name: 'Аптеки «Здоровье»', taxId: '7701234567' });
  const romashka = await makeOrganization(admin, { name: 'ООО Ромашка', notes: 'Бухгалтерия на третьем этаже' });
  const acme = await makeOrganization(admin, { name: 'Acme Printing Ltd' });
  ids.set('org:zdorovie', zdorovie.id);
  ids.set('org:romashka', romashka.id);
  const maria = await makeContact(admin, zdorovie.id, { name: 'Мария Кузнецова', email: 'maria@zdorovie.example' });
  ids.set('contact:maria', maria.id);
  await makeContact(admin, acme.id, { name: 'John Printer', email: 'john.printer@acme.example' });
  const ticket = async (label: string, org: number, subject: string, description: string) => {
    const made = await makeTicket(api, org, { subject, description });
    numbers.set(label, made.number);
    ids.set(label, made.id);
    return made;
  };
  const comment = async (ticketId: number, body: string) => {
    const res = await api.post(`/api/v1/tickets/${ticketId}/comments`, { body, public: false });
    if (res.statusCode !== 201) throw new Error(`comment: ${res.statusCode} ${res.body}`);
  };

  await ticket('buh', romashka.id, 'Принтеры в бухгалтерии не печатают', 'Замятие бумаги в лотке');
  await ticket('buh2', romashka.id, 'Бухгалтерия просит новый картридж', 'Принтер HP LaserJet 1020');
  await ticket('update', romashka.id, 'Windows Update', 'Ошибка 0x80070005 при установке, лог в setup-log_2026.txt');
  await ticket('browser', zdorovie.id, 'Сайт не открывается', 'Chrome пишет ERR_CONNECTION_RESET, кабинет 204');
  await ticket('net', zdorovie.id, 'Сеть не видит принтер', 'После переезда принтер не видит сеть');
  await ticket('net2', zdorovie.id, 'Сеть', 'видит не всё, принтер в коридоре');
  await ticket('offline', acme.id, 'The printer is offline', 'Printing stopped after the update 80070005');
  await ticket('printing', acme.id, 'Printing errors on the second floor', 'Printers show error E-204 and stop');
  await ticket('cafe', acme.id, 'Café terminal', 'The café card terminal rejects cards');
  // A phrase never runs from the subject into the description (FTS5 keeps columns apart; PostgreSQL a gap).
  await ticket('split', zdorovie.id, 'Монитор не', 'видит кабель');
  // Past word 16,383 PostgreSQL keeps no positions apart: the phrase is checked against the text there, so it is
  // found where its words are next to each other and not where they are far apart.
  const filler = 'лог '.repeat(17_000);
  await ticket('longNear', acme.id, 'Журнал сервера', `${filler}внезапный перегрев диска`);
  await ticket('longFar', acme.id, 'Журнал сервера 2', `${'лог '.repeat(16_380)}внезапный ${filler}перегрев`);
  await ticket('schet', romashka.id, 'Счёт на оплату', 'Не пришёл счёт за март');
  for (let i = 0; i < PRINTER_TICKETS; i++) {
    const made = await ticket(
      `bulk${i}`,
      i % 2 ? acme.id : romashka.id,
      i % 3 === 0 ? `Принтер ${i} на складе` : `Заявка ${i} со склада`,
      i % 3 === 0 ? 'Не печатает' : `Принтеры склада: замятие ${i}, printers jam`,
    );
    await comment(
      made.id,
      i % 2 ? `Принтер ${i}: printers checked` : `Принтер ${i} проверили, бухгалтерию предупредили`,
    );
  }
  await comment(ids.get('update')!, 'Проверили маршрутизаторы, ошибка 0x80070005 снова');
  await comment(ids.get('offline')!, 'The printers were offline again; see maria@zdorovie.example');
  await comment(ids.get('schet')!, 'Счета выставлены повторно');
  return { api, numbers, ids };
}

/** The fixed queries: word forms (ru, en), prefixes, phrases, codes, an e-mail, a ticket number, kinds. */
const queries = (numbers: Map<string, number>) => [
  'бухгалтерия',
  'бухгалтерии',
  'принтеры',
  'принтер склад',
  'бухгалт*',
  'printer',
  'printing errors',
  'offline',
  '"не видит сеть"',
  '"printer is offline"',
  '"не видит"',
  '"внезапный перегрев"',
  'внезапный перегрев',
  '"видит сети" принтер',
  '0x80070005',
  '80070005',
  'ERR_CONNECTION_RESET',
  'connection_reset',
  'setup-log',
  'maria@zdorovie.example',
  'zdorovie',
  'update 80070005',
  'cafe',
  'счет',
  'ромашки',
  `#${numbers.get('net')}`,
  'замятие',
];

async function page(api: ApiClient, q: string, extra = ''): Promise<Page> {
  const res = await api.get(`/api/v1/search?q=${encodeURIComponent(q)}&limit=10${extra}`);
  if (res.statusCode !== 200) throw new Error(`search ${q}: ${res.statusCode} ${res.body}`);
  return res.json() as Page;
}

const key = (h: Hit) => `${h.kind}:${h.id}`;

t.test('a fixed set of Russian and English queries: the same top 10 on SQLite and on PostgreSQL', async (t) => {
  const desks = {
    sqlite: await testDesk(t, { database: 'sqlite' }),
    postgres: await testDesk(t, { database: 'postgres' }),
  };
  t.equal(dialectOf(desks.sqlite.inst.database.db), 'sqlite');
  t.equal(dialectOf(desks.postgres.inst.database.db), 'postgres');
  const lite = await seed(await desks.sqlite.agent('engineer'), await desks.sqlite.agent('admin'));
  const pg = await seed(await desks.postgres.agent('engineer'), await desks.postgres.agent('admin'));
  t.same([...pg.ids], [...lite.ids], 'the same desk: every seeded row has the same id on both');
  t.same([...pg.numbers], [...lite.numbers], 'and every ticket the same number');

  const fixed = queries(lite.numbers);
  t.ok(fixed.length >= 15);
  for (const q of fixed) {
    const a = await page(lite.api, q);
    const b = await page(pg.api, q);
    t.ok(a.items.length > 0, `${q}: finds something`);
    t.same(b.items.map(key), a.items.map(key), `${q}: the same top 10, in the same order`);
    t.same(
      b.items.map((h) => [h.title, h.snippet]),
      a.items.map((h) => [h.title, h.snippet]),
      `${q}: titles and highlights alike`,
    );
    t.equal(b.nextCursor, a.nextCursor, `${q}: the same next page`);
  }

  // A page past the first, and a kind filter: the cursor walks the same matches on both.
  for (const [q, extra] of [
    ['принтер', ''],
    ['printers', ''],
    ['принтер', '&kind=comment'],
    ['принтер', '&kind=ticket'],
  ] as const) {
    const first = await page(lite.api, q, extra);
    t.ok(first.nextCursor, `${q}${extra}: more than a page`);
    const a = await page(lite.api, q, `${extra}&cursor=${encodeURIComponent(first.nextCursor!)}`);
    const b = await page(pg.api, q, `${extra}&cursor=${encodeURIComponent(first.nextCursor!)}`);
    t.ok(a.items.length > 0);
    t.same(b.items.map(key), a.items.map(key), `${q}${extra}: the same second page`);
  }

  // What the answers are, on both (so "the same" is not "the same nothing").
  const idsOf = async (api: ApiClient, q: string) => (await page(api, q, '&kind=ticket')).items.map((h) => h.id);
  for (const s of [lite, pg]) {
    t.same(await idsOf(s.api, '"не видит сеть"'), [s.ids.get('net')], 'a phrase: those words in that order only');
    t.same((await idsOf(s.api, 'не видит сеть')).sort(), [s.ids.get('net'), s.ids.get('net2')].sort(), 'unquoted');
    t.same(await idsOf(s.api, '"не видит" кабель'), [], 'a phrase does not run from the subject into the text');
    t.same(await idsOf(s.api, 'не видит кабель'), [s.ids.get('split')], 'its words apart do');
    t.same(await idsOf(s.api, '"внезапный перегрев"'), [s.ids.get('longNear')], 'a phrase deep in a long text');
    t.same(
      await idsOf(s.api, 'внезапный перегрев'),
      [s.ids.get('longFar'), s.ids.get('longNear')],
      'its words apart: both long texts',
    );
    t.same(await idsOf(s.api, 'ERR_CONNECTION_RESET'), [s.ids.get('browser')], 'an error code');
    t.same(await idsOf(s.api, 'cafe'), [s.ids.get('cafe')], 'café without its accent');
    t.same(await idsOf(s.api, 'счет'), [s.ids.get('schet')], 'счёт as счет');
    t.same(
      (await idsOf(s.api, 'бухгалтерия')).sort(),
      [s.ids.get('buh'), s.ids.get('buh2')].sort(),
      'бухгалтерия finds "в бухгалтерии"',
    );
    const contact = (await page(s.api, 'maria@zdorovie.example', '&kind=contact')).items.map((h) => h.id);
    t.same(contact, [s.ids.get('contact:maria')], 'an e-mail address');
    const byNumber = await page(s.api, `#${s.numbers.get('net')}`);
    t.equal(byNumber.items[0]?.id, s.ids.get('net'), 'a ticket by its number first');
  }

  // The queue's text filter reads the same word index on both.
  for (const q of ['бухгалтерия', '0x8007', '"принтеры в бухгалтерии"', 'printers']) {
    const list = async (api: ApiClient) =>
      ((await api.get(`/api/v1/tickets?q=${encodeURIComponent(q)}`)).json().items as { id: number }[]).map((i) => i.id);
    const a = await list(lite.api);
    t.ok(a.length > 0, `queue filter ${q}: finds something`);
    t.same(await list(pg.api), a, `queue filter ${q}: the same tickets on both`);
  }

  // PostgreSQL holds its index in its own structures: a tsvector table and a trigram one.
  const pgDb = desks.postgres.inst.database.db;
  const words = await sql<{ n: number }>`select count(*) as n from search_words`.execute(pgDb);
  const codes = await sql<{ n: number }>`select count(*) as n from search_codes`.execute(pgDb);
  t.ok(words.rows[0]!.n > PRINTER_TICKETS, 'tickets, comments, clients and contacts in search_words');
  t.ok(codes.rows[0]!.n > 0, 'code chunks in search_codes');
});

t.test('on PostgreSQL migration 028 takes its search tables away and makes them again, filled anew', async (t) => {
  const desk = await testDesk(t, { database: 'postgres' });
  const db = desk.inst.database.db;
  const eng = await desk.agent('engineer');
  const org = await makeOrganization(await desk.agent('admin'), { name: 'ООО Ромашка' });
  const made = await makeTicket(eng, org.id, { subject: 'Принтеры в бухгалтерии', description: 'Ошибка 0x80070005' });
  const found = async (q: string) => ((await page(eng, q, '&kind=ticket')).items as Hit[]).map((h) => h.id);
  t.same(await found('бухгалтерия'), [made.id]);
  const tables = async () =>
    (
      await sql<{ name: string }>`select tablename as name from pg_tables
        where schemaname = current_schema() and tablename in ('search_words', 'search_codes') order by 1`.execute(db)
    ).rows.map((r) => r.name);
  t.same(await tables(), ['search_codes', 'search_words']);
  const down = await createMigrator(db).migrateTo('2026-12-04-027-integration-api');
  t.equal(down.error, undefined, 'down to the schema before the stems');
  t.same(await tables(), [], 'the tables are gone');
  await migrateToLatest(db);
  t.same(await tables(), ['search_codes', 'search_words'], 'and back');
  t.ok((await indexBacklog(desk.inst.ctx())) >= 2, 'every row queued again and indexed');
  t.same(await found('бухгалтерии'), [made.id], 'found by its words');
  t.same(await found('80070005'), [made.id], 'and by its code');
});
