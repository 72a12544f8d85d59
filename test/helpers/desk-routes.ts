import type { Page } from 'playwright-core';
import type { Installation } from '../../server/installation.js';

/**
 * Every page of the desk as an address to open: the patterns come from the UI's own route table
 * (ui/app/routes.js, read in the page, so a route added there is visited without touching the tests), and each
 * `:param` is filled from the seeded desk — the first ticket, client, agreement, calendar and agent, a money tab.
 * An address the demo cannot fill (nothing of that kind seeded) is left out and named in `missing`.
 */
export async function deskAddresses(page: Page, inst: Installation): Promise<{ paths: string[]; missing: string[] }> {
  const patterns = await page.evaluate(async () => {
    const { routes } = (await import('/app/routes.js' as string)) as { routes: { path: string }[] };
    return routes.map((r) => r.path);
  });
  const db = inst.database.db;
  const first = async (table: 'tickets' | 'organizations' | 'agreements' | 'calendars' | 'agents') =>
    (await db.selectFrom(table).select('id').orderBy('id').limit(1).executeTakeFirst())?.id;
  const ids: Record<string, number | string | undefined> = {
    '/tickets/:id': await first('tickets'),
    '/organizations/:id': await first('organizations'),
    '/agreements/:id': await first('agreements'),
    '/calendars/:id': await first('calendars'),
    '/agents/:id': await first('agents'),
    '/money/:tab': 'balances',
  };
  const paths: string[] = [];
  const missing: string[] = [];
  for (const pattern of patterns) {
    if (!pattern.includes(':')) paths.push(pattern);
    else if (ids[pattern] !== undefined) paths.push(pattern.replace(/:\w+/, String(ids[pattern])));
    else missing.push(pattern);
  }
  // The page for an address the desk does not have is a page too.
  paths.push('/no-such-page');
  return { paths, missing };
}

/**
 * Opens a desk address and waits until the page has rendered: the shell is there, no lazy page is still
 * loading its code and the network has gone quiet (lists are fetched on mount).
 */
export async function openAddress(page: Page, url: string, path: string): Promise<void> {
  await page.goto(`${url}${path}`);
  await page.waitForSelector('.sidebar', { state: 'attached' });
  await page.waitForLoadState('networkidle');
  await page.waitForFunction(
    () =>
      ![...document.querySelectorAll('.content .muted')].some((e) => /^(Loading|Загрузка)…$/.test(e.textContent ?? '')),
    undefined,
    { timeout: 10_000 },
  );
}
