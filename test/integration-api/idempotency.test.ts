import t from 'tap';
import type { Test } from 'tap';
import { testDesk } from '../helpers/app.js';
import { makeOrganization } from '../helpers/factories.js';
import { fixedClock } from '../../server/shared/clock.js';
import { createAgent } from '../../server/modules/agents/agents.service.js';
import { inTransaction } from '../../server/context.js';
import { sql } from 'kysely';
import { reserveIdempotencyKey, idempotencyCleanupJob } from '../../server/modules/integration/index.js';

const ticketBody = (organizationId: number, subject = 'Printer on fire') => ({
  subject,
  description: 'The office printer smokes',
  organizationId,
  type: 'incident',
  priority: 'P2',
});

async function post(
  desk: Awaited<ReturnType<typeof testDesk>>,
  token: string,
  url: string,
  body: unknown,
  key: string,
  payload = JSON.stringify(body),
) {
  return desk.app.inject({
    method: 'POST',
    url,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key },
    payload,
  });
}

t.test('the same Idempotency-Key twice creates one ticket and returns the same answer', async (t) => {
  const desk = await testDesk(t);
  const admin = await desk.agent('admin');
  const org = await makeOrganization(admin);
  const body = ticketBody(org.id);
  const first = await post(desk, admin.token, '/api/v1/tickets', body, 'order-4711');
  t.equal(first.statusCode, 201);
  t.notOk(first.headers['idempotent-replayed'], 'the first answer is not a replay');
  // The same body spelled with other spacing is the same request.
  const again = await post(desk, admin.token, '/api/v1/tickets', body, 'order-4711', JSON.stringify(body, null, 2));
  t.equal(again.statusCode, 201, 'the same status');
  t.equal(again.body, first.body, 'the same body, byte for byte');
  t.equal(again.headers['idempotent-replayed'], 'true');
  t.match(String(again.headers['content-type']), /^application\/json/);
  const list = await admin.get('/api/v1/tickets');
  t.equal(list.json().items.length, 1, 'one ticket only');

  const other = await post(desk, admin.token, '/api/v1/tickets', ticketBody(org.id, 'Another'), 'order-4711');
  t.equal(other.statusCode, 422, 'the same key with another body');
  t.equal(other.json().code, 'idempotency_key_reused');
  t.match(String(other.headers['content-type']), /application\/problem\+json/);
  t.match(other.json().detail, /another request/);

  const otherRoute = await post(desk, admin.token, '/api/v1/organizations', { name: 'Acme' }, 'order-4711');
  t.equal(otherRoute.statusCode, 422, 'the same key on another address');

  const fresh = await post(desk, admin.token, '/api/v1/tickets', ticketBody(org.id, 'Second'), 'order-4712');
  t.equal(fresh.statusCode, 201, 'a new key is a new request');
  t.not(fresh.json().id, first.json().id);
  t.equal((await admin.get('/api/v1/tickets')).json().items.length, 2);
});

t.test('keys are per caller, too long keys are refused, 4xx answers are kept', async (t) => {
  const desk = await testDesk(t);
  const admin = await desk.agent('admin');
  const other = await desk.agent('admin');
  const org = await makeOrganization(admin);
  const mine = await post(desk, admin.token, '/api/v1/tickets', ticketBody(org.id), 'k1');
  const theirs = await post(desk, other.token, '/api/v1/tickets', ticketBody(org.id), 'k1');
  t.equal(theirs.statusCode, 201);
  t.notOk(theirs.headers['idempotent-replayed'], "another caller's key of the same name is theirs");
  t.not(theirs.json().id, mine.json().id);

  const long = await post(desk, admin.token, '/api/v1/tickets', ticketBody(org.id), 'x'.repeat(256));
  t.equal(long.statusCode, 400);
  t.equal(long.json().code, 'idempotency_key_invalid');
  t.match(long.json().detail, /255/);
  t.equal(
    (await post(desk, admin.token, '/api/v1/tickets', ticketBody(org.id), 'y'.repeat(255))).statusCode,
    201,
    '255 characters are fine',
  );

  // A refusal by the service (unknown client) is an answer too: its retry gets the same 400 without running.
  const missing = await post(desk, admin.token, '/api/v1/tickets', ticketBody(999_999), 'k-missing');
  t.equal(missing.statusCode, 400);
  const missingAgain = await post(desk, admin.token, '/api/v1/tickets', ticketBody(999_999), 'k-missing');
  t.equal(missingAgain.statusCode, 400);
  t.equal(missingAgain.headers['idempotent-replayed'], 'true');
  t.equal(missingAgain.body, missing.body);
});

t.test('a server error keeps nothing: the retry with the same key runs the handler again', async (t) => {
  const desk = await testDesk(t);
  const admin = await desk.agent('admin');
  const moveMacros = (from: string, to: string) =>
    inTransaction(desk.inst.ctx(), (tx) =>
      sql`alter table ${sql.table(from)} rename to ${sql.table(to)}`.execute(tx.db),
    );
  const body = { name: 'Thanks', body: 'Thank you!' };
  // The table the handler writes to is gone for a moment: a failure on our side (500), as a full disk would be.
  await moveMacros('macros', 'macros_away');
  const first = await post(desk, admin.token, '/api/v1/macros', body, 'after-a-crash');
  t.equal(first.statusCode, 500);
  await moveMacros('macros_away', 'macros');
  const retry = await post(desk, admin.token, '/api/v1/macros', body, 'after-a-crash');
  t.equal(retry.statusCode, 201, 'the retry runs for real');
  t.notOk(retry.headers['idempotent-replayed'], 'not a replay of the 500');
  const third = await post(desk, admin.token, '/api/v1/macros', body, 'after-a-crash');
  t.equal(third.headers['idempotent-replayed'], 'true', 'the success is kept');
  t.equal(third.body, retry.body);
  t.equal((await admin.get('/api/v1/macros')).json().items.length, 1, 'one macro');
});

/**
 * On PostgreSQL the two requests run on connections of their own, and on a slow machine the first can be done
 * before the second reads the key (the second is then a replay of it). Holding the tickets table keeps the first
 * request in its handler, its key taken, until the other has been answered: the race this test is about, every
 * time. (On SQLite the single writer takes both keys in one batch, before either ticket is written.)
 */
async function twiceWhileTicketsLocked<A extends { statusCode: number }>(
  t: Test,
  desk: Awaited<ReturnType<typeof testDesk>>,
  send: () => Promise<A>,
): Promise<A[]> {
  let locked!: () => void;
  let unlock!: () => void;
  const isLocked = new Promise<void>((resolve) => (locked = resolve));
  const unlocked = new Promise<void>((resolve) => (unlock = resolve));
  const holder = desk.inst.database.db.transaction().execute(async (trx) => {
    await sql`LOCK TABLE tickets IN EXCLUSIVE MODE`.execute(trx);
    locked();
    await unlocked;
  });
  await isLocked;
  const requests = [send(), send()];
  let timer: NodeJS.Timeout | undefined;
  const answeredWhileLocked = await Promise.race([
    ...requests,
    new Promise<null>((resolve) => (timer = setTimeout(resolve, 30_000, null))),
  ]);
  clearTimeout(timer);
  unlock();
  await holder;
  t.equal(answeredWhileLocked?.statusCode, 409, 'the duplicate is told to retry while the first still runs');
  return Promise.all(requests);
}

t.test('two requests with one key sent at once: one runs, the other is told to retry (409)', async (t) => {
  const desk = await testDesk(t);
  const admin = await desk.agent('admin');
  const org = await makeOrganization(admin);
  const body = ticketBody(org.id);
  const send = () => post(desk, admin.token, '/api/v1/tickets', body, 'double-click');
  const answers =
    desk.inst.database.dialect === 'postgres'
      ? await twiceWhileTicketsLocked(t, desk, send)
      : await Promise.all([send(), send()]);
  t.same(answers.map((a) => a.statusCode).sort(), [201, 409]);
  t.equal((await admin.get('/api/v1/tickets')).json().items.length, 1, 'one ticket');
  const later = await post(desk, admin.token, '/api/v1/tickets', body, 'double-click');
  t.equal(later.headers['idempotent-replayed'], 'true', 'the retry gets the first answer');
  t.equal(later.body, answers.find((a) => a.statusCode === 201)!.body);
});

t.test('a duplicate while the first request runs is a 409; expired keys are cleaned up', async (t) => {
  const clock = fixedClock('2026-12-04T10:00:00.000Z');
  const desk = await testDesk(t, { clock });
  const admin = await desk.agent('admin');
  const org = await makeOrganization(admin);
  const token = await desk.inst.database.db
    .selectFrom('api_tokens')
    .select('id')
    .where('agent_id', '=', admin.agentId)
    .executeTakeFirstOrThrow();
  const body = ticketBody(org.id);
  // The first request holds the key (as a running handler does) when the duplicate comes in.
  const first = await post(desk, admin.token, '/api/v1/tickets', body, 'warm-up');
  t.equal(first.statusCode, 201);
  const stored = await desk.inst.database.db
    .selectFrom('idempotency_keys')
    .select('request_hash')
    .where('key', '=', 'warm-up')
    .executeTakeFirstOrThrow();
  const held = await reserveIdempotencyKey(desk.inst.ctx(), {
    principal: `token:${token.id}`,
    key: 'running',
    requestHash: stored.request_hash,
  });
  t.equal(held.kind, 'first');
  const duplicate = await post(desk, admin.token, '/api/v1/tickets', body, 'running');
  t.equal(duplicate.statusCode, 409);
  t.equal(duplicate.json().code, 'idempotency_key_in_use');
  t.match(duplicate.json().detail, /still running/);

  clock.advance(23 * 3_600_000);
  t.same(await idempotencyCleanupJob(desk.inst.ctx()), { deleted: 0 }, 'kept for 24 hours');
  t.equal((await post(desk, admin.token, '/api/v1/tickets', body, 'warm-up')).headers['idempotent-replayed'], 'true');
  clock.advance(2 * 3_600_000);
  t.same(await idempotencyCleanupJob(desk.inst.ctx()), { deleted: 2 }, 'then the job deletes them');
  const afterwards = await post(desk, admin.token, '/api/v1/tickets', body, 'warm-up');
  t.equal(afterwards.statusCode, 201);
  t.notOk(afterwards.headers['idempotent-replayed'], 'after 24 hours the key is new again');
});

t.test('a session (cookie) caller is keyed by its agent; GETs ignore the header', async (t) => {
  const desk = await testDesk(t);
  const admin = await desk.agent('admin');
  const org = await makeOrganization(admin);
  await createAgent(desk.inst.ctx(), {
    email: 'desk@keys.example',
    name: 'Desk Agent',
    role: 'manager',
    password: 'a long enough password 42',
    language: 'en',
  });
  const login = await desk.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email: 'desk@keys.example', password: 'a long enough password 42' },
  });
  t.equal(login.statusCode, 200);
  const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const viaSession = () =>
    desk.app.inject({
      method: 'POST',
      url: '/api/v1/tickets',
      headers: {
        cookie,
        'x-csrf-token': login.json().csrfToken,
        'content-type': 'application/json',
        'idempotency-key': 'from-the-desk',
      },
      payload: JSON.stringify(ticketBody(org.id)),
    });
  const first = await viaSession();
  t.equal(first.statusCode, 201);
  const second = await viaSession();
  t.equal(second.headers['idempotent-replayed'], 'true', 'a signed-in agent retrying gets the first answer');
  t.equal(second.body, first.body);
  t.equal((await admin.get('/api/v1/tickets')).json().items.length, 1);

  const get = await desk.app.inject({
    method: 'GET',
    url: '/api/v1/tickets',
    headers: { authorization: `Bearer ${admin.token}`, 'idempotency-key': 'x'.repeat(300) },
  });
  t.equal(get.statusCode, 200, 'only POSTs are keyed');
  t.notOk(get.headers['idempotent-replayed']);
});
