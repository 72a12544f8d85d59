import t from 'tap';
import { join } from 'node:path';
import { sql } from 'kysely';
import { openDatabase } from '../../server/db/connection.js';
import { createMigrator, migrateToLatest } from '../../server/db/migrator.js';
import { migrations } from '../../migrations/index.js';
import { tempDir } from '../helpers/installation.js';

t.test(
  'the surveys migration upgrades a desk with tickets: one desk row with a secret, the rules enforced',
  async (t) => {
    const handle = openDatabase(join(tempDir(t), 's.db'));
    t.teardown(() => handle.close());
    const names = Object.keys(migrations);
    const before = names[names.indexOf('2026-12-04-017-surveys') - 1]!;
    await createMigrator(handle.db).migrateTo(before);
    const now = '2026-11-20T10:00:00.000Z';
    await sql`insert into organizations (name, tags, created_at, updated_at) values ('ООО Ромашка', '[]', ${now}, ${now})`.execute(
      handle.db,
    );
    await sql`insert into contacts (organization_id, name, email, created_at, updated_at)
            values (1, 'Ольга', 'olga@romashka.example', ${now}, ${now})`.execute(handle.db);
    await sql`insert into tickets (number, subject, description, type, priority, status, organization_id, contact_id, channel, tags, created_at, updated_at)
            values (1, 'Не печатает принтер', '—', 'incident', 'P2', 'resolved', 1, 1, 'email', '[]', ${now}, ${now})`.execute(
      handle.db,
    );
    await migrateToLatest(handle.db);

    const defaults = await sql<{
      enabled: number;
      sample_percent: number;
      delay_minutes: number;
      sample_secret: string;
    }>`select * from survey_defaults`.execute(handle.db);
    t.equal(defaults.rows.length, 1, 'one desk-wide row');
    t.match(defaults.rows[0], { enabled: 1, sample_percent: 100, delay_minutes: 60 });
    t.match(defaults.rows[0]!.sample_secret, /^[0-9a-f]{32}$/, 'a random secret of 128 bits');
    t.equal(
      (await sql<{ n: number }>`select count(*) as n from tickets`.execute(handle.db)).rows[0]!.n,
      1,
      'the tickets are there',
    );
    await t.rejects(
      sql`insert into survey_defaults (id, sample_secret, updated_at) values (2, 'x', ${now})`.execute(handle.db),
      'a second desk row is refused',
    );
    const survey = (score: number | null, ticketId = 1) =>
      sql`insert into surveys (ticket_id, contact_id, language, send_after, score, created_at)
        values (${ticketId}, 1, 'ru', ${now}, ${score}, ${now})`.execute(handle.db);
    await t.rejects(survey(6), 'a score above 5 is refused');
    await t.rejects(survey(0), 'a score below 1 is refused');
    await survey(null);
    await t.rejects(survey(5), 'one survey per ticket');
    await t.rejects(
      sql`insert into survey_settings (agreement_id, sample_percent, updated_at) values (1, 50, ${now})`.execute(
        handle.db,
      ),
      'settings name an agreement that exists',
    );
  },
);
