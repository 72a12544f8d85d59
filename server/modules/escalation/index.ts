// The escalation module's public face (routing of night tickets, duty pages, escalation chains): other modules
// and the composition root import only this file.
export { escalationRoutes } from './escalation.routes.js';
export {
  acknowledgeOnReply,
  acknowledgeTicket,
  followPriorityRise,
  pagesOfAgent,
  routeNewTicket,
  runEscalations,
  ticketEscalation,
} from './escalation.service.js';
export { defaultPolicy, onArrival, pagedTiers } from './escalation-chain.js';
export type { EscalationPolicy, EscalationStep, StepTarget } from './escalation-chain.js';
