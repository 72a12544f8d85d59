import type { TxCtx } from '../../context.js';
import type { NotificationChannel, NotificationRecipient } from '../../db/schema.js';
import { briefCache } from '../../shared/brief-cache.js';
import { normalizePhone } from '../sms/index.js';
import * as repo from './notifications.repository.js';
import type { RuleEvent } from './templates.js';

// The rules are read on every ticket event and change only when an admin saves them.
export const rulesCache = briefCache('notification-rules');

export const recipientKinds: NotificationRecipient[] = [
  'assignee',
  'team',
  'manager',
  'ticket_contact',
  'organization_contacts',
  'agent',
  'admins',
  'mentioned',
];
export const channels: NotificationChannel[] = ['email', 'sms'];

export interface Person {
  kind: 'agent' | 'contact';
  id: number;
  name: string;
  email: string | null;
  phone: string | null;
  language: string;
}

interface ContactPerson {
  id: number;
  name: string;
  email: string | null;
  language: string;
}

/** Whom an event concerns; each rule's recipient kind picks from these. */
export interface Concerned {
  assigneeId?: number | null;
  teamId?: number | null;
  /** The agreement's manager. */
  managerId?: number | null;
  /** "manager" reaches the desk's managers when the agreement names none (escalation of a breach). */
  managersWhenNoManager?: boolean;
  ticketContact?: ContactPerson | null;
  /** Loaded only when a rule asks for them. */
  organizationContacts?: () => Promise<ContactPerson[]>;
  /** Client people may hear it (never for internal notes or SLA alarms). */
  contactsAllowed: boolean;
  /** Agents @mentioned in the comment the event is about. */
  mentionedIds?: number[];
  /** The person whose own action this is: not told about it. */
  actor?: { kind: 'agent' | 'contact' | 'system'; id?: number };
}

/**
 * Agents looked up once per job run rather than once per ticket: a sweep that warns on a thousand tickets
 * asks for the same few people a thousand times.
 */
export class PeopleCache {
  private agents = new Map<number, Person | null>();
  private roles = new Map<string, Person[]>();
  private teams = new Map<number, number[]>();
  private mutes = new Map<string, Set<number>>();
  /** The transaction the answers were read in: a unit run again after a rollback must not reuse them. */
  private readIn: TxCtx['db'] | null = null;

  private from(db: TxCtx['db']): void {
    if (db === this.readIn) return;
    this.readIn = db;
    this.agents.clear();
    this.roles.clear();
    this.teams.clear();
    this.mutes.clear();
  }

  async agentsById(db: TxCtx['db'], ids: number[]): Promise<Person[]> {
    this.from(db);
    const missing = ids.filter((id) => !this.agents.has(id));
    if (missing.length) {
      const found = await repo.activeAgents(db, missing);
      for (const id of missing) {
        const a = found.find((row) => row.id === id);
        this.agents.set(
          id,
          a ? { kind: 'agent', id: a.id, name: a.name, email: a.email, phone: a.phone, language: a.language } : null,
        );
      }
    }
    return ids.map((id) => this.agents.get(id)).filter((a): a is Person => Boolean(a));
  }

  async withRole(db: TxCtx['db'], role: 'admin' | 'manager'): Promise<Person[]> {
    this.from(db);
    let list = this.roles.get(role);
    if (!list) {
      list = (await repo.activeAgentsWithRole(db, role)).map((a) => ({
        kind: 'agent' as const,
        id: a.id,
        name: a.name,
        email: a.email,
        phone: a.phone,
        language: a.language,
      }));
      this.roles.set(role, list);
      for (const a of list) this.agents.set(a.id, a);
    }
    return list;
  }

  /** Who muted an event on a channel: one small query per event and channel, however many tickets follow. */
  async muted(db: TxCtx['db'], event: string, channel: NotificationChannel): Promise<Set<number>> {
    this.from(db);
    const key = `${event}|${channel}`;
    let set = this.mutes.get(key);
    if (!set) this.mutes.set(key, (set = await repo.mutingAgents(db, event, channel)));
    return set;
  }

  async teamMembers(db: TxCtx['db'], teamId: number): Promise<number[]> {
    this.from(db);
    let ids = this.teams.get(teamId);
    if (!ids) this.teams.set(teamId, (ids = await repo.teamMemberIds(db, teamId)));
    return ids;
  }
}

export type Recipients = Record<NotificationChannel, Person[]>;

/** The enabled rules of an event, as cached for every ticket change. */
export const enabledRulesOf = (tx: TxCtx, event: RuleEvent) =>
  rulesCache.get(tx, `${tx.dataDir}|${event}`, () => repo.enabledRules(tx.db, event));

/**
 * Whether the rules of an event could name anybody for a ticket with these people, judged without reading
 * the ticket: on the busiest write (a new ticket nobody is assigned to yet) most rules have nobody to reach.
 */
export async function anyoneToTell(
  tx: TxCtx,
  event: RuleEvent,
  has: { assignee: boolean; team: boolean; contact: boolean },
): Promise<boolean> {
  for (const rule of await enabledRulesOf(tx, event)) {
    if (
      rule.recipient === 'assignee'
        ? has.assignee
        : rule.recipient === 'team'
          ? has.team
          : rule.recipient === 'ticket_contact'
            ? has.contact
            : true
    )
      return true;
  }
  return false;
}

/**
 * Who the enabled rules of an event name, by channel: muted agents, inactive agents and the actor left out;
 * each address and phone number once per channel.
 */
export async function resolveRecipients(
  tx: TxCtx,
  event: RuleEvent,
  who: Concerned,
  people: PeopleCache = new PeopleCache(),
): Promise<Recipients> {
  const rules = await enabledRulesOf(tx, event);
  const out: Recipients = { email: [], sms: [] };
  for (const channel of channels) {
    const agentIds = new Set<number>();
    const extraAgents: Person[] = [];
    const contacts = new Map<number, Person>();
    for (const rule of rules) {
      if (rule.channel !== channel) continue;
      switch (rule.recipient) {
        case 'assignee':
          if (who.assigneeId != null) agentIds.add(who.assigneeId);
          break;
        case 'team':
          if (who.teamId != null) for (const id of await people.teamMembers(tx.db, who.teamId)) agentIds.add(id);
          break;
        case 'manager':
          if (who.managerId != null) agentIds.add(who.managerId);
          else if (who.managersWhenNoManager) extraAgents.push(...(await people.withRole(tx.db, 'manager')));
          break;
        case 'agent':
          if (rule.agent_id !== null) agentIds.add(rule.agent_id);
          break;
        case 'admins':
          extraAgents.push(...(await people.withRole(tx.db, 'admin')));
          break;
        case 'mentioned':
          for (const id of who.mentionedIds ?? []) agentIds.add(id);
          break;
        case 'ticket_contact':
        case 'organization_contacts': {
          // SMS go to agents only; client people hear only what is meant for them.
          if (channel !== 'email' || !who.contactsAllowed) break;
          const list =
            rule.recipient === 'ticket_contact'
              ? who.ticketContact
                ? [who.ticketContact]
                : []
              : ((await who.organizationContacts?.()) ?? []);
          for (const c of list)
            if (c.email)
              contacts.set(c.id, {
                kind: 'contact',
                id: c.id,
                name: c.name,
                email: c.email,
                phone: null,
                language: c.language,
              });
          break;
        }
      }
    }
    for (const a of extraAgents) agentIds.add(a.id);
    const actor = who.actor;
    const ids = [...agentIds].filter((id) => !(actor?.kind === 'agent' && actor.id === id));
    const muted = ids.length > 0 ? await people.muted(tx.db, event, channel) : new Set<number>();
    const agents = await people.agentsById(
      tx.db,
      ids.filter((id) => !muted.has(id)),
    );
    const seen = new Set<string>();
    const add = (p: Person) => {
      const address = channel === 'email' ? p.email?.toLowerCase() : p.phone ? normalizePhone(p.phone) : null;
      if (!address || seen.has(address)) return;
      seen.add(address);
      out[channel].push(channel === 'sms' ? { ...p, phone: address } : p);
    };
    agents.forEach(add);
    for (const c of contacts.values()) if (!(actor?.kind === 'contact' && actor.id === c.id)) add(c);
  }
  return out;
}
