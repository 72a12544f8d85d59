/**
 * Which rate card prices a piece of work: the most specific card that applies wins. A card applies when
 * every part it names (agreement, service, agent) is the work's; a part it leaves empty matches anything.
 * Specificity ranks the agreement above the service above the agent, so the order is
 * agreement+service+agent, agreement+service, agreement+agent, agreement, service+agent, service, agent, desk.
 */
export interface RateCardScope {
  id: number;
  agreementId: number | null;
  serviceId: number | null;
  agentId: number | null;
  rateKopecks: number;
}

export interface RateKey {
  agreementId: number | null;
  serviceId: number | null;
  agentId: number | null;
}

export function cardApplies(card: RateCardScope, key: RateKey): boolean {
  return (
    (card.agreementId === null || card.agreementId === key.agreementId) &&
    (card.serviceId === null || card.serviceId === key.serviceId) &&
    (card.agentId === null || card.agentId === key.agentId)
  );
}

/** 0 (desk default) … 7 (agreement+service+agent). */
export function specificity(card: RateKey): number {
  return (card.agreementId !== null ? 4 : 0) + (card.serviceId !== null ? 2 : 0) + (card.agentId !== null ? 1 : 0);
}

/** 'agreement+service+agent' … 'desk': the parts a card names, how the UI and worklogs explain a rate. */
export function rateSource(card: RateKey): string {
  const parts = [
    card.agreementId !== null && 'agreement',
    card.serviceId !== null && 'service',
    card.agentId !== null && 'agent',
  ].filter((p): p is string => p !== false);
  return parts.length ? parts.join('+') : 'desk';
}

/** The winning card, or null when none applies. Equal scopes (never stored twice) fall to the lower id. */
export function resolveRate<T extends RateCardScope>(cards: readonly T[], key: RateKey): T | null {
  let best: T | null = null;
  let bestRank = -1;
  for (const card of cards) {
    if (!cardApplies(card, key)) continue;
    const rank = specificity(card);
    if (rank > bestRank || (rank === bestRank && best !== null && card.id < best.id)) {
      best = card;
      bestRank = rank;
    }
  }
  return best;
}
