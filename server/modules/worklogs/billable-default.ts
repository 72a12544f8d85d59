import type { AgreementKind, TicketType } from '../../db/schema.js';

export type TypeBillable = Record<TicketType, boolean>;

/** Ticket types as billable by default: a question is answered for free, work on the rest is billed. */
export const defaultTypeBillable: TypeBillable = { incident: true, request: true, question: false, change: true };

export interface BillableSources {
  /** The agreement's own setting (its time terms), null when it has none. */
  agreementSays: boolean | null;
  agreementKind: AgreementKind | null;
  /** The service's setting, null when it has none or the ticket names no service. */
  serviceSays: boolean | null;
  ticketType: TicketType;
  typeBillable: TypeBillable;
}

/**
 * Whether new work is billable unless the engineer says otherwise: the agreement first (its own setting, then
 * its kind — warranty and free support are never billed), then the service, then the ticket type.
 */
export function billableByDefault(s: BillableSources): boolean {
  if (s.agreementSays !== null) return s.agreementSays;
  if (s.agreementKind === 'warranty' || s.agreementKind === 'free') return false;
  if (s.serviceSays !== null) return s.serviceSays;
  return s.typeBillable[s.ticketType] ?? true;
}
