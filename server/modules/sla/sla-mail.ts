/** SLA notifications to agents, in Russian and English. */
export type SlaEvent = 'warning' | 'reaction-breached' | 'resolution-breached';

// Building an Intl formatter costs far more than formatting: one per language and zone, reused.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(ru: boolean, timeZone: string) {
  const key = `${ru}:${timeZone}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(ru ? 'ru-RU' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone });
    formatters.set(key, f);
  }
  return f;
}

export function slaMail(language: string, event: SlaEvent, ticket: { number: number; subject: string }, due: number | null, timeZone?: string | null) {
  const ru = language === 'ru';
  const when = due === null ? '' : formatter(ru, timeZone ?? 'UTC').format(new Date(due));
  const ref = `#${ticket.number} «${ticket.subject}»`;
  switch (event) {
    case 'warning':
      return ru
        ? { subject: `SLA: заявка #${ticket.number} скоро просрочится`, body: `По заявке ${ref} прошло больше допустимой доли срока. Срок: ${when}.` }
        : { subject: `SLA: ticket #${ticket.number} is close to its deadline`, body: `Ticket ${ref} has used up most of its SLA time. Due: ${when}.` };
    case 'reaction-breached':
      return ru
        ? { subject: `SLA нарушен: нет реакции по заявке #${ticket.number}`, body: `Срок реакции по заявке ${ref} истёк ${when}, ответа клиенту ещё нет.` }
        : { subject: `SLA breached: no reaction on ticket #${ticket.number}`, body: `The reaction deadline of ticket ${ref} passed at ${when} without a reply to the client.` };
    case 'resolution-breached':
      return ru
        ? { subject: `SLA нарушен: заявка #${ticket.number} не решена в срок`, body: `Срок решения заявки ${ref} истёк ${when}.` }
        : { subject: `SLA breached: ticket #${ticket.number} not resolved in time`, body: `The resolution deadline of ticket ${ref} passed at ${when}.` };
  }
}

const DIGEST_LINES = 200;

/** Many SLA events for one person at once, as one message. */
export function slaDigest(language: string, items: Array<{ event: SlaEvent; ticket: { number: number; subject: string }; due: number | null; zone: string }>) {
  const ru = language === 'ru';
  const label: Record<SlaEvent, [string, string]> = {
    warning: ['скоро срок', 'close to deadline'],
    'reaction-breached': ['нет реакции в срок', 'reaction breached'],
    'resolution-breached': ['не решена в срок', 'resolution breached'],
  };
  const lines = items.slice(0, DIGEST_LINES).map((i) => {
    const when = i.due === null ? '' : formatter(ru, i.zone).format(new Date(i.due));
    return `#${i.ticket.number} ${i.ticket.subject} — ${label[i.event][ru ? 0 : 1]} (${when})`;
  });
  const more = items.length - lines.length;
  const breaches = items.filter((i) => i.event !== 'warning').length;
  return ru
    ? { subject: `SLA: ${items.length} событий по заявкам, из них нарушений: ${breaches}`, body: `${lines.join('\n')}${more > 0 ? `\n… и ещё ${more}` : ''}` }
    : { subject: `SLA: ${items.length} ticket events, ${breaches} breaches`, body: `${lines.join('\n')}${more > 0 ? `\n… and ${more} more` : ''}` };
}
