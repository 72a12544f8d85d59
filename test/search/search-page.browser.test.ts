import t from 'tap';
import { sql } from 'kysely';
import { fitsScreen, launchChromium, openDeskPage, signIn, startUiDesk, VIEWPORTS } from '../helpers/browser.js';
import { uiAgent } from '../helpers/ui-desk.js';

const CARTRIDGES = 120; // more than a page of 50: the older matches load on request

t.test(
  'the search page: status, client and date of each hit, older matches, an empty state; ru and en, phone and desktop',
  async (t) => {
    const { url, inst } = await startUiDesk(t, {
      seed: async (inst) => {
        await uiAgent(inst, 'engineer', 'ru@search.test', 'Инженер', 'ru');
        await uiAgent(inst, 'engineer', 'en@search.test', 'Engineer', 'en');
        return {};
      },
    });
    await inst.database.writes.run(async (trx) => {
      const at = '2026-03-02T09:00:00.000Z';
      await sql`insert into organizations (name, tags, created_at, updated_at) values ('ООО Ромашка', '[]', ${at}, ${at})`.execute(
        trx,
      );
      await sql`insert into tickets (number, subject, description, type, priority, status, organization_id, channel, tags, created_at, updated_at)
              values (1, 'Принтеры в бухгалтерии не печатают', 'Замятие бумаги', 'incident', 'P2', 'in_progress', 1, 'email', '[]', ${at}, ${at})`.execute(
        trx,
      );
      for (let i = 2; i <= CARTRIDGES + 1; i++)
        await sql`insert into tickets (number, subject, description, type, priority, status, organization_id, channel, tags, created_at, updated_at)
                values (${i}, ${`Картридж ${i}`}, 'Заменить картридж', 'request', 'P3', 'new', 1, 'email', '[]', ${at}, ${at})`.execute(
          trx,
        );
    });
    const browser = await launchChromium(t);
    const errors: string[] = [];
    const cases = [
      {
        locale: 'ru-RU',
        email: 'ru@search.test',
        status: 'В работе',
        date: '02.03.2026',
        more: 'Показать более ранние',
        hint: /в кавычки/,
      },
      {
        locale: 'en-GB',
        email: 'en@search.test',
        status: 'In progress',
        date: 'Mar 2, 2026',
        more: 'Show older matches',
        hint: /in quotes/,
      },
    ] as const;
    for (const c of cases) {
      for (const [size, viewport] of Object.entries(VIEWPORTS)) {
        const { page, context } = await openDeskPage(browser, c.locale, viewport, errors, /401/);
        await signIn(page, url, c.email);
        await page.goto(`${url}/search?q=${encodeURIComponent('бухгалтерия')}`);
        await page.waitForSelector('.hit');
        t.equal(
          await page.locator('.hit a').innerText(),
          '#1 Принтеры в бухгалтерии не печатают',
          `${c.locale} ${size}`,
        );
        t.match(
          await page.locator('.hit .snippet mark').first().innerText(),
          /бухгалтерии/i,
          'the word form is marked',
        );
        t.equal(await page.locator('.hit-facts .chip').innerText(), c.status, 'the status');
        t.equal(await page.locator('.hit-facts .hit-client').innerText(), 'ООО Ромашка', 'the client');
        t.equal(await page.locator('.hit-facts time').innerText(), c.date, 'the date, in the desk’s format');
        t.ok(await fitsScreen(page), 'nothing wider than the screen');
        await page.screenshot({ path: `/tmp/ondesk-search-${c.locale}-${size}.png`, fullPage: false });

        await page.goto(`${url}/search?q=${encodeURIComponent('картриджи')}`);
        await page.waitForSelector('.hit');
        t.equal(await page.locator('.hit').count(), 50, 'a page of matches');
        await page.click(`button:has-text("${c.more}")`);
        await page.waitForFunction(() => document.querySelectorAll('.hit').length === 100);
        await page.click(`button:has-text("${c.more}")`);
        await page.waitForFunction((n) => document.querySelectorAll('.hit').length === n, CARTRIDGES);
        t.equal(await page.locator(`button:has-text("${c.more}")`).count(), 0, 'every match shown: no more button');

        await page.goto(`${url}/search?q=${encodeURIComponent('гиперболоид')}`);
        await page.waitForSelector('.empty');
        t.match(await page.locator('.empty').innerText(), c.hint, 'what to try next');
        await page.screenshot({ path: `/tmp/ondesk-search-empty-${c.locale}-${size}.png` });
        await context.close();
      }
    }
    t.same(errors, [], 'no errors on any page');
  },
);
