import t from 'tap';
import { testDesk } from '../helpers/app.js';
import { makeContact, makeOrganization, makeTicket } from '../helpers/factories.js';
import { ftsQuery } from '../../server/modules/search/fts-query.js';

t.test('search box text becomes quoted prefix queries; FTS syntax is plain text', async (t) => {
  t.equal(ftsQuery('принтер'), '"принтер"*');
  t.equal(ftsQuery('Принтеры'), '"принтер"*');
  t.equal(ftsQuery('a b NEAR(x*) "сервер"; drop'), '"near"* AND "сервер"* AND "drop"*');
  t.equal(ftsQuery('a - * "'), null);
  t.equal(ftsQuery('1С почту'), '"1с"* AND "почт"*', 'short words kept whole, inflection dropped');
  t.equal(ftsQuery('почта'), '"почт"*');
  t.equal(ftsQuery('VPN'), '"vpn"*');
});

t.test('one box finds tickets, comments, organizations and contacts; Russian substrings; highlighted', async (t) => {
  const desk = await testDesk(t);
  const eng = await desk.agent('engineer');
  const admin = await desk.agent('admin');
  const org = await makeOrganization(admin, { name: 'Аптеки «Здоровье»', taxId: '7701234567' });
  await makeContact(eng, org.id, { name: 'Мария Кузнецова', email: 'maria@zdorovie.example' });
  const printers = await makeTicket(eng, org.id, {
    subject: 'Принтеры в бухгалтерии не печатают',
    description: 'Замятие бумаги',
  });
  const other = await makeTicket(eng, org.id, { subject: 'VPN drops', description: 'tunnel <b>flaps</b>' });
  await eng.post(`/api/v1/tickets/${other.id}/comments`, {
    body: 'Проверили маршрутизатор, всё ещё падает',
    public: false,
  });

  const res = await eng.get(`/api/v1/search?q=${encodeURIComponent('принтер')}`);
  t.equal(res.statusCode, 200);
  const items = res.json().items;
  t.equal(items[0].kind, 'ticket');
  t.equal(items[0].id, printers.id);
  t.match(items[0].snippet, /<mark>Принтеры<\/mark>/, 'matched word highlighted');

  const comment = (await eng.get(`/api/v1/search?q=${encodeURIComponent('маршрутизатор')}`)).json().items;
  t.match(comment[0], { kind: 'comment', ticketId: other.id });
  const orgHit = (await eng.get(`/api/v1/search?q=${encodeURIComponent('здоровье')}`)).json().items;
  t.ok(orgHit.some((h: { kind: string; id: number }) => h.kind === 'organization' && h.id === org.id));
  const contactHit = (await eng.get('/api/v1/search?q=zdorovie.example')).json().items;
  t.ok(contactHit.some((h: { kind: string }) => h.kind === 'contact'));
  const escaped = (await eng.get('/api/v1/search?q=flaps')).json().items;
  t.match(
    escaped[0].snippet,
    /&#60;b&#62;<mark>flaps<\/mark>&#60;\/b&#62;/,
    'stored HTML is escaped, only <mark> is markup',
  );

  // the index follows updates
  await eng.patch(`/api/v1/tickets/${printers.id}`, { subject: 'Сканер не работает' });
  const after = (await eng.get(`/api/v1/search?q=${encodeURIComponent('принтер')}&kind=ticket`)).json().items;
  t.same(after, [], 'renamed ticket no longer found under the old subject');
  t.equal((await eng.get('/api/v1/search?q=')).statusCode, 400);
});

t.test('snippets: a window around the first match, matched words marked, everything else escaped', async (t) => {
  const { buildSnippet } = await import('../../server/modules/search/snippet.js');
  t.equal(
    buildSnippet('Не печатает Принтеры <b>HP</b>', ['принтер']),
    'Не печатает <mark>Принтеры</mark> &#60;b&#62;HP&#60;/b&#62;',
  );
  const long = `${'слово '.repeat(100)}сервер упал ${'ещё '.repeat(100)}`;
  const snip = buildSnippet(long, ['сервер']);
  t.match(snip, /^…слово .*<mark>сервер<\/mark> упал .*…$/);
  t.ok(snip.length < 260, 'a window, not the whole text');
  t.equal(buildSnippet('no match here', ['zzz']), 'no match here');
});
