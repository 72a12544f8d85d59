import { t } from '../../i18n.js';

// The words and keys the notification settings share: labels of the server's events, recipients and channels.

/** A translated word for a server key, or the key itself when this UI does not know it yet. */
export const label = (key, raw) => {
  const text = t(key);
  return text === key ? raw : text;
};
export const eventLabel = (e) => label(`mail.event.${e}`, e);
export const recipientLabel = (r) => label(`mail.recipient.${r}`, r);
export const channelLabel = (c) => label(`mail.channel.${c}`, c);

export const TABS = ['rules', 'templates'];
/** Recipients chosen one by one (with an agentId) rather than by their part in a ticket. */
export const NAMED = 'agent';
/** Mail that answers a ticket's sender and has a template but no rules: its sending is a per-client setting. */
export const TEMPLATE_ONLY_EVENTS = ['ticket.acknowledgement'];

export const ruleKey = (r) => `${r.event}|${r.channel}|${r.recipient}${r.recipient === NAMED ? `|${r.agentId}` : ''}`;
export const asBody = (r) => ({
  event: r.event,
  channel: r.channel,
  recipient: r.recipient,
  ...(r.recipient === NAMED && { agentId: r.agentId }),
  enabled: r.enabled,
});
export const signature = (rules) =>
  JSON.stringify(
    rules
      .map(asBody)
      .map((r) => JSON.stringify(r))
      .sort(),
  );

/** Events grouped by what they come from (ticket.*, sla.*, agreement.*, …), in the server's order. */
export function groupsOf(events) {
  const groups = new Map();
  for (const e of events) {
    const prefix = e.includes('.') ? e.slice(0, e.indexOf('.')) : 'other';
    if (!groups.has(prefix)) groups.set(prefix, []);
    groups.get(prefix).push(e);
  }
  return [...groups].map(([prefix, list]) => ({
    prefix,
    title: label(`mail.group.${prefix}`, t('mail.group.other')),
    events: list,
  }));
}

/** The server's messages about a rule, in the viewer's language where this UI knows them. */
export const ruleMessage = (message) => label(`mail.srv.${message}`, message);
