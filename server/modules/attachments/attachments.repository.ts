import type { Insertable, Kysely } from 'kysely';
import type { AttachmentTable, Database } from '../../db/schema.js';

export function insertAttachment(db: Kysely<Database>, row: Insertable<AttachmentTable>) {
  return db.insertInto('attachments').values(row).returningAll().executeTakeFirstOrThrow();
}

export function findAttachment(db: Kysely<Database>, id: number) {
  return db.selectFrom('attachments').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listAttachments(db: Kysely<Database>, ticketId: number) {
  return db.selectFrom('attachments').selectAll().where('ticket_id', '=', ticketId).orderBy('id').execute();
}

export async function commentBelongsTo(db: Kysely<Database>, commentId: number, ticketId: number) {
  const row = await db
    .selectFrom('comments')
    .select('id')
    .where('id', '=', commentId)
    .where('ticket_id', '=', ticketId)
    .executeTakeFirst();
  return Boolean(row);
}

export function recordAttached(
  db: Kysely<Database>,
  e: { ticketId: number; actor: number | null; at: string; fileName: string },
) {
  return db
    .insertInto('ticket_history')
    .values({
      ticket_id: e.ticketId,
      actor_agent_id: e.actor,
      at: e.at,
      action: 'attached',
      field: null,
      old_value: null,
      new_value: e.fileName,
    })
    .execute();
}
