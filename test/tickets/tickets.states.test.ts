import t from 'tap';
import {
  assertTransition,
  canTransition,
  ticketStatuses,
  ticketTransitions,
} from '../../server/modules/tickets/tickets.states.js';

t.test('the workflow table', async (t) => {
  t.same(Object.keys(ticketTransitions).sort(), [...ticketStatuses].sort(), 'every status has a row');
  for (const [from, tos] of Object.entries(ticketTransitions)) {
    for (const to of tos) t.ok(ticketStatuses.includes(to), `${from} → ${to} names a status`);
    t.notOk(tos.includes(from as never), `${from} does not list itself`);
  }
  t.ok(canTransition('closed', 'open'), 'closed tickets reopen');
  t.ok(canTransition('resolved', 'open'), 'resolved tickets reopen');
  t.notOk(canTransition('closed', 'resolved'));
  t.doesNotThrow(() => assertTransition('open', 'open'), 'staying is not a move');
  t.throws(() => assertTransition('closed', 'in_progress'), { status: 409, code: 'invalid_transition' });
  // every status can be reached from "new"
  const seen = new Set(['new']);
  const queue = ['new'];
  while (queue.length)
    for (const next of ticketTransitions[queue.shift() as keyof typeof ticketTransitions])
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
  t.same([...seen].sort(), [...ticketStatuses].sort());
});
