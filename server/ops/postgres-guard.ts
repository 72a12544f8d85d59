import { loadConfig } from '../config/config.js';

/**
 * `ondesk upgrade` works on the SQLite file of the data dir (its own backup, migrations, rollback by file). An
 * installation on PostgreSQL keeps no such file: instead of copying a file that is not there, it says what to use
 * (backup and restore handle PostgreSQL themselves, with pg_dump and pg_restore). Returns the message, or null on
 * SQLite.
 */
export function postgresRefusal(dataDir: string, command: 'upgrade'): string | null {
  const config = loadConfig({ dataDir });
  if (config.database !== 'postgres') return null;
  const how =
    'back it up first (ondesk backup runs pg_dump), then start this build: it applies pending migrations under an advisory lock';
  return `\`ondesk ${command}\` works on the SQLite file of the data dir, and this installation runs on PostgreSQL: ${how}`;
}
