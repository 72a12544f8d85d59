import { html } from '../html.js';

/** The SLA state of a ticket, when the desk computes one (agreements). */
export function SlaBadge({ ticket }) {
  if (!ticket.slaState || ticket.slaState === 'none') return null;
  return html`<span class=${`sla sla-${ticket.slaState}`} title=${ticket.resolutionDue || ''}>${ticket.slaState}</span>`;
}
