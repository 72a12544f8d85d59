import t from 'tap';
import fc from 'fast-check';
import { makeContact, makeOrganization, makeTicket } from '../helpers/factories.js';
import { agreementFixture, moscow8x5, serviceFixture } from '../sla/helpers.js';
import { attachmentFixture, portalDesk, signIn, type PortalClient } from './helpers.js';

/*
 * THE scoping property of the portal: for random organizations, contacts (with roles), visibility modes,
 * tickets, public and internal comments, files on tickets and on comments, and agreements, every contact
 * through every portal route gets exactly what its visibility allows — nothing of another organization, nothing
 * outside its visibility, never an internal note or a file of one — and can change nothing outside it.
 */

const visibilities = ['own', 'organization', 'chosen'] as const;
const roles = ['requester', 'supervisor', 'billing'] as const;
const statuses = ['active', 'planned', 'expired'] as const;

const worldArb = fc.array(
  fc.record({
    visibility: fc.constantFrom(...visibilities),
    contacts: fc.array(fc.constantFrom(...roles), { minLength: 1, maxLength: 3 }),
    tickets: fc.array(
      fc.record({
        requester: fc.nat(3), // an index into the contacts; past the end: no requester
        comments: fc.array(fc.record({ public: fc.boolean(), file: fc.boolean() }), { maxLength: 3 }),
        ticketFile: fc.boolean(),
      }),
      { maxLength: 4 },
    ),
    agreements: fc.array(fc.record({ status: fc.constantFrom(...statuses), service: fc.nat(2) }), { maxLength: 2 }),
  }),
  { minLength: 2, maxLength: 3 },
);

type World = typeof worldArb extends fc.Arbitrary<infer W> ? W : never;

interface Built {
  orgId: number;
  visibility: (typeof visibilities)[number];
  contacts: { id: number; email: string; role: (typeof roles)[number] }[];
  tickets: {
    id: number;
    requesterId: number | null;
    publicBodies: string[];
    visibleFiles: number[];
    hiddenFiles: number[];
  }[];
  activeAgreements: number[];
  agreementIds: number[];
}

let run = 0;

t.test('no portal route yields data of another organization or outside the visibility', async (t) => {
  const desk = await portalDesk(t);
  const calendarId = await moscow8x5(desk.inst);
  const services = [
    await serviceFixture(desk.inst, 'Service A'),
    await serviceFixture(desk.inst, 'Service B'),
    await serviceFixture(desk.inst, 'Service C'),
  ];
  const db = desk.inst.database.db;
  let checks = 0;

  async function build(world: World): Promise<Built[]> {
    run++;
    const built: Built[] = [];
    for (const [o, spec] of world.entries()) {
      const org = await makeOrganization(desk.admin, { name: `Run ${run} org ${o}` });
      await desk.admin.request('PUT', `/api/v1/organizations/${org.id}/portal`, {
        visibility: spec.visibility,
        reopenDays: 14,
        enabled: true,
      });
      const contacts = [];
      for (const [c, role] of spec.contacts.entries()) {
        const email = `r${run}o${o}c${c}@scope.example`;
        const contact = await makeContact(desk.admin, org.id, { email });
        await desk.admin.patch(`/api/v1/organizations/${org.id}/contacts/${contact.id}`, { portalRole: role });
        contacts.push({ id: contact.id, email, role });
      }
      const tickets = [];
      for (const [k, spec2] of spec.tickets.entries()) {
        const requesterId = contacts[spec2.requester]?.id ?? null;
        const ticket = await makeTicket(desk.admin, org.id, {
          ...(requesterId !== null && { contactId: requesterId }),
          subject: `run${run} org${o} ticket${k}`,
        });
        const publicBodies: string[] = [];
        const visibleFiles: number[] = [];
        const hiddenFiles: number[] = [];
        if (spec2.ticketFile)
          visibleFiles.push(await attachmentFixture(desk.inst, ticket.id, null, `r${run}-t${ticket.id}-file`));
        for (const [n, comment] of spec2.comments.entries()) {
          const body = `r${run} t${ticket.id} c${n} ${comment.public ? 'public' : 'INTERNAL'}`;
          const res = await desk.admin.post(`/api/v1/tickets/${ticket.id}/comments`, { body, public: comment.public });
          if (comment.public) publicBodies.push(body);
          if (comment.file) {
            const file = await attachmentFixture(desk.inst, ticket.id, res.json().id, `r${run}-c${res.json().id}-file`);
            (comment.public ? visibleFiles : hiddenFiles).push(file);
          }
        }
        tickets.push({ id: ticket.id, requesterId, publicBodies, visibleFiles, hiddenFiles });
      }
      const activeAgreements: number[] = [];
      const agreementIds: number[] = [];
      for (const a of spec.agreements) {
        const id = await agreementFixture(desk.inst, {
          organizationId: org.id,
          calendarId,
          status: a.status,
          serviceIds: [services[a.service]!],
          targets: [{ priority: 'P3', reaction: 60, resolution: 480 }],
        });
        agreementIds.push(id);
        if (a.status === 'active') activeAgreements.push(id);
      }
      built.push({ orgId: org.id, visibility: spec.visibility, contacts, tickets, activeAgreements, agreementIds });
    }
    return built;
  }

  const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);

  async function check(orgs: Built[]) {
    const allTickets = orgs.flatMap((o) => o.tickets);
    const allFiles = allTickets.flatMap((tk) => [...tk.visibleFiles, ...tk.hiddenFiles]);
    // Ids of earlier runs and ids that never were belong to the universe too.
    const maxTicket =
      (
        await db
          .selectFrom('tickets')
          .select((eb) => eb.fn.max('id').as('m'))
          .executeTakeFirst()
      )?.m ?? 0;
    const otherIds = [1, Number(maxTicket) + 1, Number(maxTicket) + 1000];
    for (const org of orgs) {
      for (const contact of org.contacts) {
        const portal: PortalClient = await signIn(desk.app, contact.email);
        const wholeOrg =
          org.visibility === 'organization' || (org.visibility === 'chosen' && contact.role !== 'requester');
        const visible = org.tickets.filter((tk) => wholeOrg || tk.requesterId === contact.id);
        const visibleIds = new Set(visible.map((tk) => tk.id));

        const list = await portal.get('/api/v1/portal/tickets?status=all&limit=100');
        t.same(
          sorted(list.json().items.map((i: { id: number }) => i.id)),
          sorted([...visibleIds]),
          'list = exactly the visible tickets',
        );
        checks++;

        for (const id of [...allTickets.map((tk) => tk.id), ...otherIds]) {
          const detail = await portal.get(`/api/v1/portal/tickets/${id}`);
          const mine = allTickets.find((tk) => tk.id === id);
          if (visibleIds.has(id)) {
            t.equal(detail.statusCode, 200);
            const body = detail.json();
            t.same(
              body.comments.map((c: { body: string }) => c.body),
              mine!.publicBodies,
              'public replies, all of them, only them',
            );
            t.same(
              sorted(body.attachments.map((a: { id: number }) => a.id)),
              sorted(mine!.visibleFiles),
              'files: the ticket’s and its public replies’',
            );
            t.notMatch(detail.body, /INTERNAL/, 'never an internal note');
          } else {
            t.equal(detail.statusCode, 404, `ticket ${id} is missing for contact ${contact.id}`);
            const before = await db
              .selectFrom('comments')
              .select(db.fn.countAll<number>().as('n'))
              .where('ticket_id', '=', id)
              .executeTakeFirst();
            const statusBefore = await db
              .selectFrom('tickets')
              .select('status')
              .where('id', '=', id)
              .executeTakeFirst();
            t.equal(
              (await portal.post(`/api/v1/portal/tickets/${id}/comments`, { body: 'leak?' })).statusCode,
              404,
              'no reply',
            );
            t.equal((await portal.post(`/api/v1/portal/tickets/${id}/reopen`)).statusCode, 404, 'no reopen');
            t.equal((await portal.post(`/api/v1/portal/tickets/${id}/close`)).statusCode, 404, 'no close');
            t.equal(
              (await portal.upload(`/api/v1/portal/tickets/${id}/attachments`, [{ name: 'x.txt', content: 'x' }]))
                .statusCode,
              404,
              'no file',
            );
            const after = await db
              .selectFrom('comments')
              .select(db.fn.countAll<number>().as('n'))
              .where('ticket_id', '=', id)
              .executeTakeFirst();
            const statusAfter = await db.selectFrom('tickets').select('status').where('id', '=', id).executeTakeFirst();
            t.same([after, statusAfter], [before, statusBefore], 'and nothing changed');
          }
          checks++;
        }

        const visibleFiles = new Set(visible.flatMap((tk) => tk.visibleFiles));
        for (const file of allFiles) {
          const res = await portal.get(`/api/v1/portal/attachments/${file}`);
          t.equal(res.statusCode, visibleFiles.has(file) ? 200 : 404, `file ${file} for contact ${contact.id}`);
          checks++;
        }

        const agreements = (await portal.get('/api/v1/portal/agreements')).json().items as { id: number }[];
        t.same(
          sorted(agreements.map((a) => a.id)),
          sorted(org.activeAgreements),
          'the organization’s active agreements only',
        );
        const serviceItems = (await portal.get('/api/v1/portal/services')).json().items as {
          agreement: { id: number };
        }[];
        for (const s of serviceItems)
          t.ok(org.agreementIds.includes(s.agreement.id), 'a service is shown by its own organization’s agreement');
        checks++;
      }
    }
  }

  await fc.assert(
    fc.asyncProperty(worldArb, async (world) => {
      await check(await build(world));
    }),
    { numRuns: Number(process.env.PORTAL_SCOPE_RUNS ?? 12), endOnFailure: true },
  );
  t.ok(checks > 100, `${checks} route checks ran`);
});
