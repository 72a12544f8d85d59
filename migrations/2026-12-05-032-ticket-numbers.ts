import type { Kysely } from 'kysely';

// Frozen: a migration never changes once released. Later changes go into a new file.

/**
 * Ticket numbers on several writers. SQLite has one writer, so "the largest number + 1" (tickets.repository.ts)
 * stays right there and this migration changes nothing in its file. On PostgreSQL every concurrent creation that
 * read the largest number clashed with every other one (a serialization failure, then the creation again); its
 * version of this migration (migrations/postgres/) gives `tickets.number` a sequence of its own instead.
 */
export async function up(_db: Kysely<any>): Promise<void> {}

export async function down(_db: Kysely<any>): Promise<void> {}
