import { badRequest } from './errors.js';

/** Opaque list cursors: base64url of the last row's sort key and id. */
export type CursorKey = [string | number | null, number];

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): CursorKey | null {
  if (!cursor) return null;
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      (Array.isArray(value) &&
        value.length === 2 &&
        Number.isInteger(value[1]) &&
        ['string', 'number'].includes(typeof value[0])) ||
      (Array.isArray(value) && value[0] === null && Number.isInteger(value[1]))
    ) {
      return value as CursorKey;
    }
  } catch {
    // fall through to the error below
  }
  throw badRequest('The cursor is not one this server gave out; start again without it');
}

/** Takes `limit + 1` rows, returns `limit` and the cursor of the last one when more exist. */
export function pageOf<T>(
  rows: T[],
  limit: number,
  keyOf: (row: T) => CursorKey,
): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const more = rows.length > limit;
  return { items, nextCursor: more && items.length ? encodeCursor(keyOf(items[items.length - 1]!)) : null };
}

export const parseTags = (json: string): string[] => {
  try {
    const v = JSON.parse(json);
    return Array.isArray(v) ? v.filter((x) => typeof x === 'string') : [];
  } catch {
    return [];
  }
};

/** Tags are trimmed, deduplicated, case kept; empty ones dropped. */
export const normalizeTags = (tags: string[]): string =>
  JSON.stringify([...new Set(tags.map((t) => t.trim()).filter(Boolean))]);
