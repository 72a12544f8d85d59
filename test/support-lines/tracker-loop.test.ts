import t from 'tap';
import { runWebhookDeliveries } from '../../server/modules/webhooks/index.js';
import { fixedClock } from '../../server/shared/clock.js';
import { makeOrganization, makeTicket } from '../helpers/factories.js';
import { receiver, webhookDesk } from '../webhooks/helpers.js';

t.test('escalation to development reaches a tracker by webhook, and the tracker reports its issue back', async (t) => {
  const clock = fixedClock(new Date());
  const desk = await webhookDesk(t, { clock });
  const admin = await desk.agent('admin');
  const tracker = await desk.agent('engineer');
  const rx = await receiver(t);
  const hook = await admin.post('/api/v1/webhooks', { url: rx.url(), events: ['ticket.escalated'], payload: 'full' });
  t.equal(hook.statusCode, 201, hook.body);
  const team = async (name: string) => ((await admin.post('/api/v1/teams', { name })).json() as { id: number }).id;
  await admin.request('PUT', '/api/v1/support-lines', {
    lines: [
      { name: 'L1', teamId: await team('Desk'), kind: 'support' },
      { name: 'Development', teamId: await team('Developers'), kind: 'development' },
    ],
  });
  const org = await makeOrganization(admin);
  const ticket = await makeTicket(admin, org.id);
  const up = await admin.post(`/api/v1/tickets/${ticket.id}/escalate`, { note: 'Crash in the export, stack attached' });
  t.equal(up.statusCode, 200, up.body);

  const run = await runWebhookDeliveries(desk.inst.ctx(), { allow: '127.0.0.0/8' });
  t.same({ sent: run.sent, failed: run.failed }, { sent: 1, failed: 0 }, 'only the escalation was subscribed to');
  const event = JSON.parse(rx.received[0]!.body) as { type: string; data: Record<string, unknown> };
  t.equal(event.type, 'ticket.escalated');
  t.match(event.data, {
    ticketId: ticket.id,
    fromLine: 1,
    toLine: 2,
    toKind: 'development',
    note: 'Crash in the export, stack attached',
  });

  // The tracker opened its issue and answers with its address and state, then a later state.
  const opened = await tracker.request('PUT', `/api/v1/tickets/${ticket.id}/external-issue`, {
    url: 'https://tracker.example/EXP-7',
    state: 'open',
  });
  t.equal(opened.statusCode, 200, opened.body);
  clock.advance(3_600_000);
  const fixed = await tracker.request('PUT', `/api/v1/tickets/${ticket.id}/external-issue`, {
    url: null,
    state: 'fixed in 2.4',
  });
  t.same(
    fixed.json().externalIssue,
    { url: 'https://tracker.example/EXP-7', state: 'fixed in 2.4', updatedAt: clock.now().toISOString() },
    'a state without a new address keeps the address',
  );
  const history = (await admin.get(`/api/v1/tickets/${ticket.id}/history`)).json().items as {
    field: string | null;
    from: string | null;
    to: string | null;
  }[];
  t.same(
    history.filter((h) => h.field === 'externalIssue').map((h) => [h.from, h.to]),
    [
      ['requested', 'open'],
      ['open', 'fixed in 2.4'],
    ],
    "the issue's states stand in the ticket's history",
  );
  const blank = await tracker.request('PUT', `/api/v1/tickets/${ticket.id}/external-issue`, { url: null, state: ' ' });
  t.equal(blank.statusCode, 400, 'a state is required');
});
