// The tickets module's public face: other modules and the composition root import only this file.
export { savedViewRoutes } from './saved-views.routes.js';
export { ticketRoutes } from './tickets.routes.js';
export { ticketRelationRoutes } from './ticket-relations.routes.js';
export { addComment, attributeComment, createTicket, getTicket, updateTicket } from './tickets.service.js';
export { recordSlaEventInHistory } from './ticket-sla-history.js';
export type { FieldChange } from './tickets.service.js';
export { ticketTransitions } from './tickets.states.js';
// The API representation of tickets and comments, for what sends them elsewhere (webhooks' full payload).
export { listComments } from './tickets.service.js';
export { presentComment, presentTicket } from './tickets.presenter.js';
