/**
 * The write batcher may run a unit twice: when another unit of its batch fails, the batch rolls back and each
 * unit runs again alone. A process-wide cache filled or forgotten by the first run must not keep anything of
 * the rolled-back state. Every test here forces that retry: the first unit changes data and reads it through
 * a cache (its first run writes "rolled back", its second "committed"), the second unit fails.
 */
import t, { type Test } from 'tap';
import { join } from 'node:path';
import { inTransaction, type Ctx, type TxCtx } from '../../server/context.js';
import { openDatabase } from '../../server/db/connection.js';
import { dialectOf } from '../../server/db/dialect.js';
import { migrateToLatest } from '../../server/db/migrator.js';
import { briefCache } from '../../server/shared/brief-cache.js';
import { cachedTerms, slaTermsChanged } from '../../server/modules/sla/terms-cache.js';
import { templateFor, forgetTemplates } from '../../server/modules/notifications/template-store.js';
import { enabledRulesOf, rulesCache } from '../../server/modules/notifications/recipients.js';
import { PeopleCache } from '../../server/modules/notifications/index.js';
import { authenticateApiToken, forgetCachedTokens } from '../../server/modules/auth/index.js';
import { compiledCalendar } from '../../server/modules/calendars/index.js';
import { createAgent } from '../../server/modules/agents/index.js';
import { createApiToken } from '../../server/modules/auth/index.js';
import { tempDir, testInstallation } from '../helpers/installation.js';
import type { Installation } from '../../server/installation.js';

type Attempt = 'rolled back' | 'committed';

/**
 * Runs `unit` in a batch with a unit that fails: `unit` runs twice, and only its second run commits. PostgreSQL
 * has no batch (each unit is a transaction of its own), so there the same two runs are made in turn: the first
 * in a transaction that then fails and rolls back, the second in one that commits.
 */
async function batchThatRetries(t: Test, ctx: Ctx, unit: (tx: TxCtx, attempt: Attempt) => Promise<void>) {
  if (dialectOf(ctx.db) === 'postgres') {
    const rolledBack = inTransaction(ctx, async (tx) => {
      await unit(tx, 'rolled back');
      throw new Error('the transaction fails after the unit ran');
    });
    await t.rejects(rolledBack, 'the first run was rolled back');
    await inTransaction(ctx, (tx) => unit(tx, 'committed'));
    return;
  }
  let runs = 0;
  const [first, second] = await Promise.allSettled([
    inTransaction(ctx, (tx) => unit(tx, ++runs === 1 ? 'rolled back' : 'committed')),
    inTransaction(ctx, async () => {
      throw new Error('the second unit fails');
    }),
  ]);
  t.equal(runs, 2, 'the first unit ran twice: in the batch, then alone');
  t.equal(first.status, 'fulfilled', 'its second run committed');
  t.equal(second.status, 'rejected');
}

const setting = (db: TxCtx['db'] | Ctx['db'], key: string) =>
  db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', key)
    .executeTakeFirst()
    .then((r) => r?.value ?? null);
const putSetting = (db: TxCtx['db'], key: string, value: string) =>
  db
    .insertInto('settings')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();

t.test('the batcher runs after-commit work only for the transaction that committed', async (t) => {
  const handle = openDatabase(join(tempDir(t), 'a.db'));
  t.teardown(() => handle.close());
  await migrateToLatest(handle.db);
  const ran: string[] = [];
  let runs = 0;
  const outcomes = await Promise.allSettled([
    handle.writes.run(async (trx, commit) => {
      const attempt = ++runs === 1 ? 'rolled back' : 'committed';
      await trx.insertInto('settings').values({ key: 'k', value: attempt }).execute();
      commit.afterCommit(() => ran.push(attempt));
    }),
    handle.writes.run(async () => {
      throw new Error('fails');
    }),
  ]);
  t.same(
    outcomes.map((o) => o.status),
    ['fulfilled', 'rejected'],
  );
  t.same(ran, ['committed'], "the rolled-back run's work was dropped, the committed run's ran once");
  t.equal(await setting(handle.db, 'k'), 'committed');
});

interface CacheUnderTest {
  /** Writes the state the cache reflects (inside the transaction). */
  change(tx: TxCtx, value: string): Promise<void>;
  /** What the code that changes this state tells the cache. */
  forget(scope: Ctx): void;
  /** A read through the cache. */
  read(scope: Ctx): Promise<string | null>;
  /** Changes the state past the cache: a read that still answers the old value came from the cache. */
  changeBehind(value: string): Promise<void>;
}

/**
 * The same three steps for every cache. 1: only the run that is rolled back changes the state and reads it
 * through the cache; afterwards the cache answers the state from before. 2: both runs do; afterwards the
 * cache answers the committed state, from the cache itself (it was kept when the transaction committed).
 */
async function rolledBackNeverCached(t: Test, ctx: Ctx, cache: CacheUnderTest) {
  await inTransaction(ctx, (tx) => cache.change(tx, 'before'));
  cache.forget(ctx);
  t.equal(await cache.read(ctx), 'before');

  const changeAndRead = async (tx: TxCtx, value: string) => {
    await cache.change(tx, value);
    cache.forget(tx);
    t.equal(await cache.read(tx), value, 'the transaction reads what it wrote, not the cached answer');
  };
  await batchThatRetries(t, ctx, async (tx, attempt) => {
    if (attempt === 'rolled back') await changeAndRead(tx, attempt);
  });
  t.equal(await cache.read(ctx), 'before', 'the rolled-back state is not served');

  await batchThatRetries(t, ctx, (tx, attempt) => changeAndRead(tx, attempt));
  t.equal(await cache.read(ctx), 'committed', 'the committed state is served');
  await cache.changeBehind('changed behind the cache');
  t.equal(await cache.read(ctx), 'committed', 'and from the cache: the committed state is what it holds');
}

const settingsCache = (
  inst: Installation,
  key: string,
  read: CacheUnderTest['read'],
  forget: CacheUnderTest['forget'],
) => ({
  change: (tx: TxCtx, value: string) => putSetting(tx.db, key, value).then(() => {}),
  forget,
  read,
  changeBehind: (value: string) =>
    inst.database.db
      .updateTable('settings')
      .set({ value })
      .where('key', '=', key)
      .execute()
      .then(() => {}),
});

t.test('briefCache (the mechanism the caches share)', async (t) => {
  const inst = await testInstallation(t);
  const ctx = inst.ctx();
  const cache = briefCache('test-mechanism', 60_000);
  await rolledBackNeverCached(
    t,
    ctx,
    settingsCache(inst, 'brief', (scope) => cache.get(scope, 'k', () => setting(scope.db, 'brief')), cache.forget),
  );

  // An entry pending in an open transaction is served to nobody else meanwhile.
  let outside: Promise<string | null> | null = null;
  await inTransaction(ctx, async (tx) => {
    await putSetting(tx.db, 'brief', 'pending');
    cache.forget(tx);
    t.equal(await cache.get(tx, 'k', () => setting(tx.db, 'brief')), 'pending');
    outside = cache.get(ctx, 'k', () => setting(ctx.db, 'brief')); // loads once the connection is free
    // PostgreSQL: the read outside runs at once on a connection of its own and sees only what is committed.
    if (dialectOf(ctx.db) === 'postgres')
      t.equal(await outside, 'changed behind the cache', 'a reader outside is not served the pending entry');
  });
  // SQLite: the read outside waited for the one connection, so it loaded after the commit.
  if (dialectOf(ctx.db) === 'sqlite') t.equal(await outside, 'pending');
  t.equal(await cache.get(ctx, 'k', () => setting(ctx.db, 'brief')), 'pending', 'once committed, everyone reads it');
});

t.test('SLA terms cache', async (t) => {
  const inst = await testInstallation(t);
  const read = (scope: Ctx) => cachedTerms(scope, `${scope.dataDir}|terms`, () => setting(scope.db, 'terms'));
  await rolledBackNeverCached(t, inst.ctx(), settingsCache(inst, 'terms', read, slaTermsChanged));
});

t.test('mail templates', async (t) => {
  const inst = await testInstallation(t);
  await rolledBackNeverCached(t, inst.ctx(), {
    async change(tx, subject) {
      await tx.db.deleteFrom('mail_templates').execute();
      await tx.db
        .insertInto('mail_templates')
        .values({ event: 'ticket.created', language: 'en', subject, body: 'b', updated_at: 'now' })
        .execute();
    },
    forget: forgetTemplates,
    read: async (scope) => (await templateFor(scope, 'ticket.created', 'en')).subject,
    changeBehind: (subject) =>
      inst.database.db
        .updateTable('mail_templates')
        .set({ subject })
        .execute()
        .then(() => {}),
  });
});

t.test('notification rules', async (t) => {
  const inst = await testInstallation(t);
  // The rule's agent id carries the value: one agent per value.
  const agents = new Map<string, number>();
  for (const name of ['before', 'rolled back', 'committed', 'changed behind the cache']) {
    const agent = await createAgent(inst.ctx(), {
      email: `${agents.size}@test.ondesk`,
      name,
      role: 'engineer',
      language: 'en',
    });
    agents.set(name, agent.id);
  }
  const nameOf = (id: number | null) => [...agents].find(([, a]) => a === id)?.[0] ?? null;
  const rule = (value: string) => ({
    event: 'ticket.created',
    channel: 'email' as const,
    recipient: 'agent' as const,
    agent_id: agents.get(value)!,
    created_at: 'now',
  });
  await rolledBackNeverCached(t, inst.ctx(), {
    async change(tx, value) {
      await tx.db.deleteFrom('notification_rules').execute();
      await tx.db.insertInto('notification_rules').values(rule(value)).execute();
    },
    forget: (scope) => rulesCache.forget(scope),
    read: async (scope) =>
      nameOf((await inTransaction(scope, (tx) => enabledRulesOf(tx, 'ticket.created')))[0]?.agent_id ?? null),
    async changeBehind(value) {
      await inst.database.db.deleteFrom('notification_rules').execute();
      await inst.database.db.insertInto('notification_rules').values(rule(value)).execute();
    },
  });
});

t.test('API token lookups', async (t) => {
  const inst = await testInstallation(t);
  const ctx = inst.ctx();
  const agent = await createAgent(ctx, { email: 'e@test.ondesk', name: 'x', role: 'engineer', language: 'en' });
  const { token } = await createApiToken(ctx, { agentId: agent.id, name: 'ci' });
  await rolledBackNeverCached(t, ctx, {
    change: (tx, name) =>
      tx.db
        .updateTable('agents')
        .set({ name })
        .where('id', '=', agent.id)
        .execute()
        .then(() => {}),
    forget: forgetCachedTokens,
    async read(scope) {
      const auth = await authenticateApiToken(scope, token);
      return auth?.actor.kind === 'agent' ? auth.actor.name : null;
    },
    changeBehind: (name) =>
      inst.database.db
        .updateTable('agents')
        .set({ name })
        .where('id', '=', agent.id)
        .execute()
        .then(() => {}),
  });
});

t.test('compiled calendars: one compiled in a rolled-back run is not reused', async (t) => {
  const inst = await testInstallation(t);
  const ctx = inst.ctx();
  const hours = [['09:00', '18:00']];
  const document = JSON.stringify({
    timezone: 'UTC',
    week: { mon: hours, tue: hours, wed: hours, thu: hours, fri: hours, sat: [], sun: [] },
    holidays: [],
    days: {},
  });
  // Calendar 1 is compiled only by the run that rolls back, calendar 2 only by the run that commits.
  const compiled: Record<Attempt, unknown> = { 'rolled back': null, committed: null };
  await batchThatRetries(t, ctx, async (tx, attempt) => {
    compiled[attempt] = await compiledCalendar(tx, { id: attempt === 'rolled back' ? 1 : 2, document });
  });
  t.not(await compiledCalendar(ctx, { id: 1, document }), compiled['rolled back'], 'compiled anew');
  t.equal(await compiledCalendar(ctx, { id: 2, document }), compiled.committed, 'the committed one is reused');
});

t.test('a job run’s people cache does not carry a rolled-back run into the retry', async (t) => {
  const inst = await testInstallation(t);
  const ctx = inst.ctx();
  const agent = await createAgent(ctx, { email: 'p@test.ondesk', name: 'Original', role: 'engineer', language: 'en' });
  const people = new PeopleCache(); // one per job run, shared by its transactions
  const seen: string[] = [];
  await batchThatRetries(t, ctx, async (tx, attempt) => {
    if (attempt === 'rolled back')
      await tx.db.updateTable('agents').set({ name: attempt }).where('id', '=', agent.id).execute();
    seen.push((await people.agentsById(tx.db, [agent.id]))[0]!.name);
  });
  t.same(seen, ['rolled back', 'Original'], 'the retry reads the committed name again');
});
