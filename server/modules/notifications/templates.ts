import { headerSafe, subjectToken } from './mail-markers.js';

/** Ticket events the notification rules fan out; each has a template per language. */
export const ticketEvents = [
  'ticket.created',
  'ticket.assigned',
  'ticket.status_changed',
  'ticket.public_reply',
  'ticket.internal_note',
  'ticket.mentioned',
] as const;
export type TicketEvent = (typeof ticketEvents)[number];

/** Events that come from the clock rather than from a person's change: SLA sweeps, agreement and license jobs. */
export const systemEvents = [
  'sla.warning',
  'sla.breach',
  'agreement.activated',
  'agreement.expiring',
  'agreement.expired',
  'license.expiring',
  'package.threshold',
  'package.exhausted',
  'recurring.expiring',
] as const;
export type SystemEvent = (typeof systemEvents)[number];

/** Everything a notification rule or an agent's mute can name. */
export const ruleEvents = [...ticketEvents, ...systemEvents] as const;
export type RuleEvent = (typeof ruleEvents)[number];
export const isRuleEvent = (event: string): event is RuleEvent => (ruleEvents as readonly string[]).includes(event);

/** Templates also exist for mail that is not chosen by rules: the acknowledgement of a ticket sent by e-mail. */
export const templateEvents = [...ruleEvents, 'ticket.acknowledgement'] as const;
export type TemplateEvent = (typeof templateEvents)[number];

export const languages = ['ru', 'en'] as const;
export type Language = (typeof languages)[number];

export const languageOf = (tag: string | null | undefined): Language =>
  tag?.toLowerCase().startsWith('en') ? 'en' : tag?.toLowerCase().startsWith('ru') ? 'ru' : 'ru';

const ticketVariables = [
  'ticket.number',
  'ticket.subject',
  'ticket.description',
  'ticket.status',
  'ticket.priority',
  'organization.name',
  'contact.name',
  'assignee.name',
  'actor.name',
  'recipient.name',
  'comment.body',
  'change.from',
  'change.to',
] as const;
const slaVariables = [
  'ticket.number',
  'ticket.subject',
  'ticket.priority',
  'organization.name',
  'assignee.name',
  'recipient.name',
  'sla.kind',
  'sla.due',
] as const;
const agreementVariables = [
  'agreement.number',
  'agreement.title',
  'organization.name',
  'agreement.start',
  'agreement.end',
  'agreement.when',
  'manager.name',
  'recipient.name',
  'next.step',
] as const;
const licenseVariables = [
  'license.customer',
  'license.term_end',
  'license.expires',
  'license.summary',
  'license.details',
  'recipient.name',
] as const;

const packageVariables = [
  'agreement.number',
  'agreement.title',
  'organization.name',
  'package.period',
  'package.granted',
  'package.used',
  'package.balance',
  'package.percent',
  'package.report',
  'recipient.name',
] as const;
const recurringVariables = [
  'item.name',
  'item.kind',
  'item.expires',
  'item.when',
  'organization.name',
  'item.details',
  'recipient.name',
] as const;

export type TemplateVariable = (
  | typeof ticketVariables
  | typeof slaVariables
  | typeof agreementVariables
  | typeof licenseVariables
  | typeof packageVariables
  | typeof recurringVariables
)[number];
export type TemplateValues = Partial<Record<TemplateVariable, string>>;

/**
 * The names a template of this event may use. An admin's template with any other name is refused, not
 * silently blanked: each event only knows what its source can fill in.
 */
export function templateVariables(event: TemplateEvent): readonly TemplateVariable[] {
  if (event.startsWith('sla.')) return slaVariables;
  if (event.startsWith('agreement.')) return agreementVariables;
  if (event.startsWith('license.')) return licenseVariables;
  if (event.startsWith('package.')) return packageVariables;
  if (event.startsWith('recurring.')) return recurringVariables;
  return ticketVariables;
}

export interface MailTemplate {
  subject: string;
  body: string;
}

const T = (subject: string, body: string): MailTemplate => ({ subject, body });

export const defaultTemplates: Record<TemplateEvent, Record<Language, MailTemplate>> = {
  'ticket.created': {
    en: T(
      '[#{{ticket.number}}] New ticket: {{ticket.subject}}',
      'New ticket #{{ticket.number}} from {{organization.name}}, priority {{ticket.priority}}.\n\n{{ticket.description}}',
    ),
    ru: T(
      '[#{{ticket.number}}] Новая заявка: {{ticket.subject}}',
      'Новая заявка #{{ticket.number}} от клиента {{organization.name}}, приоритет {{ticket.priority}}.\n\n{{ticket.description}}',
    ),
  },
  'ticket.assigned': {
    en: T(
      '[#{{ticket.number}}] Assigned to {{assignee.name}}: {{ticket.subject}}',
      '{{actor.name}} assigned ticket #{{ticket.number}} «{{ticket.subject}}» ({{organization.name}}) to {{assignee.name}}.',
    ),
    ru: T(
      '[#{{ticket.number}}] Назначена на {{assignee.name}}: {{ticket.subject}}',
      '{{actor.name}} назначил(а) заявку #{{ticket.number}} «{{ticket.subject}}» ({{organization.name}}) на {{assignee.name}}.',
    ),
  },
  'ticket.status_changed': {
    en: T(
      '[#{{ticket.number}}] {{change.to}}: {{ticket.subject}}',
      '{{actor.name}} changed the status of ticket #{{ticket.number}} from «{{change.from}}» to «{{change.to}}».',
    ),
    ru: T(
      '[#{{ticket.number}}] {{change.to}}: {{ticket.subject}}',
      '{{actor.name}} изменил(а) статус заявки #{{ticket.number}}: «{{change.from}}» → «{{change.to}}».',
    ),
  },
  'ticket.public_reply': {
    en: T('[#{{ticket.number}}] {{ticket.subject}}', '{{comment.body}}\n\n— {{actor.name}}'),
    ru: T('[#{{ticket.number}}] {{ticket.subject}}', '{{comment.body}}\n\n— {{actor.name}}'),
  },
  'ticket.internal_note': {
    en: T(
      '[#{{ticket.number}}] Internal note: {{ticket.subject}}',
      '{{actor.name}} wrote an internal note on ticket #{{ticket.number}}:\n\n{{comment.body}}',
    ),
    ru: T(
      '[#{{ticket.number}}] Внутренняя заметка: {{ticket.subject}}',
      '{{actor.name}} оставил(а) внутреннюю заметку к заявке #{{ticket.number}}:\n\n{{comment.body}}',
    ),
  },
  'ticket.mentioned': {
    en: T(
      '[#{{ticket.number}}] {{actor.name}} mentioned you: {{ticket.subject}}',
      '{{actor.name}} mentioned you in ticket #{{ticket.number}} «{{ticket.subject}}» ({{organization.name}}):\n\n{{comment.body}}',
    ),
    ru: T(
      '[#{{ticket.number}}] {{actor.name}} упомянул(а) вас: {{ticket.subject}}',
      '{{actor.name}} упомянул(а) вас в заявке #{{ticket.number}} «{{ticket.subject}}» ({{organization.name}}):\n\n{{comment.body}}',
    ),
  },
  'ticket.acknowledgement': {
    en: T(
      '[#{{ticket.number}}] We have received your request: {{ticket.subject}}',
      'Hello, {{contact.name}}!\n\nYour request is registered as ticket #{{ticket.number}}. To add details, reply to this e-mail and keep [#{{ticket.number}}] in the subject.',
    ),
    ru: T(
      '[#{{ticket.number}}] Ваше обращение получено: {{ticket.subject}}',
      'Здравствуйте, {{contact.name}}!\n\nВаше обращение зарегистрировано под номером #{{ticket.number}}. Чтобы дополнить его, ответьте на это письмо, сохранив [#{{ticket.number}}] в теме.',
    ),
  },
  'sla.warning': {
    en: T(
      'SLA: ticket #{{ticket.number}} is close to its deadline',
      'Ticket #{{ticket.number}} «{{ticket.subject}}» ({{organization.name}}, {{ticket.priority}}) has used up most of its {{sla.kind}} time. Due: {{sla.due}}.',
    ),
    ru: T(
      'SLA: заявка #{{ticket.number}} скоро просрочится',
      'По заявке #{{ticket.number}} «{{ticket.subject}}» ({{organization.name}}, {{ticket.priority}}) прошло больше допустимой доли срока {{sla.kind}}. Срок: {{sla.due}}.',
    ),
  },
  'sla.breach': {
    en: T(
      'SLA breached: {{sla.kind}} deadline of ticket #{{ticket.number}}',
      'The {{sla.kind}} deadline of ticket #{{ticket.number}} «{{ticket.subject}}» ({{organization.name}}, {{ticket.priority}}) passed at {{sla.due}}. Assignee: {{assignee.name}}.',
    ),
    ru: T(
      'SLA нарушен: срок {{sla.kind}} по заявке #{{ticket.number}}',
      'Срок {{sla.kind}} по заявке #{{ticket.number}} «{{ticket.subject}}» ({{organization.name}}, {{ticket.priority}}) истёк {{sla.due}}. Исполнитель: {{assignee.name}}.',
    ),
  },
  'agreement.activated': {
    en: T(
      'Agreement {{agreement.number}} with {{organization.name}} is now in force',
      'Agreement {{agreement.number}} "{{agreement.title}}" with {{organization.name}} is in force from {{agreement.start}} to {{agreement.end}}. Tickets on its services are handled within the times of its SLA.',
    ),
    ru: T(
      'Договор {{agreement.number}} с {{organization.name}} вступил в силу',
      'Договор {{agreement.number}} «{{agreement.title}}» с {{organization.name}} действует с {{agreement.start}} по {{agreement.end}}. Заявки по услугам договора обслуживаются в сроки, установленные его SLA.',
    ),
  },
  'agreement.expiring': {
    en: T(
      'Agreement {{agreement.number}} with {{organization.name}} ends on {{agreement.end}}',
      'Agreement {{agreement.number}} "{{agreement.title}}" with {{organization.name}} ends on {{agreement.end}} ({{agreement.when}}). After that date, tickets under it are no longer covered by its SLA.\n\n{{next.step}}',
    ),
    ru: T(
      'Договор {{agreement.number}} с {{organization.name}} заканчивается {{agreement.end}}',
      'Договор {{agreement.number}} «{{agreement.title}}» с {{organization.name}} заканчивается {{agreement.end}} ({{agreement.when}}). После этой даты заявки по нему не обслуживаются в рамках SLA.\n\n{{next.step}}',
    ),
  },
  'agreement.expired': {
    en: T(
      'Agreement {{agreement.number}} with {{organization.name}} has expired',
      'Agreement {{agreement.number}} "{{agreement.title}}" with {{organization.name}} ended on {{agreement.end}}. New tickets under it are no longer covered by its SLA.\n\n{{next.step}}',
    ),
    ru: T(
      'Срок действия договора {{agreement.number}} с {{organization.name}} истёк',
      'Договор {{agreement.number}} «{{agreement.title}}» с {{organization.name}} закончился {{agreement.end}}. Новые заявки по нему больше не обслуживаются в рамках SLA.\n\n{{next.step}}',
    ),
  },
  'license.expiring': {
    en: T('{{license.summary}}', '{{license.details}}'),
    ru: T('{{license.summary}}', '{{license.details}}'),
  },
  'package.threshold': {
    en: T(
      'Agreement {{agreement.number}}: {{package.percent}}% of the hour package used',
      'Agreement {{agreement.number}} "{{agreement.title}}" with {{organization.name}} has used {{package.used}} of {{package.granted}} hours of its package for {{package.period}} ({{package.percent}}%). Left: {{package.balance}} h.',
    ),
    ru: T(
      'Договор {{agreement.number}}: израсходовано {{package.percent}}% пакета часов',
      'По договору {{agreement.number}} «{{agreement.title}}» с {{organization.name}} израсходовано {{package.used}} из {{package.granted}} ч пакета за {{package.period}} ({{package.percent}}%). Осталось: {{package.balance}} ч.',
    ),
  },
  'package.exhausted': {
    en: T(
      'Agreement {{agreement.number}}: the hour package for {{package.period}} is used up',
      'The hour package of agreement {{agreement.number}} "{{agreement.title}}" with {{organization.name}} for {{package.period}} is used up: {{package.used}} of {{package.granted}} h.\n\nWhat the hours went to:\n{{package.report}}',
    ),
    ru: T(
      'Договор {{agreement.number}}: пакет часов за {{package.period}} израсходован',
      'Пакет часов по договору {{agreement.number}} «{{agreement.title}}» с {{organization.name}} за {{package.period}} израсходован: {{package.used}} из {{package.granted}} ч.\n\nНа что ушли часы:\n{{package.report}}',
    ),
  },
  'recurring.expiring': {
    en: T(
      '{{item.kind}} {{item.name}} ({{organization.name}}) expires on {{item.expires}}',
      '{{item.kind}} {{item.name}} of {{organization.name}} expires on {{item.expires}} ({{item.when}}).\n\n{{item.details}}',
    ),
    ru: T(
      '{{item.kind}} {{item.name}} ({{organization.name}}) истекает {{item.expires}}',
      '{{item.kind}} {{item.name}} клиента {{organization.name}} истекает {{item.expires}} ({{item.when}}).\n\n{{item.details}}',
    ),
  },
};

const statusNames: Record<Language, Record<string, string>> = {
  en: {
    new: 'New',
    open: 'Open',
    in_progress: 'In progress',
    waiting_for_client: 'Waiting for client',
    on_approval: 'On approval',
    resolved: 'Resolved',
    closed: 'Closed',
  },
  ru: {
    new: 'Новая',
    open: 'Открыта',
    in_progress: 'В работе',
    waiting_for_client: 'Ждёт клиента',
    on_approval: 'На согласовании',
    resolved: 'Решена',
    closed: 'Закрыта',
  },
};
export const statusName = (language: Language, status: string | null) =>
  status === null ? '—' : (statusNames[language][status] ?? status);

const PLACEHOLDER = /\{\{\s*([a-z]+(?:\.[a-z]+)*)\s*\}\}/g;

/** Names used by a template that are not variables of its event (an admin's typo). */
export function unknownVariables(text: string, event: TemplateEvent): string[] {
  const known = new Set<string>(templateVariables(event));
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]!).filter((n) => !known.has(n)))];
}

/**
 * One pass over the template: a value is inserted as it is and never read as a template again, so a ticket
 * subject containing `{{…}}` stays literal text. `escape` is applied to values and template text alike.
 */
function fill(template: string, values: TemplateValues, escape: (s: string) => string = (s) => s): string {
  let out = '';
  let last = 0;
  for (const m of template.matchAll(PLACEHOLDER)) {
    out += escape(template.slice(last, m.index));
    out += escape(values[m[1] as TemplateVariable] ?? '');
    last = m.index! + m[0].length;
  }
  return out + escape(template.slice(last));
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/**
 * Renders a mail's subject and text: the subject is one header-safe line; a ticket mail's subject always
 * carries `[#number]` (threading falls back to it even if an admin's template drops it); the text gets the
 * reply marker on top when asked for.
 */
export function renderText(
  template: MailTemplate,
  values: TemplateValues,
  opts: { ticketNumber?: number; replyMarker?: string } = {},
): Omit<RenderedMail, 'html'> {
  let subject = headerSafe(fill(template.subject, values)).slice(0, 900);
  if (opts.ticketNumber !== undefined) {
    const token = subjectToken(opts.ticketNumber);
    if (!subject.includes(token)) subject = `${token} ${subject}`;
  }
  const body = fill(template.body, values);
  return { subject, text: opts.replyMarker ? `${opts.replyMarker}\n\n${body}\n` : `${body}\n` };
}

/** The subject and text, and an HTML part of the same text (values escaped), for mail people read in a client. */
export function renderMail(
  template: MailTemplate,
  values: TemplateValues,
  opts: { ticketNumber?: number; replyMarker?: string } = {},
): RenderedMail {
  const { subject, text } = renderText(template, values, opts);
  const bodyHtml = fill(template.body, values, escapeHtml).replace(/\n/g, '<br>\n');
  const html = `<!doctype html><html><body>${opts.replyMarker ? `<p style="color:#888">${escapeHtml(opts.replyMarker)}</p>\n` : ''}<div>${bodyHtml}</div></body></html>`;
  return { subject, text, html };
}
