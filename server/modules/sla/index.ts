// The SLA module's public face: other modules and the composition root import only this file.
// It owns a ticket's SLA columns: only this module's repository writes them.
export { SlaPanelSchema } from './sla.schemas.js';
export { agreementRules, NO_AGREEMENT_TAG, slaForNewTicket } from './sla-terms.js';
export type { NewTicketSla } from './sla-terms.js';
export {
  followAgreementStatus,
  followAgreementTerms,
  followCalendarChange,
  followTicketChange,
  followTicketReply,
} from './sla-follow.js';
export { slaSweep } from './sla-sweep.js';
export { liveSla, liveSlaFor } from './sla-live.js';
export type { LiveSla } from './sla-live.js';
export { NO_DEADLINE } from './sla-rows.js';
export { newTicketSlaColumns, slaSelectColumns } from './sla-columns.js';
export { decodeReason, reasonText } from './agreement-choice.js';
export type { AgreementReason } from './agreement-choice.js';
