import type { Actor } from '../../context.js';
import type { AgentRole } from '../../db/schema.js';
import { AppError, forbidden } from '../../shared/errors.js';

/**
 * What each role may do, as data: one table to read, review and test. Domains add their actions here.
 * Contacts (portal users) are checked by their own rules in each domain and always scoped to their
 * organization in the repository call.
 */
export const actions = [
  'ticket.read',
  'ticket.create',
  'ticket.update',
  'ticket.comment',
  'ticket.internal_note',
  'organization.read',
  'organization.write',
  'contact.write',
  'agent.read',
  'agent.manage',
  'token.manage_own',
  'search',
  'settings.manage',
  'calendar.read',
  'calendar.write',
  'license.read',
  'license.manage',
  'service.read',
  'service.write',
  'agreement.read',
  'agreement.write',
  'inbound_mail.read',
  'inbound_mail.manage',
  'outbox.manage',
  'notification.manage',
  'notification.own',
  'sms.send',
  'team.manage',
  'worklog.log',
  'worklog.manage',
  'worklog.export',
  'time.report',
  'package.manage',
  'rate.read',
  'rate.write',
  'cost.read',
  'cost.write',
  'recurring.read',
  'recurring.write',
  'report.read',
  'report.subscribe',
  'form.manage',
  'document.read',
  'document.issue',
  'entity.manage',
  'payment.read',
  'payment.manage',
  'profit.read',
  'salary.read',
  'salary.own',
  'salary.manage',
  'survey.read',
  'survey.manage',
  // The events feed of the integration API: every change of the desk, so only who oversees the desk.
  'events.read',
  // Canned replies: every agent has their own; shared ones speak for the desk.
  'macro.use',
  'macro.manage_shared',
  // Support lines: any agent passes a ticket up or down a line with a handoff note.
  'ticket.escalate',
  // The on-call pay report (hours, night hours, pages) for the salary calculation.
  'duty_pay.read',
  // Duty schedules: everyone sees who is on call; engineers ask for swaps and record their leave,
  // managers build the schedules, override them and decide swaps.
  'duty.read',
  'duty.request',
  'duty.manage',
  // On-call: any agent acknowledges a paged ticket; escalation chains per tier are set by admins and managers.
  'ticket.acknowledge',
  'escalation.manage',
  // Webhooks send the desk's events to other systems with a secret: admins only.
  'webhook.manage',
  // The nodes of the installation, their addresses and the background work each holds: admins only.
  'cluster.read',
] as const;
export type Action = (typeof actions)[number];

const everything = new Set<Action>(actions);
const deskWork: Action[] = [
  'ticket.read',
  'ticket.escalate',
  'ticket.create',
  'ticket.update',
  'ticket.comment',
  'ticket.internal_note',
  'organization.read',
  'contact.write',
  'agent.read',
  'token.manage_own',
  'search',
  'calendar.read',
  'license.read',
  'service.read',
  'agreement.read',
  'notification.own',
  'worklog.log',
  'recurring.read',
  // Desk-wide figures come from tickets every agent may already read: engineers see how their desk is doing.
  'report.read',
  // Each engineer sees their own pay for a month (hours, night and holiday hours, the formula), nobody else's.
  'salary.own',
  // Satisfaction scores of tickets and clients: feedback on the desk's own work.
  'survey.read',
  'macro.use',
  'duty.read',
  'duty.request',
  'ticket.acknowledge',
];

export const rolePolicy: Record<AgentRole, ReadonlySet<Action>> = {
  admin: everything,
  manager: new Set<Action>([
    ...deskWork,
    'organization.write',
    'calendar.write',
    'service.write',
    'agreement.write',
    'sms.send',
    'team.manage',
    'worklog.manage',
    'time.report',
    'package.manage',
    'rate.read',
    'rate.write',
    'recurring.write',
    'report.subscribe',
    // Web forms for clients' sites: who manages clients manages the forms they embed.
    'form.manage',
    // Managers follow what their clients were billed; issuing stays with the books.
    'document.read',
    // They see who paid and what each client earns; salaries stay with the books.
    'payment.read',
    'profit.read',
    // Whether and how often an agreement's clients are surveyed is an account decision.
    'survey.manage',
    'macro.manage_shared',
    'duty_pay.read',
    'events.read',
    'duty.manage',
    // Who is paged when a night ticket goes unanswered is how the desk keeps its 24x7 promises.
    'escalation.manage',
  ]),
  engineer: new Set<Action>(deskWork),
  accountant: new Set<Action>([
    'ticket.read',
    'organization.read',
    'agent.read',
    'token.manage_own',
    'search',
    'calendar.read',
    'license.read',
    'service.read',
    'agreement.read',
    'notification.own',
    'worklog.export',
    'time.report',
    'rate.read',
    'cost.read',
    'cost.write',
    'recurring.read',
    'report.read',
    'document.read',
    'document.issue',
    'entity.manage',
    'payment.read',
    'payment.manage',
    'profit.read',
    'salary.read',
    'salary.own',
    'salary.manage',
    'duty_pay.read',
    'survey.read',
    // On-call hours are paid: the books read the schedules.
    'duty.read',
  ]),
};

export function can(actor: Actor, action: Action): boolean {
  if (actor.kind === 'system') return true;
  if (actor.kind === 'agent') return rolePolicy[actor.role].has(action);
  return false;
}

/**
 * Every action the policy knows, with whether the actor may do it: the desk's UI offers what this allows
 * instead of keeping its own copy of the role table.
 */
export function permissions(actor: Actor): Record<Action, boolean> {
  return Object.fromEntries(actions.map((action) => [action, can(actor, action)])) as Record<Action, boolean>;
}

export function authorize(actor: Actor, action: Action): void {
  if (!can(actor, action)) {
    throw actor.kind === 'agent'
      ? forbidden(`The ${actor.role} role may not do this (${action})`)
      : new AppError(403, 'forbidden', 'You are not allowed to do this');
  }
}
