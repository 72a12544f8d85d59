// The notifications module's public face: other modules and the composition root import only this file.
export { REPLY_MARKER, ticketNumberFromSubject } from './mail-markers.js';
export { notificationRoutes } from './notifications.routes.js';
export { NO_AUTOREPLY_TAG } from './ticket-notifier.js';
export { startOutboxWorker } from './outbox-worker.js';
export { PeopleCache } from './recipients.js';
export { notifySystemEvent, queueNotice } from './system-notify.js';
export type { Notice } from './system-notify.js';
export { defaultTemplates, languageOf, renderText } from './templates.js';
export type { Language, SystemEvent, TemplateValues } from './templates.js';
export { notifyCommentAdded, notifyMentioned, notifyTicketCreated, notifyTicketUpdated } from './ticket-notifier.js';
