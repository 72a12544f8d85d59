/** SLA notice values and the digest of many SLA events, in Russian and English. */
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

/** A deadline as the recipient reads it: in the agreement calendar's zone, in their language. */
export const formatDue = (language: string, due: number | null, timeZone?: string | null) =>
  due === null ? '' : formatter(language === 'ru', timeZone ?? 'UTC').format(new Date(due));

/** "reaction" / "resolution", in a form that fits after "срок" in Russian. */
export const slaKindName = (language: string, kind: 'reaction' | 'resolution') =>
  language === 'ru' ? (kind === 'reaction' ? 'реакции' : 'решения') : kind;

const DIGEST_LINES = 200;

/** Many SLA events for one person at once, as one message. */
export function slaDigest(
  language: string,
  items: Array<{ event: SlaEvent; ticket: { number: number; subject: string }; due: number | null; zone: string }>,
) {
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
    ? {
        subject: `SLA: ${items.length} событий по заявкам, из них нарушений: ${breaches}`,
        body: `${lines.join('\n')}${more > 0 ? `\n… и ещё ${more}` : ''}`,
      }
    : {
        subject: `SLA: ${items.length} ticket events, ${breaches} breaches`,
        body: `${lines.join('\n')}${more > 0 ? `\n… and ${more} more` : ''}`,
      };
}
