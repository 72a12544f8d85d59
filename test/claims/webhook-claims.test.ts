import t from 'tap';
import { fixedClock } from '../../server/shared/clock.js';
import { runWebhookDeliveries } from '../../server/modules/webhooks/index.js';
import { makeOrganization, makeTicket } from '../helpers/factories.js';
import { receiver, webhookDesk } from '../webhooks/helpers.js';

const ALLOW = '127.0.0.0/8';

t.test('two nodes drain one endpoint: every message once, in order', async (t) => {
  const desk = await webhookDesk(t);
  const admin = await desk.agent('admin');
  const rx = await receiver(t);
  t.equal((await admin.post('/api/v1/webhooks', { url: rx.url(), events: ['ticket.created'] })).statusCode, 201);
  const org = await makeOrganization(admin);
  for (let i = 0; i < 40; i++) await makeTicket(admin, org.id, { subject: `Ticket ${i}` });
  const node = (nodeId: string) => ({ ...desk.inst.ctx(), nodeId });
  let sent = 0;
  // Rounds of both nodes at once, each allowed a few messages, until the endpoint has nothing pending.
  for (let round = 0; round < 20 && rx.received.length < 40; round++) {
    const runs = await Promise.all([
      runWebhookDeliveries(node('node-a'), { allow: ALLOW, perEndpoint: 3 }),
      runWebhookDeliveries(node('node-b'), { allow: ALLOW, perEndpoint: 3 }),
    ]);
    sent += runs[0].sent + runs[1].sent;
  }
  const ids = rx.received.map((r) => Number(String(r.headers['webhook-id']).replace('msg_', '')));
  t.equal(ids.length, 40, 'forty messages arrived');
  t.equal(new Set(ids).size, 40, 'none twice');
  t.same(
    ids,
    [...ids].sort((a, b) => a - b),
    'in the order of their events',
  );
  t.equal(sent, 40);
  const endpoint = await desk.inst.database.db.selectFrom('webhook_endpoints').selectAll().executeTakeFirstOrThrow();
  t.match(endpoint, { claimed_by: null, claim_expires_at: null }, 'the claim is given back after each round');
});

t.test('an endpoint claimed by a node that died is drained by another once the claim expires', async (t) => {
  const clock = fixedClock(new Date());
  const desk = await webhookDesk(t, { clock });
  const admin = await desk.agent('admin');
  const rx = await receiver(t);
  t.equal((await admin.post('/api/v1/webhooks', { url: rx.url(), events: ['ticket.created'] })).statusCode, 201);
  const org = await makeOrganization(admin);
  await makeTicket(admin, org.id);
  await makeTicket(admin, org.id);
  const claimedUntil = new Date(clock.now().getTime() + 60_000).toISOString();
  await desk.inst.database.db
    .updateTable('webhook_endpoints')
    .set({ claimed_by: 'node-dead', claim_expires_at: claimedUntil })
    .execute();
  const other = { ...desk.inst.ctx(), nodeId: 'node-b' };
  t.match(await runWebhookDeliveries(other, { allow: ALLOW }), { queued: 2, sent: 0 }, 'queued, not sent: claimed');
  clock.advance(59_000);
  t.match(await runWebhookDeliveries(other, { allow: ALLOW }), { sent: 0 }, 'the claim still holds');
  clock.advance(1_000);
  t.match(await runWebhookDeliveries(other, { allow: ALLOW }), { sent: 2 }, 'expired: node B sends both');
  t.equal(rx.received.length, 2);
});
