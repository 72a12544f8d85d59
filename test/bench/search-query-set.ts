/**
 * The fixed search query set the desk bench runs: common and rare words, Russian inflected forms, an error code
 * and a ticket number. The set itself is kept with the search module's work in `search-queries.ts`; until that
 * file exists the bench runs the queries below (and says so), so the bench never stops for want of it.
 */
const fallback = [
  'принтер',
  'не работает',
  'сервер медленно',
  'Kyocera',
  'Смирнова',
  '0x80070005',
  'Outlook ошибка',
  'VPN',
  'касса',
  'backup',
];

export async function searchQuerySet(): Promise<string[]> {
  const file = './search-queries.js';
  try {
    const mod = (await import(file)) as Record<string, unknown>;
    const list = Object.values(mod).find(Array.isArray) as Array<string | { q?: string; query?: string }> | undefined;
    const queries = (list ?? []).map((item) => (typeof item === 'string' ? item : (item.q ?? item.query ?? '')));
    if (queries.length > 0 && queries.every((q) => q.length > 0)) return queries;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw err;
  }
  console.error('[bench] test/bench/search-queries.ts not found: running the older ten queries');
  return fallback;
}
