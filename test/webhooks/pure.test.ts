import t from 'tap';
import fc from 'fast-check';
import { Webhook } from 'standardwebhooks';
import { parseAllowList, refusalOf, resolveTarget } from '../../server/modules/webhooks/address-guard.js';
import {
  matchesPattern,
  unknownPatterns,
  webhookEventTypes,
  webhookTypeOf,
} from '../../server/modules/webhooks/webhook-events.js';
import {
  newSecret,
  nextRetryDelay,
  openSecret,
  RETRY_DELAYS_MS,
  sealSecret,
  signatureHeader,
} from '../../server/modules/webhooks/webhook-signing.js';
import { randomBytes } from 'node:crypto';
import type { StoredEvent } from '../../server/events/domain-events.js';

const none = parseAllowList('').list;

t.test('the guard refuses every reserved range, in every spelling, unless allowed', async (t) => {
  const refused = [
    '127.0.0.1',
    '127.255.0.9',
    '10.0.0.1',
    '172.16.0.1',
    '172.31.255.254',
    '192.168.1.1',
    '169.254.169.254',
    '0.0.0.0',
    '100.64.0.1',
    '::1',
    '::',
    'fc00::1',
    'fd12:3456::1',
    'fe80::1',
    '::ffff:127.0.0.1',
    '::ffff:a9fe:a9fe',
  ];
  for (const address of refused) t.ok(refusalOf(address, none), `${address} is refused`);
  for (const address of ['93.184.216.34', '172.32.0.1', '8.8.8.8', '2001:db8::1', '::ffff:5db8:d822'])
    t.equal(refusalOf(address, none), null, `${address} may be called`);
  t.match(refusalOf('169.254.169.254', none), /link-local address \(cloud metadata/);
  t.match(refusalOf('::1', none), /loopback/);
  const allow = parseAllowList('10.1.0.0/16, 127.0.0.1 ::1/128').list;
  t.equal(refusalOf('10.1.2.3', allow), null);
  t.equal(refusalOf('127.0.0.1', allow), null);
  t.equal(refusalOf('::1', allow), null);
  t.ok(refusalOf('10.2.0.1', allow), 'only the range allowed');
  t.throws(() => parseAllowList('10.0.0.0/40'), /prefix length/);
  t.throws(() => parseAllowList('intranet'), /not an address or a CIDR/);
});

t.test('a name is judged by every address it resolves to', async (t) => {
  const resolver = (answers: Record<string, string[]>) => async (host: string) =>
    (answers[host] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  const dns = resolver({
    'public.example': ['93.184.216.34'],
    'rebind.example': ['93.184.216.34', '127.0.0.1'],
    localhost: ['127.0.0.1', '::1'],
    'empty.example': [],
  });
  t.same(await resolveTarget(new URL('https://public.example/x'), none, dns), {
    ok: true,
    address: '93.184.216.34',
    family: 4,
  });
  t.match(await resolveTarget(new URL('https://rebind.example/x'), none, dns), {
    ok: false,
    reason: /rebind\.example resolves to 127\.0\.0\.1 is a loopback/,
  });
  t.match(await resolveTarget(new URL('http://localhost:8080/'), none, dns), { ok: false });
  t.match(await resolveTarget(new URL('http://empty.example/'), none, dns), { ok: false, reason: /no address/ });
  t.match(await resolveTarget(new URL('http://[::1]/'), none, dns), { ok: false, reason: /^::1 is a loopback/ });
  const failing = async () => {
    throw Object.assign(new Error('nope'), { code: 'ENOTFOUND' });
  };
  t.match(await resolveTarget(new URL('http://gone.example/'), none, failing), {
    ok: false,
    reason: /does not resolve \(ENOTFOUND\)/,
  });
});

t.test('event types: patterns, the comment split, no agent events', async (t) => {
  t.ok(matchesPattern('agreement.*', 'agreement.transitioned'));
  t.notOk(matchesPattern('agreement.*', 'agreements.x'));
  t.ok(matchesPattern('*', 'ticket.created'));
  t.same(unknownPatterns(['ticket.*', 'sla.breached', 'ticket.exploded', 'nothing.*']), [
    'ticket.exploded',
    'nothing.*',
  ]);
  t.notOk(
    webhookEventTypes.some((e) => e.startsWith('agent.')),
    'agent events are not offered',
  );
  const event = (type: string, data: unknown) =>
    ({ id: 1, type, occurredAt: '', actor: { kind: 'system' }, data }) as StoredEvent;
  t.equal(webhookTypeOf(event('comment.added', { public: false })), 'comment.internal_created');
  t.equal(webhookTypeOf(event('worklog.logged', { action: 'deleted' })), 'worklog.deleted');
  t.equal(webhookTypeOf(event('agent.mentioned', {})), null);
  t.equal(webhookTypeOf(event('sla.breached', {})), 'sla.breached');
});

t.test(
  'signatures verify with the library for any JSON body (it parses what it verifies); sealed secrets open only with their key',
  async (t) => {
    const key = randomBytes(32);
    fc.assert(
      fc.property(fc.json(), fc.integer({ min: 1, max: 1_000_000 }), (body, n) => {
        const secret = newSecret();
        const old = newSecret();
        const ts = Math.floor(Date.now() / 1000);
        const headers = {
          'webhook-id': `msg_${n}`,
          'webhook-timestamp': String(ts),
          'webhook-signature': signatureHeader([secret, old], `msg_${n}`, ts, body),
        };
        new Webhook(secret).verify(body, headers);
        new Webhook(old).verify(body, headers);
        return openSecret(key, sealSecret(key, secret)) === secret;
      }),
      { numRuns: 100 },
    );
    t.throws(() => openSecret(randomBytes(32), sealSecret(key, newSecret())), 'another key cannot open it');
    t.equal(RETRY_DELAYS_MS.length, 10);
    t.same(
      RETRY_DELAYS_MS.map((_, i) => nextRetryDelay(i)),
      [0, 5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 50_400_000, 72_000_000, 86_400_000],
    );
    t.equal(nextRetryDelay(10), null, 'given up after the tenth attempt');
  },
);
