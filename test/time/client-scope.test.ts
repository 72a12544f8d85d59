import t from 'tap';
import fc from 'fast-check';
import { timeDesk } from './helpers.js';
import { rejects } from '../agreements/helpers.js';
import type { Actor } from '../../server/context.js';
import { createTicket } from '../../server/modules/tickets/index.js';
import { getWork, listWork, logWork } from '../../server/modules/worklogs/worklogs.service.js';

t.test(
  "property: a client contact sees only their organization's work marked visible, whatever the filters",
  async (t) => {
    const d = await timeDesk(t);
    const orgs = [d.org, d.other, d.third];
    const eng = d.ctx(d.engineer);
    const tickets = await Promise.all(
      orgs.map((o) =>
        createTicket(eng, {
          subject: `Заявка ${o.name}`,
          description: '-',
          organizationId: o.id,
          type: 'request',
          priority: 'P3',
        }),
      ),
    );
    const logged: Array<{ id: number; org: number; visible: boolean }> = [];
    for (let i = 0; i < 30; i++) {
      const ticket = tickets[i % 3]!;
      const visible = i % 4 !== 0;
      const w = await logWork(eng, {
        ticketId: ticket.id,
        minutes: 10 + i,
        clientVisible: visible,
        workDate: '2026-12-0' + (1 + (i % 3)),
      });
      logged.push({ id: w.id, org: ticket.organization_id, visible });
    }
    const contactOf = (organizationId: number, id: number): Actor => ({
      kind: 'contact',
      id,
      organizationId,
      name: 'Client',
      language: 'ru',
    });
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 2 }),
        fc.record({
          organizationId: fc.option(fc.constantFrom(...orgs.map((o) => o.id)), { nil: undefined }),
          ticketId: fc.option(fc.constantFrom(...tickets.map((x) => x.id)), { nil: undefined }),
          agentId: fc.option(fc.constant(d.engineer.kind === 'agent' ? d.engineer.id : 0), { nil: undefined }),
          from: fc.option(fc.constantFrom('2026-12-01', '2026-12-02'), { nil: undefined }),
          limit: fc.integer({ min: 1, max: 50 }),
        }),
        async (who, filter) => {
          const org = orgs[who]!.id;
          const ctx = d.inst.ctx(contactOf(org, 1000 + who));
          const page = await listWork(ctx, filter);
          const allowed = new Set(logged.filter((w) => w.org === org && w.visible).map((w) => w.id));
          return page.items.every((w) => w.organization_id === org && w.client_visible === 1 && allowed.has(w.id));
        },
      ),
      { numRuns: 60 },
    );
    const foreign = logged.find((w) => w.org === d.other.id && w.visible)!;
    t.pass('60 random queries of three clients saw only their own visible work');
    await rejects(
      t,
      getWork(d.inst.ctx(contactOf(d.org.id, 1)), foreign.id),
      404,
      /not found/,
      "another organization's work",
    );
    const hidden = logged.find((w) => w.org === d.org.id && !w.visible)!;
    await rejects(t, getWork(d.inst.ctx(contactOf(d.org.id, 1)), hidden.id), 404, /not found/, 'internal work');
    const own = logged.find((w) => w.org === d.org.id && w.visible)!;
    t.equal((await getWork(d.inst.ctx(contactOf(d.org.id, 1)), own.id)).id, own.id);
  },
);
