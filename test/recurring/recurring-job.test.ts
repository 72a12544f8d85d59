/**
 * The daily recurring services job against a real SQLite file: expiry reminders exactly once per threshold
 * and person (also across a reopened installation), charges recorded once with missed periods caught up,
 * and the live TLS check against a real local server with a self-signed certificate.
 */
import t from 'tap';
import { openInstallation } from '../../server/installation.js';
import { recurringServicesJob } from '../../server/modules/recurring/index.js';
import { checkRecurringNow } from '../../server/modules/recurring/recurring-job.js';
import { getRecurring, updateRecurring } from '../../server/modules/recurring/recurring.service.js';
import { charges, outbox, recurringDesk } from './helpers.js';
import { selfSignedServer } from './tls-server.js';

const noNetwork = async () => {
  throw new Error('no live check expected here');
};

t.test(
  'reminders 30/14/7/1 days ahead to the manager and the billing contact, each once across restarts',
  async (t) => {
    const d = await recurringDesk(t, '2026-12-04T09:00:00Z');
    const domain = await d.item({ expiresOn: '2027-01-10' });
    const dataDir = d.inst.config.dataDir;
    let inst = d.inst;
    let restarted = false;
    for (let day = Date.parse('2026-12-05T04:00:00Z'); day <= Date.parse('2027-01-12T04:00:00Z'); day += 86_400_000) {
      d.clock.set(new Date(day));
      if (!restarted && day >= Date.parse('2026-12-27T04:00:00Z')) {
        // A new process on the same data dir, with the same clock, must not send anything again.
        await inst.close();
        inst = await openInstallation({ dataDir, clock: d.clock, env: {}, overrides: { logLevel: 'warn' } });
        t.teardown(() => inst.close());
        restarted = true;
      }
      for (let run = 0; run < 2; run++) {
        const result = await recurringServicesJob(inst.ctx(), noNetwork);
        if (run > 0)
          t.equal(result.notices, 0, `second run on ${new Date(day).toISOString().slice(0, 10)} sends nothing`);
      }
    }
    const byDay: Record<string, string[]> = {};
    for (const m of await outbox(inst)) {
      const date = m.created_at.slice(0, 10);
      (byDay[date] ??= []).push(`${m.dedupe_key!.split(':').slice(3, 5).join(':')} → ${m.recipient}`);
    }
    const each = (what: string) => [`${what} → manager@desk.example`, `${what} → olga@romashka.example`];
    t.same(byDay, {
      '2026-12-11': each('2027-01-10:in-30'),
      '2026-12-27': each('2027-01-10:in-14'),
      '2027-01-03': each('2027-01-10:in-7'),
      '2027-01-09': each('2027-01-10:in-1'),
    });
    const mails = await outbox(inst);
    const ru = mails.find((m) => m.recipient === 'olga@romashka.example' && m.dedupe_key!.includes('in-7'))!;
    t.equal(ru.subject, 'Домен romashka.ru (ООО Ромашка) истекает 10 января 2027 г.');
    t.match(ru.body, /через 7 дней/);
    t.match(ru.body, /подтвердите продление вашему менеджеру/);
    t.same(JSON.parse(ru.payload!), { recurringServiceId: domain.id, reason: 'expiring', daysLeft: 7 });
  },
);

t.test('a changed expiry date re-arms the reminders; an item naming nobody reaches the admins', async (t) => {
  const d = await recurringDesk(t, '2026-12-04T09:00:00Z');
  const a = await d.item({ expiresOn: '2026-12-10' });
  t.equal((await recurringServicesJob(d.ctx(), noNetwork)).notices, 2);
  await updateRecurring(d.ctx(), a.id, { expiresOn: '2026-12-11' });
  t.equal((await recurringServicesJob(d.ctx(), noNetwork)).notices, 2, 'the new date is told again');
  t.equal((await recurringServicesJob(d.ctx(), noNetwork)).notices, 0);

  const orphan = await d.item({
    name: 'volga.ru',
    organizationId: d.other.id,
    managerId: null,
    notifyContactId: null,
    expiresOn: '2026-12-05',
  });
  await recurringServicesJob(d.ctx(), noNetwork);
  const toOrphan = (await outbox(d.inst)).filter((m) => m.dedupe_key!.startsWith(`recurring:${orphan.id}:`));
  t.same(
    toOrphan.map((m) => m.recipient),
    ['admin@desk.example'],
    'no manager and no agreement manager: the admins hear it',
  );
  t.match(toOrphan[0]!.subject, 'Domain volga.ru (Hotel Volga) expires on 5 December 2026');
});

t.test('charges: recorded once per billing date, missed periods caught up, money exact in kopecks', async (t) => {
  const d = await recurringDesk(t, '2026-12-04T09:00:00Z');
  const hosting = await d.item({
    kind: 'hosting',
    name: 'VPS 4 GB',
    billingEveryMonths: 1,
    nextBillingDate: '2026-08-31',
    priceKopecks: 150_001,
    costKopecks: 90_000,
    vatRate: 20,
    expiresOn: null,
  });
  const first = await recurringServicesJob(d.ctx(), noNetwork);
  t.equal(first.charges, 4, 'August to November after downtime');
  t.equal((await recurringServicesJob(d.ctx(), noNetwork)).charges, 0);
  const dataDir = d.inst.config.dataDir;
  await d.inst.close();
  const inst = await openInstallation({ dataDir, clock: d.clock, env: {}, overrides: { logLevel: 'warn' } });
  t.teardown(() => inst.close());
  t.equal((await recurringServicesJob(inst.ctx(), noNetwork)).charges, 0, 'nothing twice after a restart');
  d.clock.set('2026-12-31T08:00:00Z');
  t.equal((await recurringServicesJob(inst.ctx(), noNetwork)).charges, 1);
  const rows = await charges(inst);
  t.same(
    rows.map((c) => [c.billing_date, c.period_start, c.period_end]),
    [
      ['2026-08-31', '2026-08-31', '2026-09-29'],
      ['2026-09-30', '2026-09-30', '2026-10-30'],
      ['2026-10-31', '2026-10-31', '2026-11-29'],
      ['2026-11-30', '2026-11-30', '2026-12-30'],
      ['2026-12-31', '2026-12-31', '2027-01-30'],
    ],
    'the 31st is kept wherever the month has one',
  );
  t.equal(
    rows.reduce((sum, c) => sum + c.amount_kopecks, 0),
    750_005,
  );
  t.ok(rows.every((c) => c.cost_kopecks === 90_000 && c.vat_rate === 20 && c.invoiced_at === null));
  t.equal(rows[0]!.description, 'VPS 4 GB: 2026-08-31 – 2026-09-29');
  const after = await getRecurring(inst.ctx({ kind: 'system', name: 'test' }), hosting.id);
  t.equal(after.next_billing_date, '2027-01-31');

  // Retired for a while and brought back: billed from then on, the retired months are not charged.
  const system = inst.ctx({ kind: 'system', name: 'test' });
  await updateRecurring(system, hosting.id, { active: false });
  d.clock.set('2027-04-10T08:00:00Z');
  t.equal((await recurringServicesJob(inst.ctx(), noNetwork)).charges, 0, 'nothing while retired');
  const resumed = await updateRecurring(system, hosting.id, { active: true });
  t.equal(resumed.next_billing_date, '2027-04-30', 'the next date of the schedule from today, the anchor day kept');
  t.equal((await recurringServicesJob(inst.ctx(), noNetwork)).charges, 0);
});

t.test('live check: a real TLS handshake corrects the expiry and tells the manager', async (t) => {
  const { port, validTo } = await selfSignedServer(t);
  const d = await recurringDesk(t, new Date().toISOString());
  const real = validTo.toISOString().slice(0, 10);
  const cert = await d.item({
    kind: 'certificate',
    name: 'shop.romashka.ru',
    host: `127.0.0.1:${port}`,
    liveCheck: true,
    expiresOn: '2026-12-20',
  });
  const checked = await checkRecurringNow(d.ctx(), cert.id);
  t.equal(checked.expires_on, real, 'the certificate is the truth');
  t.match(
    checked.last_check_result,
    `Certificate valid until ${real} (CN localhost, issued by localhost); expiry corrected from 2026-12-20 to ${real}`,
  );
  t.equal(checked.last_check_error, null);
  const notices = (await outbox(d.inst)).filter((m) => m.dedupe_key!.includes(':corrected:'));
  t.same(
    notices.map((m) => m.recipient),
    ['manager@desk.example'],
    'the manager is warned; the client is not',
  );
  t.match(notices[0]!.body, /исправлен с 20 декабря 2026 г\. на/);

  const again = await checkRecurringNow(d.ctx(), cert.id);
  t.equal(again.expires_on, real);
  t.match(again.last_check_result, /matches the recorded expiry/);
  t.equal((await outbox(d.inst)).filter((m) => m.dedupe_key!.includes(':corrected:')).length, 1);

  // The job checks it too, but not again within the day.
  d.clock.set(new Date(Date.now() + 3_600_000));
  t.equal((await recurringServicesJob(d.ctx())).checked, 0);
  d.clock.set(new Date(Date.now() + 21 * 3_600_000));
  t.equal((await recurringServicesJob(d.ctx())).checked, 1);
});

t.test('live check: a host that does not answer leaves the date and records why', async (t) => {
  const { server, port } = await selfSignedServer(t);
  await new Promise<void>((done) => server.close(() => done()));
  const d = await recurringDesk(t);
  const cert = await d.item({
    kind: 'certificate',
    host: `127.0.0.1:${port}`,
    liveCheck: true,
    expiresOn: '2026-12-20',
  });
  const checked = await checkRecurringNow(d.ctx(), cert.id);
  t.equal(checked.expires_on, '2026-12-20');
  t.match(checked.last_check_error, new RegExp(`127.0.0.1:${port}: .*ECONNREFUSED`));
  t.equal(checked.last_check_at, d.clock.now().toISOString());
});
