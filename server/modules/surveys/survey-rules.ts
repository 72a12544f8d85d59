import { createHash, createHmac } from 'node:crypto';

/** The five scores a survey offers: 1 (very bad) … 5 (excellent). */
export const SCORES = [1, 2, 3, 4, 5] as const;
export type Score = (typeof SCORES)[number];
export const isScore = (n: number): n is Score => Number.isInteger(n) && n >= 1 && n <= 5;

/** A survey link works this long after the mail went out; later it answers 410 (the ticket is history). */
export const LINK_DAYS = 30;
/** The longest comment kept: a paragraph or two, not a document. */
export const COMMENT_MAX = 2000;

/**
 * Whether a ticket is in the sample: a keyed hash of its id, read as a number 0–99, is below the percent. Keyed
 * by the installation's secret so nobody outside can tell which ids are sampled, and a function of the id alone so
 * a retried or repeated resolve always draws the same answer — a ticket is never re-rolled into the sample.
 */
export function inSample(ticketId: number, secret: string, percent: number): boolean {
  if (percent >= 100) return true;
  if (percent <= 0) return false;
  const digest = createHmac('sha256', secret).update(`survey:${ticketId}`).digest();
  // 32 bits mod 100: the bias (2^32 mod 100 of 2^32) is below one in forty million.
  return digest.readUInt32BE(0) % 100 < percent;
}

/** Tokens travel only in the mail; the database keeps their SHA-256, so a copy of it answers no survey. */
export const tokenHash = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

/** A link's token: 32 random bytes, base64url (43 characters). */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** Whether a link mailed at `sentAt` still works at `now`. */
export function linkAlive(sentAt: string, now: Date): boolean {
  return now.getTime() - Date.parse(sentAt) <= LINK_DAYS * 86_400_000;
}

/** Trims a comment and caps its length; an empty one is null (no comment). */
export function cleanComment(text: string): string | null {
  const trimmed = text.replace(/\r\n/g, '\n').trim();
  return trimmed === '' ? null : trimmed.slice(0, COMMENT_MAX);
}

/** Average of scores to two decimals, with the count and how many of each score; null average when none. */
export function summarize(scores: readonly number[]) {
  const distribution: Record<'1' | '2' | '3' | '4' | '5', number> = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 };
  let sum = 0;
  for (const s of scores) {
    distribution[String(s) as '1']++;
    sum += s;
  }
  return {
    average: scores.length ? Math.round((sum / scores.length) * 100) / 100 : null,
    count: scores.length,
    distribution,
  };
}
