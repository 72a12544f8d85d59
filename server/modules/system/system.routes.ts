import { Type } from '@sinclair/typebox';
import { sql } from 'kysely';
import type { App } from '../../http/types.js';
import type { Installation } from '../../installation.js';
import { latestMigration } from '../../db/migrator.js';

export async function systemRoutes(app: App, opts: { installation: Installation; isReady: () => boolean }) {
  const Health = Type.Object({ status: Type.String() });
  app.get('/healthz', { schema: { hide: true, response: { 200: Health } }, config: { public: true } }, async () => ({
    status: 'ok',
  }));
  app.get(
    '/readyz',
    {
      schema: {
        hide: true,
        response: { 200: Type.Object({ status: Type.String(), schema: Type.String() }), 503: Health },
      },
      config: { public: true },
    },
    async (_req, reply) => {
      if (!opts.isReady()) return reply.status(503).send({ status: 'starting' });
      const database = opts.installation.database;
      // SQLite: straight on the connection, not behind a write batch holding Kysely's connection; PostgreSQL:
      // one round trip on the pool, so a node that lost its database is not ready.
      if (database.dialect === 'sqlite') database.sqlite.prepare('select 1').get();
      else await sql`select 1`.execute(database.db);
      return { status: 'ready', schema: latestMigration };
    },
  );
}
