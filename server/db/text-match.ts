import { sql } from 'kysely';

/** `name LIKE '%text%'` where `%` and `_` typed by a person stay literal characters. */
export function containsText(column: string, text: string) {
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<boolean>`${sql.ref(column)} like ${pattern} escape '\\'`;
}
