// The events feed's cursor and type filter. Pure: no Fastify, no database.

/**
 * A cursor is opaque to callers: base64url of `e1:<last event id>`. The version prefix lets the form change
 * later without breaking cursors integrations have stored.
 */
export function encodeCursor(lastEventId: number): string {
  return Buffer.from(`e1:${lastEventId}`, 'utf8').toString('base64url');
}

/** The last event id a cursor stands for, or null when the text is not a cursor this desk wrote. */
export function decodeCursor(cursor: string): number | null {
  if (!/^[A-Za-z0-9_-]{1,40}$/.test(cursor)) return null;
  const match = /^e1:(\d{1,16})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return match ? Number(match[1]) : null;
}

export interface TypeFilter {
  /** Event types named exactly (`ticket.created`). */
  exact: string[];
  /** Prefixes of `agreement.*`-style patterns, with the dot (`agreement.`). */
  prefixes: string[];
}

const TYPE = /^[a-z][a-z_]*(\.[a-z_]+)*(\.\*)?$/;

/**
 * `ticket.created,agreement.*` → exact types and prefixes; null when any word is not an event type or a
 * `family.*` pattern (the route answers 400 naming it). An empty list means every type.
 */
export function parseTypes(text: string | undefined): { filter: TypeFilter } | { invalid: string } {
  const filter: TypeFilter = { exact: [], prefixes: [] };
  if (text === undefined) return { filter };
  for (const word of text.split(',').map((w) => w.trim())) {
    if (word === '') continue;
    if (!TYPE.test(word) || word === '*') return { invalid: word };
    if (word.endsWith('.*')) filter.prefixes.push(word.slice(0, -1));
    else filter.exact.push(word);
  }
  return { filter };
}

export function matchesTypes(filter: TypeFilter, type: string): boolean {
  if (filter.exact.length === 0 && filter.prefixes.length === 0) return true;
  return filter.exact.includes(type) || filter.prefixes.some((p) => type.startsWith(p));
}
