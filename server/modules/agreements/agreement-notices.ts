/**
 * Which notice an agreement owes its people, and the key that makes each one go out once.
 *
 * Expiry notices are due N days before the last covered day for each N of the agreement's notice days. Each
 * run sends the tightest threshold already reached: with daily runs every threshold goes out on its own day;
 * after downtime only the one that still matters goes out (an agreement ending in 5 days gets "ends in 5
 * days", not the 30- and 14-day notices it missed).
 */
export type AgreementNotice =
  { kind: 'ending'; threshold: number; daysLeft: number } | { kind: 'activated' } | { kind: 'expired' };

export function dueEndingNotice(noticeDays: readonly number[], daysLeft: number): AgreementNotice | null {
  if (daysLeft < 0) return null;
  const reached = noticeDays.filter((n) => n >= daysLeft);
  if (reached.length === 0) return null;
  return { kind: 'ending', threshold: Math.min(...reached), daysLeft };
}

export type NoticeRecipient = { kind: 'agent'; id: number } | { kind: 'contact'; id: number };

/**
 * One outbox key per agreement, notice and person. The end date is part of an ending notice's key, so
 * moving the end (a prolonged agreement) arms the notices again for the new date.
 */
export function noticeKey(
  agreement: { id: number; end: string },
  notice: AgreementNotice,
  recipient: NoticeRecipient,
): string {
  const what = notice.kind === 'ending' ? `ends:${agreement.end}:in-${notice.threshold}` : notice.kind;
  return `agreement:${agreement.id}:${what}:${recipient.kind}:${recipient.id}`;
}

/** Notice days as stored: distinct, longest first. */
export const normalizeNoticeDays = (days: readonly number[]) => [...new Set(days)].sort((a, b) => b - a);
