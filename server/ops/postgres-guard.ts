import { loadConfig } from '../config/config.js';

/**
 * Backup, restore, upgrade and the support bundle's database copy work on the SQLite file in the data dir. An
 * installation on PostgreSQL keeps no such file: instead of copying a file that is not there (or an empty one),
 * they say what to use. Returns the message, or null on SQLite.
 */
export function postgresRefusal(dataDir: string, command: 'backup' | 'restore' | 'upgrade'): string | null {
  const config = loadConfig({ dataDir });
  if (config.database !== 'postgres') return null;
  const how =
    command === 'restore'
      ? 'restore a pg_dump archive with pg_restore (pg_restore --clean --dbname "$ONDESK_DATABASE_URL" ondesk.dump)'
      : command === 'backup'
        ? 'back it up with pg_dump (pg_dump --format=custom --file ondesk.dump "$ONDESK_DATABASE_URL") and the data dir with your file backup'
        : 'back it up with pg_dump first, then start this build: it applies pending migrations under an advisory lock';
  return `\`ondesk ${command}\` works on the SQLite file of the data dir, and this installation runs on PostgreSQL: ${how}`;
}
