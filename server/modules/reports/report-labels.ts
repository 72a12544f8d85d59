import type { TicketChannel, TicketPriority, TicketStatus, TicketType } from '../../db/schema.js';
import type { Language } from './report-period.js';

// How the ticket's own words read in a report, in both languages (the UI's i18n files say the same).

type Labels<K extends string> = Record<K, Record<Language, string>>;

export const statusLabels: Labels<TicketStatus> = {
  new: { en: 'New', ru: 'Новая' },
  open: { en: 'Open', ru: 'Открыта' },
  in_progress: { en: 'In progress', ru: 'В работе' },
  waiting_for_client: { en: 'Waiting for client', ru: 'Ждёт клиента' },
  on_approval: { en: 'On approval', ru: 'На согласовании' },
  resolved: { en: 'Resolved', ru: 'Решена' },
  closed: { en: 'Closed', ru: 'Закрыта' },
};

export const typeLabels: Labels<TicketType> = {
  incident: { en: 'Incident', ru: 'Инцидент' },
  request: { en: 'Request', ru: 'Запрос' },
  question: { en: 'Question', ru: 'Вопрос' },
  change: { en: 'Change', ru: 'Изменение' },
};

export const channelLabels: Labels<TicketChannel> = {
  agent: { en: 'Agent', ru: 'Сотрудник' },
  phone: { en: 'Phone', ru: 'Телефон' },
  email: { en: 'E-mail', ru: 'Эл. почта' },
  portal: { en: 'Portal', ru: 'Портал' },
  web_form: { en: 'Web form', ru: 'Веб-форма' },
  api: { en: 'API', ru: 'API' },
};

export const priorityLabel = (priority: TicketPriority) => priority;

export const noneLabel: Record<Language, string> = { en: '(none)', ru: '(не указано)' };
