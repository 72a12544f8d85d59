/**
 * The money side of the portal: a billing contact sees the documents issued to its organization (as PDF), its
 * balance and the reports mailed about it; a supervisor sees reports only; a requester neither; and no contact
 * ever reads another organization's document, balance or report file, whatever id it asks for.
 */
import t from 'tap';
import { makeContact, makeOrganization } from '../helpers/factories.js';
import { fixedClock } from '../../server/shared/clock.js';
import { ENTITY } from '../documents/helpers.js';
import { portalDesk, signIn, type PortalDesk } from './helpers.js';

async function clientWithPapers(desk: PortalDesk, name: string, entityId: number, amount: number) {
  const org = (await makeOrganization(desk.admin, { name })) as { id: number };
  // The same November audit, invoiced and then acted.
  const november = {
    organizationId: org.id,
    entityId,
    from: '2026-11-01',
    to: '2026-11-30',
    include: ['manual'],
    lines: [{ description: `Аудит сети ${name}`, quantity: 1, unit: 'усл', unitPriceKopecks: amount }],
  };
  const invoice = await desk.admin.post('/api/v1/invoices', november);
  t.equal(invoice.statusCode, 201, invoice.body);
  const act = await desk.admin.post('/api/v1/acts', november);
  t.equal(act.statusCode, 201, act.body);
  const sub = await desk.admin.post('/api/v1/report-subscriptions', {
    name: `Отчёт ${name}`,
    report: 'tickets',
    filters: { organizationId: org.id, groupBy: 'priority' },
    schedule: { period: 'month', workingDay: 2, time: '10:30' },
    format: ['csv'],
    recipients: [{ kind: 'agent', id: desk.admin.agentId }],
    language: 'ru',
  });
  t.equal(sub.statusCode, 201, sub.body);
  const sent = await desk.admin.post(`/api/v1/report-subscriptions/${sub.json().id}/send-now`);
  t.equal(sent.statusCode, 201, sent.body);
  return {
    org,
    invoice: invoice.json() as { id: number; totalKopecks: number },
    act: act.json() as { id: number; totalKopecks: number },
    deliveryId: (sent.json() as { id: number }).id,
  };
}

t.test(
  'billing contacts see their documents, balance and reports; others are told why; nobody crosses over',
  async (t) => {
    const desk = await portalDesk(t, { clock: fixedClock('2026-12-03T09:00:00Z') });
    const entity = await desk.admin.post('/api/v1/legal-entities', ENTITY);
    t.equal(entity.statusCode, 201, entity.body);
    const entityId = (entity.json() as { id: number }).id;
    const ours = await clientWithPapers(desk, 'Ромашка', entityId, 1_000_000);
    const theirs = await clientWithPapers(desk, 'Лютик', entityId, 2_500_000);

    const billingContact = await makeContact(desk.admin, ours.org.id, { email: 'buh@romashka.example' });
    const supervisorContact = await makeContact(desk.admin, ours.org.id, { email: 'boss@romashka.example' });
    await makeContact(desk.admin, ours.org.id, { email: 'user@romashka.example' });
    for (const [c, role] of [
      [billingContact, 'billing'],
      [supervisorContact, 'supervisor'],
    ] as const) {
      const res = await desk.admin.patch(`/api/v1/organizations/${ours.org.id}/contacts/${c.id}`, { portalRole: role });
      t.equal(res.statusCode, 200, res.body);
    }
    const billing = await signIn(desk.app, 'buh@romashka.example');
    const supervisor = await signIn(desk.app, 'boss@romashka.example');
    const requester = await signIn(desk.app, 'user@romashka.example');

    const docs = await billing.get('/api/v1/portal/documents');
    t.equal(docs.statusCode, 200, docs.body);
    t.same(
      docs
        .json()
        .items.map((d: { id: number }) => d.id)
        .sort(),
      [ours.invoice.id, ours.act.id].sort(),
      'exactly the documents issued to its organization',
    );
    t.match(
      docs.json().items.find((d: { kind: string }) => d.kind === 'act'),
      {
        number: '1',
        totalKopecks: ours.act.totalKopecks,
        entityName: ENTITY.shortName,
      },
    );
    const pdf = await billing.get(`/api/v1/portal/documents/${ours.act.id}.pdf?stamp=1`);
    t.equal(pdf.statusCode, 200);
    t.equal(pdf.headers['content-type'], 'application/pdf');
    t.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');
    t.match(pdf.headers['content-disposition'], /attachment/);
    t.match(pdf.headers['content-security-policy'], /sandbox/);

    const balance = await billing.get('/api/v1/portal/balance?at=2026-12-31');
    t.same(balance.json(), {
      at: '2026-12-31',
      actsKopecks: ours.act.totalKopecks,
      paymentsKopecks: 0,
      balanceKopecks: ours.act.totalKopecks,
    });
    t.equal((await billing.get('/api/v1/portal/balance?at=31.12.2026')).statusCode, 400, 'a date it cannot read');

    const reports = await billing.get('/api/v1/portal/reports');
    t.same(
      reports.json().items.map((r: { id: number }) => r.id),
      [ours.deliveryId],
    );
    const file = await supervisor.get(`/api/v1/portal/reports/${ours.deliveryId}/files/0`);
    t.equal(file.statusCode, 200, 'a supervisor downloads the report');
    t.match(file.headers['content-disposition'], /tickets-2026-11\.csv/);

    const noDocs = await supervisor.get('/api/v1/portal/documents');
    t.equal(noDocs.statusCode, 403, 'a supervisor sees no documents');
    t.match(noDocs.json().detail, /«Бухгалтерия»/, 'in the contact’s language, naming the role');
    t.equal((await supervisor.get('/api/v1/portal/balance')).statusCode, 403);
    t.equal((await requester.get('/api/v1/portal/reports')).statusCode, 403, 'a requester sees no reports');
    t.equal((await requester.get(`/api/v1/portal/documents/${ours.act.id}.pdf`)).statusCode, 403);

    // Another organization's ids read as missing, exactly like ids that do not exist.
    for (const url of [
      `/api/v1/portal/documents/${theirs.act.id}.pdf`,
      `/api/v1/portal/documents/${theirs.invoice.id}.pdf`,
      `/api/v1/portal/reports/${theirs.deliveryId}/files/0`,
      '/api/v1/portal/documents/999999.pdf',
    ]) {
      const res = await billing.get(url);
      t.equal(res.statusCode, 404, url);
      t.notMatch(res.body, /Лютик/, 'nothing of the other client leaks into the refusal');
    }
    t.notMatch(JSON.stringify((await billing.get('/api/v1/portal/documents')).json()), /Лютик/);

    // An agent's credentials are nothing here, and a contact's cookie nothing on the agents' document routes.
    t.equal((await desk.admin.get('/api/v1/portal/documents')).statusCode, 401);
    const agentRoute = await desk.app.inject({
      method: 'GET',
      url: `/api/v1/documents/${ours.act.id}.pdf`,
      headers: { cookie: `ondesk_portal=${billing.cookie}` },
    });
    t.equal(agentRoute.statusCode, 401);

    // A role taken away counts at once.
    await desk.admin.patch(`/api/v1/organizations/${ours.org.id}/contacts/${billingContact.id}`, {
      portalRole: 'requester',
    });
    t.equal((await billing.get('/api/v1/portal/documents')).statusCode, 403);
  },
);
