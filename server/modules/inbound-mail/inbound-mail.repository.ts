import { sql, type Insertable, type Kysely, type Updateable } from 'kysely';
import type { Database, InboundMessageStatus, InboundMessageTable } from '../../db/schema.js';
import { tableExists } from '../../db/dialect.js';

export function findByKey(db: Kysely<Database>, key: string) {
  return db.selectFrom('inbound_messages').selectAll().where('message_key', '=', key).executeTakeFirst();
}

export function findInbound(db: Kysely<Database>, id: number) {
  return db.selectFrom('inbound_messages').selectAll().where('id', '=', id).executeTakeFirst();
}

export function insertInbound(db: Kysely<Database>, row: Insertable<InboundMessageTable>) {
  return db.insertInto('inbound_messages').values(row).returning(['id']).executeTakeFirstOrThrow();
}

export async function insertRefs(db: Kysely<Database>, ticketId: number, inboundId: number, messageIds: string[]) {
  if (messageIds.length === 0) return;
  await db
    .insertInto('inbound_message_refs')
    .values(messageIds.map((message_id) => ({ message_id, ticket_id: ticketId, inbound_message_id: inboundId })))
    .execute();
}

let outboundTable: boolean | null = null;

/**
 * Whether the outbound side's record of the Message-IDs we send exists in this database yet. Checked once
 * per process and then only while absent: it appears with a migration, never disappears.
 */
async function hasOutboundIds(db: Kysely<Database>): Promise<boolean> {
  if (outboundTable) return true;
  outboundTable = await tableExists(db, 'mail_message_ids');
  return outboundTable;
}

export interface ThreadMatch {
  ticketId: number;
  /** The address our matched message went to, when it was one we sent: that person is a participant. */
  recipient: string | null;
  via: 'message-id';
}

/**
 * The ticket a reply belongs to by its In-Reply-To / References: Message-IDs we sent (mail_message_ids, the
 * outbound side's table, when present) and Message-IDs of mail we received and filed. Nearest id first.
 */
export async function findTicketByMessageIds(db: Kysely<Database>, ids: string[]): Promise<ThreadMatch | null> {
  if (ids.length === 0) return null;
  const candidates: Array<{ id: string; ticketId: number; recipient: string | null }> = [];
  if (await hasOutboundIds(db)) {
    const rows = await sql<{ message_id: string; ticket_id: number | null; recipient: string | null }>`
      select message_id, ticket_id, recipient from mail_message_ids
      where message_id in (${sql.join(ids)}) and ticket_id is not null`.execute(db);
    for (const r of rows.rows)
      if (r.ticket_id !== null) candidates.push({ id: r.message_id, ticketId: r.ticket_id, recipient: r.recipient });
  }
  const ours = await db
    .selectFrom('inbound_message_refs')
    .innerJoin('tickets', 'tickets.id', 'inbound_message_refs.ticket_id')
    .select(['inbound_message_refs.message_id', 'inbound_message_refs.ticket_id'])
    .where('inbound_message_refs.message_id', 'in', ids)
    .execute();
  for (const r of ours) candidates.push({ id: r.message_id, ticketId: r.ticket_id, recipient: null });
  for (const id of ids) {
    const hit = candidates.find((c) => c.id === id);
    if (hit) return { ticketId: hit.ticketId, recipient: hit.recipient, via: 'message-id' };
  }
  return null;
}

/** Addresses that may write into a ticket as its customer side. */
export async function ticketParticipants(
  db: Kysely<Database>,
  ticketId: number,
  catchAllOrganizationId: number | null,
) {
  const ticket = await db
    .selectFrom('tickets')
    .select(['id', 'number', 'organization_id', 'contact_id', 'subject'])
    .where('id', '=', ticketId)
    .executeTakeFirst();
  if (!ticket) return null;
  const contacts = await db
    .selectFrom('contacts')
    .select(['id', 'email', 'organization_id'])
    .where((eb) =>
      // The catch-all client's contacts are strangers to each other: only the ticket's own contact counts there.
      ticket.organization_id === catchAllOrganizationId
        ? eb('id', '=', ticket.contact_id ?? -1)
        : eb.or([eb('organization_id', '=', ticket.organization_id), eb('id', '=', ticket.contact_id ?? -1)]),
    )
    .where('email', 'is not', null)
    .execute();
  const agents = await db.selectFrom('agents').select(['id', 'email']).where('active', '=', 1).execute();
  // Whoever opened the ticket by mail (an unsorted ticket has no contact) may answer in it.
  const senders = await db
    .selectFrom('inbound_messages')
    .select('from_address')
    .where('ticket_id', '=', ticketId)
    .where('status', '=', 'ticket')
    .execute();
  return { ticket, contacts, agents, senders: senders.map((s) => s.from_address).filter((a): a is string => !!a) };
}

export function findTicketByNumber(db: Kysely<Database>, number: number) {
  return db.selectFrom('tickets').select(['id', 'number']).where('number', '=', number).executeTakeFirst();
}

export function findContactByEmail(db: Kysely<Database>, email: string) {
  return db
    .selectFrom('contacts')
    .selectAll()
    .where(sql`email collate nocase`, '=', email)
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
}

export function findOrganizationByDomain(db: Kysely<Database>, domain: string) {
  return db
    .selectFrom('organization_domains')
    .select('organization_id')
    .where('domain', '=', domain)
    .executeTakeFirst();
}

export function listDomains(db: Kysely<Database>, organizationId: number) {
  return db
    .selectFrom('organization_domains')
    .select('domain')
    .where('organization_id', '=', organizationId)
    .orderBy('domain')
    .execute();
}

export async function replaceDomains(db: Kysely<Database>, organizationId: number, domains: string[], now: string) {
  await db.deleteFrom('organization_domains').where('organization_id', '=', organizationId).execute();
  if (domains.length > 0) {
    await db
      .insertInto('organization_domains')
      .values(domains.map((domain) => ({ domain, organization_id: organizationId, created_at: now })))
      .execute();
  }
}

export function domainOwner(db: Kysely<Database>, domains: string[]) {
  return db
    .selectFrom('organization_domains')
    .select(['domain', 'organization_id'])
    .where('domain', 'in', domains)
    .execute();
}

export function listInbound(
  db: Kysely<Database>,
  opts: { status?: InboundMessageStatus; beforeId?: number; limit: number },
) {
  let q = db
    .selectFrom('inbound_messages')
    .select([
      'id',
      'message_id',
      'source',
      'received_at',
      'from_address',
      'from_name',
      'subject',
      'status',
      'reason',
      'automatic',
      'ticket_id',
      'comment_id',
      'raw_sha256',
      'raw_size',
    ]);
  if (opts.status) q = q.where('status', '=', opts.status);
  if (opts.beforeId !== undefined) q = q.where('id', '<', opts.beforeId);
  return q
    .orderBy('id', 'desc')
    .limit(opts.limit + 1)
    .execute();
}

/** Mail a sender sent since `since`: the per-sender cap on automatic answers counts it. */
export async function countFromSince(db: Kysely<Database>, address: string, since: string): Promise<number> {
  const row = await db
    .selectFrom('inbound_messages')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('from_address', '=', address)
    .where('received_at', '>=', since)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export function updateInbound(db: Kysely<Database>, id: number, patch: Updateable<InboundMessageTable>) {
  return db.updateTable('inbound_messages').set(patch).where('id', '=', id).execute();
}

export function findContactInOrganization(db: Kysely<Database>, organizationId: number, email: string) {
  return db
    .selectFrom('contacts')
    .select(['id', 'organization_id'])
    .where('organization_id', '=', organizationId)
    .where(sql`email collate nocase`, '=', email)
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
}

export function findOrganizationName(db: Kysely<Database>, id: number) {
  return db.selectFrom('organizations').select(['id', 'name']).where('id', '=', id).executeTakeFirst();
}

export async function ticketNumberOf(db: Kysely<Database>, ticketId: number): Promise<number | null> {
  return (
    (await db.selectFrom('tickets').select('number').where('id', '=', ticketId).executeTakeFirst())?.number ?? null
  );
}

/** A line of the ticket's audit history naming the admin who filed a message by hand. */
export function insertHistoryLine(
  db: Kysely<Database>,
  line: { ticketId: number; agentId: number | null; at: string; action: string; text: string },
) {
  return db
    .insertInto('ticket_history')
    .values({
      ticket_id: line.ticketId,
      actor_agent_id: line.agentId,
      at: line.at,
      action: line.action,
      field: null,
      old_value: null,
      new_value: line.text,
    })
    .execute();
}

export async function getSetting(db: Kysely<Database>, key: string): Promise<string | undefined> {
  return (await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst())?.value;
}

export async function putSetting(db: Kysely<Database>, key: string, value: string): Promise<void> {
  await db
    .insertInto('settings')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}

/** The message a ticket (commentId null) or one of its comments came from, if it came by mail. */
export function findOrigin(db: Kysely<Database>, ticketId: number, commentId: number | null) {
  let q = db
    .selectFrom('inbound_messages')
    .select(['id', 'automatic', 'from_address', 'received_at'])
    .where('ticket_id', '=', ticketId);
  q = commentId !== null ? q.where('comment_id', '=', commentId) : q.where('status', '=', 'ticket');
  return q.orderBy('id').limit(1).executeTakeFirst();
}
