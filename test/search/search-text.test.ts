import t from 'tap';
import fc from 'fast-check';
import BetterSqlite3 from 'better-sqlite3';
import {
  codeMatch,
  codes,
  fold,
  fts5Match,
  ftsTokens,
  holdsPhrases,
  indexDocument,
  MAX_QUERY_TERMS,
  parseQuery,
  stemWord,
  stems,
  substringPattern,
  titleStems,
  tsqueryLoose,
  tsqueryText,
  tsvectorText,
  wordClauses,
  wordMatch,
} from '../../server/modules/search/search-text.js';
import { ftsQuery, tsQuery } from '../../server/modules/search/fts-query.js';

t.test('Russian words stem by the Russian Snowball, Latin ones by the English one, others stay whole', async (t) => {
  t.equal(stemWord('бухгалтерия'), stemWord('бухгалтерии'), 'бухгалтерия ~ бухгалтерии');
  t.equal(stemWord('Бухгалтерию'), 'бухгалтер');
  t.equal(stemWord('принтеры'), 'принтер');
  t.equal(stemWord('Принтеров'), 'принтер');
  t.equal(stemWord('ошибка'), stemWord('ошибку'));
  t.equal(stemWord('ёлка'), stemWord('елка'), 'ё folds to е');
  t.equal(stemWord('printers'), 'printer');
  t.equal(stemWord('Printing'), 'print');
  t.equal(stemWord('updates'), stemWord('update'));
  t.equal(stemWord('R740'), 'r740', 'a word with digits is kept as typed (folded)');
  t.equal(stemWord('1С'), '1с');
  t.equal(stemWord('Ελλάδα'), 'ελλάδα', 'another script: folded, not stemmed');
  t.same(stems('Принтеры в бухгалтерии'), ['принтер', 'в', 'бухгалтер'], 'in order, for phrases');
});

t.test('a title’s stems are the same remembered as made anew, one entry per text', async (t) => {
  for (const title of ['Не печатает принтер', 'Printers jam in room 204', 'ООО «Ромашка»', '']) {
    t.same(titleStems(title), stems(title), title || 'an empty title');
    t.equal(titleStems(title), titleStems(title), `${title || 'an empty title'}: the second time from memory`);
  }
  // A ticket's title is its number then its subject: stemmed apart, the same words as stemmed whole.
  t.same(['123', ...titleStems('Не печатает принтер')], stems('#123 Не печатает принтер'));
  fc.assert(
    fc.property(fc.string({ maxLength: 60 }), (title) => {
      t.same(titleStems(title), stems(title));
    }),
    { numRuns: 200 },
  );
});

t.test('codes: chunks with digits or inner @ _ . / - : are kept whole for substring search', async (t) => {
  t.same(codes('Ошибка 0x80070005, см. report.xlsx; пишите maria@zdorovie.example (ERR_CONNECTION_RESET).'), [
    '0x80070005',
    'report.xlsx',
    'maria@zdorovie.example',
    'err_connection_reset',
  ]);
  t.same(codes('Кабинет 204, код 1C-17, #123'), ['204', '1c-17', '#123']);
  t.same(codes('просто слова без кодов, e.g. да'), [], 'plain words and short abbreviations are not codes');
  t.same(codes('0x80070005 и снова 0x80070005'), ['0x80070005'], 'each once');
  const doc = indexDocument('#7 Принтеры не печатают', 'Ошибка E-503 в бухгалтерии');
  t.same(doc, { title: '7 принтер не печата', body: 'ошибк e 503 в бухгалтер', codes: 'e-503' });
});

t.test('a query: words as stems (the last one a prefix), phrases, codes, a ticket number', async (t) => {
  const q = parseQuery('Принтеры бухгалт "не печатает бумагу" 0x8007 #42');
  t.same(q.words, [
    { stem: 'принтер', prefix: false },
    { stem: 'бухгалт', prefix: false },
  ]);
  t.same(q.phrases, [['не', 'печата', 'бумаг']]);
  t.same(q.codes, ['0x8007']);
  t.equal(q.ticketNumber, 42);
  t.equal(wordMatch(q), '"принтер" AND "бухгалт" AND "не печата бумаг"');
  t.equal(codeMatch(q), '"0x8007"');
  t.same(parseQuery('бухгалт*').words, [{ stem: 'бухгалт', prefix: true }], 'a trailing * asks for a prefix');
  t.same(parseQuery('бухгалт').words, [{ stem: 'бухгалт', prefix: false }], 'and only it');
  t.same(parseQuery('vp*').words, [{ stem: 'vp', prefix: false }], 'too short a prefix to be one');
  t.equal(wordMatch(parseQuery('a - * "')), null, 'nothing left');
  t.equal(ftsQuery('NEAR(x*) "сервер"; drop'), '"сервер" AND "near" AND "drop"', 'FTS syntax is plain text');
  t.equal(ftsQuery('0x8007'), '"0x8007"*', 'the queue filter finds a code as a word, typed in part');
  t.equal(ftsQuery('maria@zdorovie.example'), '"maria zdorovi exampl"*', 'an address as the phrase of its parts');
  t.equal(ftsQuery('#12'), '"12"', 'a number as the word the title holds');
  t.equal(parseQuery('a b c d e f g h i j k l m n o p q r s t').words.length, 0, 'one-letter words carry nothing');
  t.equal(
    parseQuery('один два три четыре пять шесть семь восемь девять десять').words.length,
    MAX_QUERY_TERMS,
    'the term count is capped',
  );
});

t.test('any typed text gives a valid FTS5 query over the real tables, bounded in terms', async (t) => {
  const db = new BetterSqlite3(':memory:');
  t.teardown(() => db.close());
  db.exec(`create virtual table w using fts5(title, body, tokenize = 'unicode61 remove_diacritics 2');
           create virtual table c using fts5(codes, tokenize = 'trigram');
           insert into w values ('принтер', 'печата бумаг'); insert into c values ('0x80070005');`);
  const words = db.prepare('select count(*) as n from w where w match ?');
  const codesQ = db.prepare('select count(*) as n from c where c match ?');
  fc.assert(
    fc.property(fc.string({ maxLength: 200 }), (text) => {
      const q = parseQuery(text);
      const terms = q.words.length + q.phrases.length + q.codes.length + (q.ticketNumber === null ? 0 : 1);
      if (terms > MAX_QUERY_TERMS) return false;
      const wm = wordMatch(q);
      const cm = codeMatch(q);
      if (wm) words.get(wm);
      if (cm) codesQ.get(cm);
      const f = ftsQuery(text);
      if (f) words.get(f);
      return true;
    }),
    { numRuns: 2000 },
  );
  t.pass('2,000 random inputs: no query error, never more than the cap');
});

t.test('PostgreSQL holds the tokens SQLite’s FTS5 tokenizer makes of every letter and digit', async (t) => {
  const db = new BetterSqlite3(':memory:');
  t.teardown(() => db.close());
  db.exec(`create virtual table w using fts5(x, tokenize = 'unicode61 remove_diacritics 2');
           create virtual table v using fts5vocab(w, 'instance');`);
  const insert = db.prepare('insert into w (rowid, x) values (?, ?)');
  const checked = new Map<number, string>();
  db.transaction(() => {
    for (let cp = 0x30; cp < 0x30000; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const folded = fold(String.fromCodePoint(cp));
      // What an index term can hold: letters and digits only (the words of search-text.ts), as folded.
      if (!/^[\p{L}\p{N}]+$/u.test(folded)) continue;
      checked.set(cp, folded);
      insert.run(cp, folded);
    }
  })();
  const tokens = new Map<number, string[]>();
  for (const r of db.prepare('select term, doc from v order by doc, offset').all() as { term: string; doc: number }[])
    tokens.set(r.doc, [...(tokens.get(r.doc) ?? []), r.term]);
  const differ = [...checked].filter(
    ([cp, folded]) => ftsTokens(folded).join('|') !== (tokens.get(cp) ?? []).join('|'),
  );
  t.ok(checked.size > 100_000, `${checked.size} characters checked`);
  t.same(differ, [], 'every one tokenized alike');
  t.same(ftsTokens('café'), ['cafe'], 'a Latin accent goes');
  t.same(ftsTokens('йогурт'), ['йогурт'], 'й stays й');
  t.same(ftsTokens('straße'), ['straße']);
});

t.test(
  'the tsvector and tsquery of PostgreSQL: the same tokens, positions for phrases, nothing is syntax',
  async (t) => {
    t.same(tsvectorText('7 принтер', 'принтер не печата'), {
      text: `'7':1 'принтер':2,4 'не':5 'печата':6`,
      exact: true,
    });
    t.same(
      tsvectorText('', "o'brien a\\b"),
      { text: `'o''brien':2 'a\\\\b':3`, exact: true },
      'quotes and backslashes are data',
    );
    const long = tsvectorText('x', `${'ab '.repeat(17_000)}замят бумаг`);
    t.equal(long.exact, false, 'past word 16,383 the positions are not whole');
    t.match(long.text, /'замят':16383 'бумаг':16383$/, 'PostgreSQL’s last position');
    t.equal(tsvectorText('', 'ab '.repeat(300)).exact, false, 'nor past 256 places of one word');
    const phrase = wordClauses(parseQuery('"не печатает" бумага'));
    t.equal(tsqueryLoose(phrase), `'бумаг' & 'не' & 'печата'`, 'a phrase loosened to its tokens');
    t.equal(tsqueryLoose(wordClauses(parseQuery('бумага принтер'))), null, 'no phrase, nothing to loosen');
    t.ok(holdsPhrases('принтер', 'он не печата бумаг', phrase), 'the phrase within the body');
    t.notOk(holdsPhrases('принтер не', 'печата бумаг', phrase), 'not across the title and the body');
    t.notOk(holdsPhrases('', 'печата не бумаг', phrase), 'not in another order');
    const q = parseQuery('Принтеры бухгалт* "не печатает бумагу" café');
    t.equal(tsqueryText(wordClauses(q)), `'принтер' & 'бухгалт':* & 'cafe' & ('не' <-> 'печата' <-> 'бумаг')`);
    t.equal(fts5Match(wordClauses(q)), wordMatch(q), 'the same clauses FTS5 is given');
    t.equal(tsqueryText([]), null);
    t.equal(tsQuery('maria@zdorovie.example'), `('maria' <-> 'zdorovi' <-> 'exampl':*)`, 'an address, typed in part');
    t.equal(substringPattern('err_50%\\x'), '%err\\_50\\%\\\\x%', 'LIKE wildcards typed are literal');
  },
);
