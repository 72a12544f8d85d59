import t from 'tap';
import { seedDemoIfEmpty } from '../../server/demo/seed.js';
import { testInstallation } from '../helpers/installation.js';

t.test(
  'the demo is a living desk: weeks of history, conversations, breached and near tickets, a free seat',
  async (t) => {
    const inst = await testInstallation(t);
    t.ok(await seedDemoIfEmpty(inst, { tickets: 42 }));
    const db = inst.database.db;
    const now = inst.clock.now().getTime();

    const agents = await db.selectFrom('agents').select('email').execute();
    t.equal(agents.length, 3, 'three of the free licence’s four seats: an evaluator can add a colleague');

    const tickets = await db.selectFrom('tickets').select(['id', 'status', 'created_at', 'resolution_due']).execute();
    t.equal(tickets.length, 42);
    const ages = tickets.map((tk) => (now - Date.parse(tk.created_at)) / 86_400_000);
    t.ok(Math.max(...ages) >= 14, `history goes back weeks (${Math.max(...ages).toFixed(1)} days)`);
    t.ok(Math.min(...ages) < 1, 'and reaches today');
    t.ok(
      ages.every((a) => a >= 0),
      'nothing happens in the future',
    );

    const comments = await db.selectFrom('comments').select(['ticket_id', 'public', 'created_at']).execute();
    t.ok(comments.length > tickets.length, `conversations, not one line each (${comments.length} comments)`);
    t.ok(comments.some((c) => c.public) && comments.some((c) => !c.public), 'public replies and internal notes');
    t.ok(
      comments.every((c) => Date.parse(c.created_at) <= now),
      'comments are in the past too',
    );

    const open = tickets.filter((tk) => !['resolved', 'closed'].includes(tk.status) && tk.resolution_due !== null);
    t.ok(
      open.some((tk) => tk.resolution_due! < now),
      'some open tickets are past their resolution deadline (breached)',
    );
    t.ok(
      open.some((tk) => tk.resolution_due! >= now),
      'some are still running toward it',
    );
  },
);
