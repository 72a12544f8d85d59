import t from 'tap';
import { hashingStats } from '../../server/modules/auth/password.js';
import { login, loginDesk } from './login-desk.js';

t.test('100 parallel wrong passwords: at most the free failures are checked, then the owner signs in', async (t) => {
  const { app, inst, agentId } = await loginDesk(t, {
    ONDESK_LOGIN_FREE_FAILURES: '3',
    ONDESK_LOGIN_HASH_QUEUE: '500',
  });
  const before = hashingStats.verifications;
  const replies = await Promise.all(
    Array.from({ length: 100 }, () => login(app, 'eve@test.ondesk', 'wrong-password', '10.0.0.5')),
  );
  const checked = hashingStats.verifications - before;
  t.ok(checked <= 3, `at most 3 hashes evaluated (${checked})`);
  const statuses = replies.map((r) => r.statusCode);
  t.equal(statuses.filter((s) => s === 401).length, checked, 'each evaluated attempt is a plain 401');
  const refused = replies.filter((r) => r.statusCode === 429);
  t.equal(refused.length, 100 - checked, 'every other one is refused with 429');
  t.ok(
    refused.every((r) => Number(r.headers['retry-after']) >= 1),
    'with Retry-After',
  );
  t.match(refused[0]!.json(), { code: 'too_many_attempts', detail: /wait \d+ s/ });
  t.match(refused[0]!.headers['content-type'], /application\/problem\+json/);

  const row = await inst.database.db
    .selectFrom('agents')
    .select('failed_logins')
    .where('id', '=', agentId)
    .executeTakeFirstOrThrow();
  t.equal(row.failed_logins, checked, 'the persisted count saw every failure (counted in SQL, none overwritten)');

  // Both at once, right after the flood: the flooding source's wait is 1 s, and the owner's check of the hash
  // may take that long on a busy machine, so asking after it would test the clock, not the throttle.
  const [owner, attacker] = await Promise.all([
    login(app, 'eve@test.ondesk', 'correct horse battery', '10.0.0.6'),
    login(app, 'eve@test.ondesk', 'correct horse battery', '10.0.0.5'),
  ]);
  t.equal(owner.statusCode, 200, 'the owner from another source signs in right away');
  t.equal(attacker.statusCode, 429, 'the flooding source still waits, even with the right password');
});

t.test('delays grow per (account, source) and a success clears them', async (t) => {
  const { app } = await loginDesk(t, { ONDESK_LOGIN_FREE_FAILURES: '1' });
  t.equal((await login(app, 'eve@test.ondesk', 'wrong-password', '10.0.1.1')).statusCode, 401);
  const first = await login(app, 'eve@test.ondesk', 'wrong-password', '10.0.1.1');
  t.equal(first.statusCode, 429);
  t.equal(first.headers['retry-after'], '1', 'first wait: 1 s');
  await new Promise((r) => setTimeout(r, 1100));
  t.equal((await login(app, 'eve@test.ondesk', 'wrong-password', '10.0.1.1')).statusCode, 401, 'checked again');
  const second = await login(app, 'eve@test.ondesk', 'wrong-password', '10.0.1.1');
  t.equal(second.statusCode, 429);
  t.equal(second.headers['retry-after'], '2', 'then 2 s');
  await new Promise((r) => setTimeout(r, 2100));
  t.equal((await login(app, 'eve@test.ondesk', 'correct horse battery', '10.0.1.1')).statusCode, 200);
  t.equal(
    (await login(app, 'eve@test.ondesk', 'wrong-password', '10.0.1.1')).statusCode,
    401,
    'a success cleared the delay: the next failure is checked, not refused',
  );
});

t.test(
  'a global cap per account refuses new sources unchecked; a source that signed in before is not capped',
  async (t) => {
    const { app } = await loginDesk(t, { ONDESK_LOGIN_ACCOUNT_FAILURES_PER_MINUTE: '5' });
    t.equal((await login(app, 'eve@test.ondesk', 'correct horse battery', '10.0.2.200')).statusCode, 200);
    for (let i = 0; i < 5; i++)
      t.equal((await login(app, 'eve@test.ondesk', 'wrong-password', `10.0.2.${i}`)).statusCode, 401);
    const before = hashingStats.verifications;
    const capped = await login(app, 'eve@test.ondesk', 'correct horse battery', '10.0.2.99');
    t.equal(capped.statusCode, 429, 'a sixth source is refused');
    t.ok(Number(capped.headers['retry-after']) >= 1, 'with Retry-After');
    t.equal(hashingStats.verifications, before, 'without evaluating the hash');
    t.equal(
      (await login(app, 'eve@test.ondesk', 'correct horse battery', '10.0.2.200')).statusCode,
      200,
      'the owner from the source they signed in from before still signs in',
    );
  },
);

t.test('keys are normalised: " EVE@Test.Ondesk " and "eve@test.ondesk" share a counter and an account', async (t) => {
  const { app } = await loginDesk(t, { ONDESK_LOGIN_FREE_FAILURES: '1' });
  t.equal((await login(app, ' EVE@Test.Ondesk ', 'wrong-password', '10.0.3.1')).statusCode, 401);
  t.equal((await login(app, 'eve@test.ondesk', 'wrong-password', '10.0.3.1')).statusCode, 429, 'same counter');
  t.equal(
    (await login(app, ' EVE@Test.Ondesk ', 'correct horse battery', '10.0.3.2')).statusCode,
    200,
    'and the lookup finds the same agent',
  );
});

t.test('X-Forwarded-For counts only from a configured proxy', async (t) => {
  const { app } = await loginDesk(t, { ONDESK_LOGIN_FREE_FAILURES: '1', ONDESK_TRUST_PROXY: '10.0.4.1' });
  const xff = (ip: string) => ({ 'x-forwarded-for': ip });

  // an untrusted peer cannot pick a new address for each attempt
  t.equal((await login(app, 'eve@test.ondesk', 'wrong-password', '10.0.4.9', xff('1.1.1.1'))).statusCode, 401);
  t.equal(
    (await login(app, 'eve@test.ondesk', 'wrong-password', '10.0.4.9', xff('2.2.2.2'))).statusCode,
    429,
    'a spoofed X-Forwarded-For from an untrusted peer does not change the key',
  );

  // the trusted proxy says who the client is: clients behind it are told apart
  t.equal((await login(app, 'eve@test.ondesk', 'wrong-password', '10.0.4.1', xff('3.3.3.3'))).statusCode, 401);
  t.equal(
    (await login(app, 'eve@test.ondesk', 'wrong-password', '10.0.4.1', xff('3.3.3.3'))).statusCode,
    429,
    'the same forwarded client is throttled',
  );
  t.equal(
    (await login(app, 'eve@test.ondesk', 'wrong-password', '10.0.4.1', xff('4.4.4.4'))).statusCode,
    401,
    'another forwarded client through the trusted proxy has its own key',
  );
});
