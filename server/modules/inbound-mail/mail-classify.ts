/**
 * Pure rules about inbound mail headers: what counts as automatic mail, how Message-IDs compare, whether a
 * raw message is a MIME bomb. No I/O, so they are tested alone and shared by both receivers.
 */

/** Header lines of a message as `name (lower case) → values`, parsed from the raw header block. */
export type HeaderMap = Map<string, string[]>;

/** The raw header block (up to the first empty line), capped so a message without a body cannot stall us. */
export function headerBlock(raw: Buffer, cap = 256 * 1024): string {
  const head = raw.subarray(0, Math.min(raw.length, cap)).toString('latin1');
  const end = head.search(/\r?\n\r?\n/);
  return end === -1 ? head : head.slice(0, end);
}

export function parseHeaderBlock(block: string): HeaderMap {
  const map: HeaderMap = new Map();
  // Folded continuation lines belong to the header above them (RFC 5322 2.2.3).
  for (const line of block.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const list = map.get(name) ?? [];
    list.push(line.slice(colon + 1).trim());
    map.set(name, list);
  }
  return map;
}

const first = (h: HeaderMap, name: string) => h.get(name)?.[0]?.trim() ?? '';

/**
 * Why a message must never be answered automatically (RFC 3834 and the de-facto headers of Exchange and
 * list servers), or null for mail a person wrote. `envelopeFrom` is the SMTP MAIL FROM when known: an
 * empty one is a bounce (RFC 5321 4.5.5).
 */
export function automaticReason(h: HeaderMap, envelopeFrom?: string | null): string | null {
  const autoSubmitted = first(h, 'auto-submitted').toLowerCase();
  if (autoSubmitted && !/^no\b/.test(autoSubmitted)) return `Auto-Submitted: ${autoSubmitted}`;
  const precedence = first(h, 'precedence').toLowerCase();
  if (/^(bulk|junk|list|auto_reply)\b/.test(precedence)) return `Precedence: ${precedence}`;
  if (h.has('x-autoreply') || h.has('x-autorespond') || h.has('x-autoresponse')) return 'X-Autoreply';
  if (h.has('x-auto-response-suppress')) {
    const v = first(h, 'x-auto-response-suppress').toLowerCase();
    // Exchange stamps its own automatic mail with All / OOF / AutoReply; a person's mail does not carry it.
    if (/\b(all|oof|autoreply|dr|ndr|rn|nrn)\b/.test(v)) return `X-Auto-Response-Suppress: ${v}`;
  }
  if (h.has('list-id') || h.has('list-unsubscribe')) return 'mailing list (List-Id)';
  if (/^multipart\/report\b/i.test(first(h, 'content-type')))
    return 'delivery or disposition report (multipart/report)';
  if (/^<\s*>$/.test(first(h, 'return-path'))) return 'null return path (Return-Path: <>)';
  if (envelopeFrom !== undefined && envelopeFrom !== null && envelopeFrom.trim() === '')
    return 'null return path (MAIL FROM:<>)';
  const from = first(h, 'from').toLowerCase();
  if (/\b(mailer-daemon|postmaster)@/.test(from)) return 'delivery report (mailer-daemon)';
  return null;
}

/** A Message-ID as stored: no angle brackets or surrounding spaces (the form mail_message_ids uses too). */
export function normalizeMessageId(id: string | null | undefined): string | null {
  if (!id) return null;
  // Index loops rather than /^<+/ and />+$/: the latter restarts at every '>' of a long run (quadratic).
  const bare = id.trim();
  let start = 0;
  let end = bare.length;
  while (start < end && bare[start] === '<') start++;
  while (end > start && bare[end - 1] === '>') end--;
  const trimmed = bare.slice(start, end).trim();
  return trimmed && trimmed.length <= 998 ? trimmed : null;
}

/** Every Message-ID of In-Reply-To and References, nearest first (the last reference is the parent). */
export function referencedIds(inReplyTo: string | undefined, references: string | string[] | undefined): string[] {
  const all: string[] = [];
  const add = (text: string | undefined) => {
    for (const m of (text ?? '').matchAll(/<([^<>\s]+)>/g)) all.push(m[1]!);
  };
  add(inReplyTo);
  const refs = Array.isArray(references) ? references : references ? [references] : [];
  // mailparser gives References either split or as one string; brackets may be missing when split.
  const joined = refs.map((r) => (r.includes('<') ? r : `<${r}>`)).join(' ');
  const fromRefs: string[] = [];
  for (const m of joined.matchAll(/<([^<>\s]+)>/g)) fromRefs.push(m[1]!);
  all.push(...fromRefs.reverse());
  return [...new Set(all.map((id) => normalizeMessageId(id)).filter((id): id is string => id !== null))].slice(0, 100);
}

export interface MimeShape {
  parts: number;
  containers: number;
}

/**
 * Counts MIME parts and containers (multipart, message/rfc822) by their Content-Type lines, before any parser
 * sees the message: a MIME bomb (thousands of parts, or parts nested hundreds deep) is refused up front
 * instead of exhausting the parser's memory or stack.
 */
export function mimeShape(raw: Buffer): MimeShape {
  const text = raw.toString('latin1');
  let parts = 0;
  let containers = 0;
  for (const m of text.matchAll(/^content-type:[ \t]*([^\s;]+)/gim)) {
    parts++;
    const type = m[1]!.toLowerCase();
    if (type.startsWith('multipart/') || type === 'message/rfc822') containers++;
  }
  return { parts, containers };
}

export function domainOf(address: string): string | null {
  const at = address.lastIndexOf('@');
  if (at <= 0 || at === address.length - 1) return null;
  return address.slice(at + 1).toLowerCase();
}
