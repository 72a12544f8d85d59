import fc from 'fast-check';
import t from 'tap';
import { agentsReport, type StatusChange } from '../../server/modules/reports/agents-report.js';
import { businessDuration, shortLocal } from '../../server/modules/reports/breach-explanation.js';

const span = { start: 1_000, end: 2_000 };
const at = fc.integer({ min: 0, max: 3_000 });
const agent = fc.integer({ min: 1, max: 4 });
const ticket = fc.integer({ min: 1, max: 6 });
const statuses = ['new', 'open', 'in_progress', 'waiting_for_client', 'resolved', 'closed'] as const;

t.test('property: the agents report adds up', async (t) => {
  fc.assert(
    fc.property(
      fc.array(fc.record({ agentId: agent, ticketId: ticket, at })),
      fc.array(fc.record({ agentId: agent, ticketId: ticket, at })),
      fc.array(
        fc.record({
          ticketId: ticket,
          agentId: fc.option(agent, { nil: null }),
          at,
          from: fc.option(fc.constantFrom(...statuses), { nil: null }),
          to: fc.constantFrom(...statuses),
        }),
      ),
      fc.array(fc.record({ agentId: agent, billableMinutes: fc.nat(600), nonBillableMinutes: fc.nat(600) })),
      (touches, firstResponses, statusChanges: StatusChange[], work) => {
        const { rows, total } = agentsReport(
          { agents: [{ id: 1, name: 'Аня' }], touches, firstResponses, statusChanges, work },
          span,
        );
        const sum = (key: 'firstResponses' | 'resolutions' | 'reopened' | 'billableMinutes') =>
          rows.reduce((s, r) => s + r[key], 0);
        for (const key of ['firstResponses', 'resolutions', 'reopened', 'billableMinutes'] as const)
          if (total[key] !== sum(key)) return false;
        // A ticket handled by two engineers counts once in the total.
        if (total.ticketsHandled > rows.reduce((s, r) => s + r.ticketsHandled, 0)) return false;
        const inSpan = new Set(touches.filter((x) => x.at >= span.start && x.at < span.end).map((x) => x.ticketId));
        if (total.ticketsHandled !== inSpan.size) return false;
        return rows.every(
          (r) =>
            r.reopened <= r.resolutions &&
            (r.resolutions === 0 ? r.reopenRate === null : r.reopenRate === r.reopened / r.resolutions),
        );
      },
    ),
  );
  t.pass('sums and rates hold');
});

t.test('property: a business duration reads back as its minutes', async (t) => {
  fc.assert(
    fc.property(fc.nat(100_000), fc.constantFrom('ru' as const, 'en' as const), (minutes, language) => {
      const text = businessDuration(minutes, language);
      const whole = /^(\d+) (?:раб\. ч|business h)$/.exec(text);
      if (whole) return Number(whole[1]) * 60 === minutes;
      const mixed = /^(?:(\d+) (?:ч|h) )?(\d+) (?:раб\. мин|business min)$/.exec(text);
      return mixed !== null && Number(mixed[1] ?? 0) * 60 + Number(mixed[2]) === minutes;
    }),
  );
  t.equal(businessDuration(135, 'ru'), '2 ч 15 раб. мин');
  t.equal(businessDuration(540, 'ru'), '9 раб. ч');
  t.equal(businessDuration(30, 'en'), '30 business min');
  t.equal(shortLocal(Date.parse('2026-11-12T15:00:00Z'), 'Europe/Moscow'), '12.11 18:00');
  t.equal(shortLocal(Date.parse('2026-12-31T21:30:00Z'), 'Europe/Moscow'), '01.01 00:30');
});
