import { LINK_DAYS, type Score } from './survey-rules.js';

export type SurveyLanguage = 'ru' | 'en';

export interface SurveyMailInput {
  language: SurveyLanguage;
  contactName: string;
  ticketNumber: number;
  ticketSubject: string;
  /** The survey's address without the score: `<public url>/survey/<token>`. */
  link: string;
}

const labels: Record<SurveyLanguage, Record<Score, string>> = {
  ru: { 5: 'отлично', 4: 'хорошо', 3: 'удовлетворительно', 2: 'плохо', 1: 'очень плохо' },
  en: { 5: 'excellent', 4: 'good', 3: 'fair', 2: 'poor', 1: 'very poor' },
};
export const scoreLabel = (language: SurveyLanguage, score: Score) => labels[language][score];

/**
 * The survey e-mail: five one-click links, best first (the reading order of a rating), one per line so every mail
 * client makes each a link of its own. Plain text: the outbox sends text, and a link needs nothing more.
 */
export function surveyMail(m: SurveyMailInput): { subject: string; body: string } {
  const lines = ([5, 4, 3, 2, 1] as const).map((s) => `${s} — ${labels[m.language][s]}: ${m.link}/${s}`).join('\n');
  return m.language === 'en'
    ? {
        subject: `How did we do? Ticket #${m.ticketNumber}: ${m.ticketSubject}`,
        body:
          `Hello, ${m.contactName}!\n\nYour ticket #${m.ticketNumber} "${m.ticketSubject}" has been resolved. ` +
          `How satisfied are you with our help? One click on a score is enough:\n\n${lines}\n\n` +
          `You may add a comment on the page that opens. The links work for ${LINK_DAYS} days; ` +
          `clicking another one later changes your score.\n\n— Ondesk`,
      }
    : {
        subject: `Оцените нашу работу: заявка №${m.ticketNumber} «${m.ticketSubject}»`,
        body:
          `Здравствуйте, ${m.contactName}!\n\nВаша заявка №${m.ticketNumber} «${m.ticketSubject}» решена. ` +
          `Насколько вы довольны нашей помощью? Достаточно одного нажатия на оценку:\n\n${lines}\n\n` +
          `На открывшейся странице можно оставить комментарий. Ссылки действуют ${LINK_DAYS} дней; ` +
          `если нажать другую позже, оценка изменится.\n\n— Ondesk`,
      };
}
