/**
 * Markers shared by outbound mail and the inbound side that parses replies: one definition, so a change of
 * wording cannot break the folding of quoted history.
 */

/** The first line of every ticket mail; a reply's text is what the client wrote above it. Bilingual on purpose:
 * the parser looks for one string whatever the client's language. */
export const REPLY_MARKER = '##- Ответьте выше этой строки / Reply above this line -##';

/** `[#1234]` in a subject: the fallback threading key when a mail client drops In-Reply-To / References. */
export const subjectToken = (ticketNumber: number) => `[#${ticketNumber}]`;

const SUBJECT_TOKEN = /\[#(\d{1,12})\]/;

export function ticketNumberFromSubject(subject: string): number | null {
  const m = SUBJECT_TOKEN.exec(subject);
  return m ? Number(m[1]) : null;
}

/** Header values never carry line breaks: CR, LF and the Unicode line separators become one space. */
export function headerSafe(value: string): string {
  return value
    .replace(/[\r\n\u2028\u2029\u0085\v\f]+/g, ' ')
    .replace(/[\u0000-\u0008\u000e-\u001f\u007f]/g, '')
    .trim();
}
