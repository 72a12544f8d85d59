import type { Kysely } from 'kysely';
import type { Database, TicketLinkKind } from '../../db/schema.js';
import { largerOf, smallerOf } from '../../db/dialect.js';

/** A link as seen from `ticketId`: either end may have made it. */
export function listLinksOf(db: Kysely<Database>, ticketId: number) {
  return db
    .selectFrom('ticket_links')
    .innerJoin('tickets', (j) =>
      j.on((eb) =>
        eb.or([
          eb.and([
            eb('ticket_links.ticket_id', '=', ticketId),
            eb('tickets.id', '=', eb.ref('ticket_links.linked_ticket_id')),
          ]),
          eb.and([
            eb('ticket_links.linked_ticket_id', '=', ticketId),
            eb('tickets.id', '=', eb.ref('ticket_links.ticket_id')),
          ]),
        ]),
      ),
    )
    .select([
      'ticket_links.id',
      'ticket_links.ticket_id',
      'ticket_links.linked_ticket_id',
      'ticket_links.kind',
      'ticket_links.created_at',
      'tickets.id as other_id',
      'tickets.number as other_number',
      'tickets.subject as other_subject',
      'tickets.status as other_status',
    ])
    .where((eb) =>
      eb.or([eb('ticket_links.ticket_id', '=', ticketId), eb('ticket_links.linked_ticket_id', '=', ticketId)]),
    )
    .orderBy('ticket_links.id')
    .execute();
}

export function findLinkBetween(db: Kysely<Database>, a: number, b: number) {
  return db
    .selectFrom('ticket_links')
    .selectAll()
    .where(({ eb, ref, val }) =>
      eb.and([
        eb(smallerOf(db, ref('ticket_id'), ref('linked_ticket_id')), '=', val(Math.min(a, b))),
        eb(largerOf(db, ref('ticket_id'), ref('linked_ticket_id')), '=', val(Math.max(a, b))),
      ]),
    )
    .executeTakeFirst();
}

export function findLink(db: Kysely<Database>, id: number) {
  return db.selectFrom('ticket_links').selectAll().where('id', '=', id).executeTakeFirst();
}

export function insertLink(
  db: Kysely<Database>,
  row: {
    ticket_id: number;
    linked_ticket_id: number;
    kind: TicketLinkKind;
    created_by_agent_id: number | null;
    created_at: string;
  },
) {
  return db.insertInto('ticket_links').values(row).returning('id').executeTakeFirstOrThrow();
}

export function deleteLink(db: Kysely<Database>, id: number) {
  return db.deleteFrom('ticket_links').where('id', '=', id).execute();
}

/** Moves a ticket's conversation (comments and the files attached to it) onto another ticket. */
export async function moveConversation(db: Kysely<Database>, fromTicketId: number, toTicketId: number) {
  const comments = await db
    .updateTable('comments')
    .set({ ticket_id: toTicketId })
    .where('ticket_id', '=', fromTicketId)
    .executeTakeFirst();
  const attachments = await db
    .updateTable('attachments')
    .set({ ticket_id: toTicketId })
    .where('ticket_id', '=', fromTicketId)
    .executeTakeFirst();
  return { comments: Number(comments.numUpdatedRows), attachments: Number(attachments.numUpdatedRows) };
}

export async function countWorklogs(db: Kysely<Database>, ticketId: number) {
  const row = await db
    .selectFrom('worklogs')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('ticket_id', '=', ticketId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
