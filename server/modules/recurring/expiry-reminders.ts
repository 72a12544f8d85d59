/**
 * Which expiry reminder a recurring service owes, and the key that makes each go out once.
 *
 * Reminders are due 30, 14, 7 and 1 days before `expiresOn`. Each run sends the tightest threshold already
 * reached: with daily runs every threshold goes out on its own day; after downtime only the one that still
 * matters goes out (an item expiring in 5 days gets "in 5 days", not the 30- and 14-day reminders it missed).
 */
export const REMINDER_DAYS = [30, 14, 7, 1] as const;

export interface ExpiryReminder {
  threshold: number;
  daysLeft: number;
}

export function dueReminder(daysLeft: number, thresholds: readonly number[] = REMINDER_DAYS): ExpiryReminder | null {
  if (daysLeft < 0) return null;
  const reached = thresholds.filter((n) => n >= daysLeft);
  if (reached.length === 0) return null;
  return { threshold: Math.min(...reached), daysLeft };
}

export type ReminderRecipient = { kind: 'agent' | 'contact'; id: number };

/**
 * One outbox key per item, expiry date, threshold and person: a changed expiry date (a renewed domain, a
 * corrected certificate date) arms the reminders again for the new date.
 */
export const reminderKey = (item: { id: number; expiresOn: string }, threshold: number, to: ReminderRecipient) =>
  `recurring:${item.id}:expires:${item.expiresOn}:in-${threshold}:${to.kind}:${to.id}`;

/** The key of the notice that a live check corrected an expiry date: once per correction and person. */
export const correctionKey = (item: { id: number }, from: string | null, to: string, who: ReminderRecipient) =>
  `recurring:${item.id}:corrected:${from ?? 'none'}->${to}:${who.kind}:${who.id}`;
