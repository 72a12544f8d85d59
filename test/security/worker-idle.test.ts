/**
 * Worker threads that hash passwords or read mail end once idle: a thread keeps its V8 heap and malloc arena for
 * as long as it lives (some 10–20 MB each after a sign-in flood or a burst of mail). The next task starts a new one.
 */
import t from 'tap';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { HashPool } from '../../server/modules/auth/password.js';
import { defaultInboundSettings } from '../../server/modules/inbound-mail/inbound-mail.service.js';
import {
  MAIL_WORKER_IDLE_MS,
  mailWorkerThreads,
  readOffThread,
  refusedOffThread,
} from '../../server/modules/inbound-mail/mail-read-pool.js';

const threadsOfProcess = () => Number(/Threads:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))![1]);
const params = { N: 2 ** 12, r: 8, p: 1 };

t.test('a hashing worker idle for idleMs ends, and the next hash starts another', async (t) => {
  const pool = new HashPool({ workers: 1, queue: 4, idleMs: 300 });
  t.teardown(() => pool.close());
  const before = threadsOfProcess();
  t.equal((await pool.derive('first', randomBytes(16), params)).length, 32);
  t.equal(pool.threads, 1);
  t.equal(threadsOfProcess(), before + 1, 'the worker is a thread of the process');
  // Work that keeps arriving keeps the worker: each task restarts its idle time.
  for (let i = 0; i < 3; i++) {
    await sleep(150);
    await pool.derive(`again ${i}`, randomBytes(16), params);
  }
  t.equal(pool.threads, 1, 'not ended while used more often than idleMs');
  await sleep(800);
  t.equal(pool.threads, 0, 'ended after idleMs without work');
  t.equal(threadsOfProcess(), before, 'its thread is gone');
  t.equal((await pool.derive('later', randomBytes(16), params)).length, 32, 'a later hash starts a new worker');
  t.equal(pool.threads, 1);
});

t.test('a mail worker idle for a few seconds ends, and the next message starts another', async (t) => {
  const raw = Buffer.from(
    ['From: Ivan <ivan@romashka.example>', 'To: support@desk.test', 'Subject: Принтер', '', 'Не печатает.'].join(
      '\r\n',
    ),
  );
  const first = await readOffThread(raw, defaultInboundSettings, 10_000);
  t.equal(first.kind, 'read');
  t.equal(mailWorkerThreads(), 1);
  await sleep(MAIL_WORKER_IDLE_MS + 1500);
  t.equal(mailWorkerThreads(), 0, 'ended after its idle time');
  const again = await readOffThread(raw, defaultInboundSettings, 10_000);
  t.equal(again.kind, 'read', 'a later message is read by a new worker');
  t.equal(mailWorkerThreads(), 1);
});

t.test('a message still read after a third of its budget starts a spare worker, which takes over', async (t) => {
  const hostile = Buffer.from(
    [
      'From: =?UTF-8?B?0JjQstCw0L0=?= <ivan@romashka.example>',
      'To: support@desk.test',
      `Subject: =?UTF-8?B?${Buffer.from('Глубокая вложенность').toString('base64')}?=`,
      'Content-Type: text/html',
      '',
    ]
      .concat('<div><span><b>'.repeat(140_000))
      .join('\r\n'),
  );
  const reading = readOffThread(hostile, defaultInboundSettings, 1200);
  await sleep(800);
  t.equal(mailWorkerThreads(), 2, 'a spare starts while the message is still being read');
  const outcome = await reading;
  t.equal(outcome.kind, 'timeout', 'the reader over its budget is terminated');
  t.same(
    outcome.kind === 'timeout' && outcome.head,
    { sender: { address: 'ivan@romashka.example', name: 'Иван' }, subject: 'Глубокая вложенность' },
    'its sender and subject, read before the body, come with the timeout: the refusal needs no second read',
  );
  t.equal(mailWorkerThreads(), 1, 'the spare is left');
  const sender = await refusedOffThread(hostile, defaultInboundSettings, 10_000, 'too slow');
  t.match(sender, { ok: false, sender: { address: 'ivan@romashka.example' }, reason: 'too slow' });
  t.equal(mailWorkerThreads(), 1, 'its sender read, still the one thread');
});
