import type SanitizeHtml from 'sanitize-html';
import { lazyRequire } from '../../shared/lazy-require.js';
import { REPLY_MARKER } from '../notifications/index.js';

/**
 * The body of an inbound message as the desk keeps it: safe HTML for display, and the plain text split into
 * what the sender wrote now and the history below it (quoted replies, signatures), which is folded away.
 */

const sanitizeHtml = lazyRequire<typeof SanitizeHtml>('sanitize-html');
const extraTags = ['img', 'span', 'font', 'center', 'del', 'ins', 'sub', 'sup', 'u', 's', 'strike'];
const allowedTags = () => [...sanitizeHtml().defaults.allowedTags, ...extraTags];

/**
 * Safe HTML: no scripts, styles, event handlers, forms or frames; links keep only web and mail schemes and
 * open without referrer; images only from the message itself (rewritten cid: URLs) — remote images are
 * dropped because they are tracking pixels as often as not.
 */
export function sanitizeMailHtml(html: string, cidUrl: (cid: string) => string | null): string {
  return sanitizeHtml()(html, {
    allowedTags: allowedTags(),
    allowedAttributes: {
      a: ['href', 'title', 'rel', 'target'],
      img: ['src', 'alt', 'title', 'width', 'height'],
      td: ['colspan', 'rowspan', 'align', 'valign'],
      th: ['colspan', 'rowspan', 'align', 'valign'],
      table: ['border', 'cellpadding', 'cellspacing'],
      font: ['color'],
      '*': ['dir', 'lang'],
    },
    allowedSchemes: ['http', 'https', 'mailto', 'tel'],
    allowedSchemesByTag: { img: [] },
    allowProtocolRelative: false,
    disallowedTagsMode: 'discard',
    nonTextTags: ['style', 'script', 'textarea', 'option', 'noscript', 'title', 'head'],
    transformTags: {
      a: (tagName, attribs) => ({
        tagName,
        attribs: { ...attribs, rel: 'noopener noreferrer nofollow', target: '_blank' },
      }),
      img: (tagName, attribs) => {
        const src = attribs.src ?? '';
        const local = src.toLowerCase().startsWith('cid:') ? cidUrl(src.slice(4).replace(/^<|>$/g, '')) : null;
        if (!local) return { tagName: 'span', attribs: {}, text: attribs.alt ? `[${attribs.alt}]` : '' };
        return { tagName, attribs: { ...attribs, src: local } };
      },
    },
    exclusiveFilter: (frame) =>
      frame.tag === 'span' &&
      !frame.text.trim() &&
      !frame.mediaChildren.length &&
      Object.keys(frame.attribs).length === 0,
  });
}

/** Lines that start the quoted history of a reply, in the languages our clients write in. */
const historyStarts: RegExp[] = [
  /^-{2,}\s*(original message|исходное сообщение|пересылаемое сообщение|forwarded message)\s*-{2,}/i,
  /^_{10,}\s*$/,
  /^(on|am|le)\s.{4,200}\s(wrote|schrieb|a écrit)\s*:\s*$/i,
  /^.{0,200}\s(пишет|написал|написала|написал\(а\))\s*:\s*$/i,
  /^(from|от|de|von)\s*:\s*.+$/i, // an Outlook header block; only when followed by Sent/Date/To (checked below)
];

const outlookFollowers = /^(sent|date|to|subject|отправлено|дата|кому|тема)\s*:/i;

/** Signatures people's clients add; RFC 3676's "-- " delimiter first. */
const signatureStarts: RegExp[] = [/^-- ?$/, /^(sent from my|отправлено с (моего )?|отправлено из|get outlook for)\b/i];

export interface FoldedText {
  /** What the sender wrote now: the comment's body. */
  fresh: string;
  /** The quoted history and signature below it, kept for display behind a fold. */
  history: string;
}

export function foldReply(text: string): FoldedText {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  // quoteTail[i]: every line from i on is blank or quoted. One pass from the end rather than a re-scan of the
  // rest at each quoted line, which made 100 KB of short quoted lines take over a minute.
  const quoteTail: boolean[] = new Array<boolean>(lines.length + 1);
  quoteTail[lines.length] = true;
  for (let i = lines.length - 1; i >= 0; i--) {
    const l = lines[i]!.trim();
    quoteTail[i] = quoteTail[i + 1]! && (l === '' || l.startsWith('>'));
  }
  let cut = lines.length;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line.includes(REPLY_MARKER) || /^##-.*-##$/.test(line)) {
      cut = i;
      break;
    }
    const isHistory = historyStarts.some((re, k) => {
      if (!re.test(line)) return false;
      if (k === historyStarts.length - 1) return lines.slice(i + 1, i + 4).some((l) => outlookFollowers.test(l.trim()));
      return true;
    });
    // "On … wrote:" is often wrapped by the client over two lines.
    const wrappedOn =
      /^(on|am)\s.{4,200}$/i.test(line) &&
      i + 1 < lines.length &&
      /\s(wrote|schrieb)\s*:\s*$/i.test(lines[i + 1]!.trim());
    const quoteRun = line.startsWith('>') && quoteTail[i]!;
    if (isHistory || wrappedOn || quoteRun || signatureStarts.some((re) => re.test(line))) {
      cut = i;
      break;
    }
  }
  const fresh = lines.slice(0, cut).join('\n').trim();
  const history = lines.slice(cut).join('\n').trim();
  // A message that is all quote (a bare forward) keeps its text: an empty comment helps no one.
  if (!fresh) return { fresh: history, history: '' };
  return { fresh, history };
}

/** Text that fits a column and a database row: no NULs, bounded length. */
export function boundedText(text: string, max: number): string {
  const clean = text.replace(/\u0000/g, '');
  return clean.length > max ? `${clean.slice(0, max)}\n…` : clean;
}

/** A plain-text version of HTML for messages without a text part (the comment body is text). */
export function htmlToText(html: string): string {
  const withBreaks = html.replace(/<(br|\/p|\/div|\/li|\/tr|\/h[1-6]|\/blockquote|\/table)\b[^>]*>/gi, '\n');
  const text = sanitizeHtml()(withBreaks, {
    allowedTags: [],
    allowedAttributes: {},
    nonTextTags: ['style', 'script', 'textarea', 'option', 'noscript', 'title', 'head'],
  });
  const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", nbsp: ' ' };
  return text
    .replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_, e: string) => entities[e]!)
    .split('\n')
    .map(trimSpacesEnd)
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * Drops trailing spaces and tabs from a line. A loop, not /[ \t]+\n/: that regex restarts at every space of a
 * long run that ends in something else, quadratic in the run (1 MB of spaces never finished).
 */
function trimSpacesEnd(line: string): string {
  let end = line.length;
  while (end > 0 && (line[end - 1] === ' ' || line[end - 1] === '\t')) end--;
  return end === line.length ? line : line.slice(0, end);
}
