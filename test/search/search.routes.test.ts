import t from 'tap';
import { sql } from 'kysely';
import { testDesk } from '../helpers/app.js';
import { makeContact, makeOrganization, makeTicket } from '../helpers/factories.js';
import { SLICE } from '../../server/modules/search/search.service.js';

type Hit = { kind: string; id: number; ticketId?: number; snippet: string };
const ids = (items: Hit[], kind = 'ticket') => items.filter((h) => h.kind === kind).map((h) => h.id);

t.test('one box finds tickets, comments, clients and contacts by word forms; highlighted; escaped', async (t) => {
  const desk = await testDesk(t);
  const eng = await desk.agent('engineer');
  const admin = await desk.agent('admin');
  const org = await makeOrganization(admin, { name: 'Аптеки «Здоровье»', taxId: '7701234567' });
  const contact = await makeContact(eng, org.id, { name: 'Мария Кузнецова', email: 'maria@zdorovie.example' });
  const printers = await makeTicket(eng, org.id, {
    subject: 'Принтеры в бухгалтерии не печатают',
    description: 'Замятие бумаги',
  });
  const other = await makeTicket(eng, org.id, {
    subject: 'VPN drops',
    description: 'tunnel <b>flaps</b>, printers idle',
  });
  await eng.post(`/api/v1/tickets/${other.id}/comments`, {
    body: 'Проверили маршрутизаторы, всё ещё падает',
    public: false,
  });
  const find = async (q: string, extra = '') =>
    (await eng.get(`/api/v1/search?q=${encodeURIComponent(q)}${extra}`)).json().items as Hit[];

  t.same(ids(await find('бухгалтерия')), [printers.id], 'бухгалтерия finds "в бухгалтерии"');
  t.same(ids(await find('принтер ')), [printers.id], 'принтер finds Принтеры');
  t.same(ids(await find('printer')), [other.id], 'printer finds printers (English stems)');
  const hit = (await find('принтером'))[0]!;
  t.match(hit, { kind: 'ticket', id: printers.id }, 'an inflected form finds its word');
  t.match(hit.snippet, /<mark>Принтеры<\/mark>/, 'the matched word is highlighted');
  t.match(await find('маршрутизатор'), [{ kind: 'comment', ticketId: other.id }], 'comments by word form');
  t.ok(
    (await find('здоровья')).some((h) => h.kind === 'organization' && h.id === org.id),
    'clients',
  );
  t.same(ids(await find('zdorovie.example'), 'contact'), [contact.id], 'an e-mail domain: exact substring');
  t.same(ids(await find('maria@zdorovie'), 'contact'), [contact.id], 'part of an address');
  t.match(
    (await find('flaps'))[0]!.snippet,
    /&#60;b&#62;<mark>flaps<\/mark>&#60;\/b&#62;/,
    'stored HTML is escaped, only <mark> is markup',
  );

  // the index follows updates
  await eng.patch(`/api/v1/tickets/${printers.id}`, { subject: 'Сканер не работает' });
  t.same(await find('бухгалтерии', '&kind=ticket'), [], 'a renamed ticket is no longer found under the old subject');
  t.same(ids(await find('сканеры')), [printers.id], 'and is found under the new one');
  t.equal((await eng.get('/api/v1/search?q=')).statusCode, 400);
  const bad = await eng.get('/api/v1/search?q=x&cursor=zzz');
  t.equal(bad.statusCode, 400, 'a cursor not given out by search is refused');
  t.match(bad.json(), { code: 'bad_cursor', detail: /start the search again/ });
});

t.test('codes, numbers, file names and phrases', async (t) => {
  const desk = await testDesk(t);
  const eng = await desk.agent('engineer');
  const org = await makeOrganization(await desk.agent('admin'), { name: 'ООО Ромашка' });
  const update = await makeTicket(eng, org.id, {
    subject: 'Windows Update',
    description: 'Ошибка 0x80070005 при установке, лог в файле setup-log_2026.txt',
  });
  const browser = await makeTicket(eng, org.id, {
    subject: 'Сайт не открывается',
    description: 'Chrome пишет ERR_CONNECTION_RESET, кабинет 204',
  });
  const order = await makeTicket(eng, org.id, {
    subject: 'Сеть не видит принтер',
    description: 'После переезда принтер не видит сеть',
  });
  const reversed = await makeTicket(eng, org.id, { subject: 'Сеть', description: 'видит не всё, принтер' });
  const find = async (q: string) =>
    ids((await eng.get(`/api/v1/search?q=${encodeURIComponent(q)}&kind=ticket`)).json().items);

  t.same(await find('0x80070005'), [update.id], 'an error code');
  t.same(await find('80070005'), [update.id], 'a part of an error code (substring)');
  t.same(await find('ERR_CONNECTION_RESET'), [browser.id], 'an error name with underscores');
  t.same(await find('CONNECTION_RESET'), [browser.id], 'and its tail');
  t.same(await find('setup-log'), [update.id], 'a file name in part');
  t.same(await find('204'), [browser.id], 'a number in the text');
  t.same(await find(`#${order.number}`), [order.id], 'a ticket by its #number');
  t.same(await find('"не видит сеть"'), [order.id], 'a quoted phrase: those words in that order only');
  t.same((await find('не видит сеть')).sort(), [order.id, reversed.id].sort(), 'the same words unquoted: both');
  t.same(await find('"видит сети" принтер'), [order.id], 'a phrase of word forms, and another word');
  t.same(await find('0x80070005 сайт'), [], 'every term must match');
  t.same(await find('updates 80070005'), [update.id], 'a word form and a part of a code together');
});

t.test('results show status, client and date', async (t) => {
  const desk = await testDesk(t);
  const eng = await desk.agent('engineer');
  const org = await makeOrganization(await desk.agent('admin'), { name: 'ООО Ромашка' });
  const ticket = await makeTicket(eng, org.id, { subject: 'Касса не печатает чеки', description: 'Атол' });
  await eng.patch(`/api/v1/tickets/${ticket.id}`, { status: 'in_progress' });
  const comment = (
    await eng.post(`/api/v1/tickets/${ticket.id}/comments`, { body: 'Заменили кассовую ленту', public: true })
  ).json();
  const items = (await eng.get(`/api/v1/search?q=${encodeURIComponent('касса')}&kind=ticket`)).json().items;
  t.match(items, [
    {
      kind: 'ticket',
      id: ticket.id,
      number: ticket.number,
      title: `#${ticket.number} Касса не печатает чеки`,
      status: 'in_progress',
      organizationId: org.id,
      organizationName: 'ООО Ромашка',
      createdAt: ticket.createdAt,
    },
  ]);
  const onComment = (await eng.get(`/api/v1/search?q=${encodeURIComponent('ленту')}`)).json().items;
  t.match(onComment, [
    {
      kind: 'comment',
      id: comment.id,
      ticketId: ticket.id,
      title: `#${ticket.number} Касса не печатает чеки`,
      status: 'in_progress',
      organizationName: 'ООО Ромашка',
      createdAt: comment.createdAt,
    },
  ]);
  const onOrg = (await eng.get(`/api/v1/search?q=${encodeURIComponent('ромашки')}&kind=organization`)).json();
  t.match(onOrg, { items: [{ kind: 'organization', id: org.id, organizationName: 'ООО Ромашка' }], nextCursor: null });
});

t.test('every match can be found: an old ticket among many, by a rare word and by paging a common one', async (t) => {
  const desk = await testDesk(t);
  const eng = await desk.agent('engineer');
  const org = await makeOrganization(await desk.agent('admin'), { name: 'Склад' });
  const bulk = 3 * SLICE + 250; // more matches than are ever ranked at once
  const now = new Date().toISOString();
  await desk.inst.database.writes.run(async (trx) => {
    await sql`insert into tickets (number, subject, description, type, priority, status, organization_id, channel, tags, created_at, updated_at)
              values (1, 'Принтер в архиве', 'Старый гиперболоид на складе', 'request', 'P3', 'closed', ${org.id}, 'api', '[]', '2021-01-04T09:00:00.000Z', '2021-01-04T09:00:00.000Z')`.execute(
      trx,
    );
    for (let i = 2; i <= bulk; i++) {
      await sql`insert into tickets (number, subject, description, type, priority, status, organization_id, channel, tags, created_at, updated_at)
                values (${i}, ${`Принтер ${i} не печатает`}, 'Замятие', 'request', 'P3', 'new', ${org.id}, 'api', '[]', ${now}, ${now})`.execute(
        trx,
      );
    }
  });
  const page = async (q: string, cursor?: string) =>
    (
      await eng.get(
        `/api/v1/search?q=${encodeURIComponent(q)}&kind=ticket&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      )
    ).json() as { items: Hit[]; nextCursor: string | null };

  const rare = await page('гиперболоиды');
  t.same(ids(rare.items), [1], 'the oldest ticket by its rare word (in another form)');
  t.equal(rare.nextCursor, null);
  const both = await page('принтеры гиперболоид');
  t.same(ids(both.items), [1], 'a common word with the rare one: only the old ticket');

  const seen = new Set<number>();
  let cursor: string | undefined;
  let pages = 0;
  do {
    const p = await page('принтер', cursor);
    for (const h of p.items) seen.add(h.id);
    cursor = p.nextCursor ?? undefined;
    pages++;
  } while (cursor && pages < 100);
  t.equal(seen.size, bulk, 'paging a common word reaches every one of its matches, each once');
  t.ok(seen.has(1), 'the oldest among them too');
  t.equal(pages, Math.ceil(bulk / 100), 'a page per hundred: the slices follow each other without a gap');
});

t.test('search text is bounded: long and many-word queries answer, FTS syntax is text', async (t) => {
  const desk = await testDesk(t);
  const eng = await desk.agent('engineer');
  const org = await makeOrganization(await desk.agent('admin'), { name: 'ООО Ромашка' });
  const ticket = await makeTicket(eng, org.id, { subject: 'NEAR the AND gate left unclosed', description: 'x' });
  const q = encodeURIComponent('NEAR AND gate "unclosed * ( ) - ^');
  const res = await eng.get(`/api/v1/search?q=${q}`);
  t.equal(res.statusCode, 200);
  t.same(ids(res.json().items), [ticket.id], 'operators are plain words');
  const many = await eng.get(`/api/v1/search?q=${encodeURIComponent('слово '.repeat(40).slice(0, 200))}`);
  t.same(many.json(), { items: [], nextCursor: null }, 'forty words: capped, answered');
  t.equal((await eng.get(`/api/v1/search?q=${'a'.repeat(201)}`)).statusCode, 400, 'longer than 200 characters');
});
