import t from 'tap';
import { indexDocument } from '../../server/modules/search/search-text.js';
import {
  endSearchWorker,
  indexDocuments,
  OFF_THREAD_MIN_CHARS,
  SEARCH_WORKER_IDLE_MS,
  searchWorkerRunning,
} from '../../server/modules/search/search-text-pool.js';

const phrases = [
  'Не печатает принтер HP LaserJet в бухгалтерии, ошибка 0x80070005',
  'Printers in the accounting office stopped printing after the update',
  'Письмо от ivanov@example.ru с файлом отчёт_2026.xlsx не доходит',
  'VPN drops every hour: ERR_CONNECTION_RESET on 10.0.0.15',
  'Ёлка ещё не установлена, серверы перезагружаются',
];
/** Documents of about `chars` characters each, from the phrases above, with numbers that differ. */
const docs = (n: number, chars: number): [string, string][] =>
  Array.from({ length: n }, (_, i) => {
    let body = '';
    for (let j = 0; body.length < chars; j++) body += `${phrases[(i + j) % phrases.length]} №${i * 1000 + j}. `;
    return [`Заявка ${i}: ${phrases[i % phrases.length]}`, body];
  });

t.test('a batch with little text is computed on the calling thread, with the same rows', async (t) => {
  const small = docs(5, 200);
  t.ok(small.reduce((n, [a, b]) => n + a.length + b.length, 0) < OFF_THREAD_MIN_CHARS);
  t.same(
    await indexDocuments(small),
    small.map(([title, body]) => indexDocument(title, body)),
  );
  t.equal(searchWorkerRunning(), false, 'no thread was started for it');
});

t.test('a batch with much text is computed on the worker thread, with the same rows, in order', async (t) => {
  const big = docs(60, 2000);
  const rows = await indexDocuments(big);
  t.equal(searchWorkerRunning(), true, 'the worker thread computed it');
  t.same(
    rows,
    big.map(([title, body]) => indexDocument(title, body)),
    'stems and codes as computed here',
  );
  t.match(rows[0], { title: /заявк 0 не печата принтер/, codes: /0x80070005/ });
  const [a, b] = await Promise.all([indexDocuments(docs(30, 1000)), indexDocuments(docs(40, 900))]);
  t.same(
    a,
    docs(30, 1000).map(([x, y]) => indexDocument(x, y)),
    'two batches at once each get their own rows',
  );
  t.same(
    b,
    docs(40, 900).map(([x, y]) => indexDocument(x, y)),
  );
});

t.test('the request thread keeps turning while long documents are analysed', async (t) => {
  // Ten comments of 200,000 characters (the most a comment may hold): some 400 ms of analysis on this machine.
  const long = docs(10, 200_000);
  let ticks = 0;
  const timer = setInterval(() => ticks++, 5);
  const rows = await indexDocuments(long);
  clearInterval(timer);
  t.equal(rows.length, 10);
  t.ok(ticks >= 3, `timers fired while the worker analysed (${ticks} times)`);
  t.same(rows[9], indexDocument(...long[9]!), 'the rows are the same as here');
});

t.test('a worker that ends with batches in hand leaves them to this thread', async (t) => {
  const big = docs(200, 2000);
  const pending = indexDocuments(big);
  await endSearchWorker();
  t.same(
    await pending,
    big.map(([title, body]) => indexDocument(title, body)),
    'every row still computed',
  );
  t.equal(searchWorkerRunning(), false);
  t.same(
    await indexDocuments(docs(20, 1000)),
    docs(20, 1000).map(([x, y]) => indexDocument(x, y)),
    'and a new one starts',
  );
  t.equal(searchWorkerRunning(), true);
});

t.test('an idle worker ends after a few seconds', async (t) => {
  await indexDocuments(docs(20, 1000));
  t.equal(searchWorkerRunning(), true);
  await new Promise((r) => setTimeout(r, SEARCH_WORKER_IDLE_MS + 1000));
  t.equal(searchWorkerRunning(), false, 'no thread is kept for a desk that indexes nothing');
});
