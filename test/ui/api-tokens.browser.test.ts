import t from 'tap';
import type { Page } from 'playwright-core';
import { launchChromium, openPage, signIn, startUiDesk } from '../helpers/browser.js';
import { uiAgent } from '../helpers/ui-desk.js';

/** The page's own area has no sideways scroll (the shell's row of ticket views scrolls by design). */
const contentOverflow = (page: Page) =>
  page.evaluate(() => {
    const content = document.querySelector('.content');
    return content ? content.scrollWidth - content.clientWidth : -1;
  });

t.test(
  'the API tokens page: empty state, a token with scopes and an expiry shown once, its last use, revoke; en and ru, desktop and phone',
  async (t) => {
    const desk = await startUiDesk(t, {
      seed: async (inst) => ({
        engineer: await uiAgent(inst, 'engineer', 'engineer@tokens.test', 'Egor Engineer', 'en'),
        ruEngineer: await uiAgent(inst, 'engineer', 'ru-engineer@tokens.test', 'Ира Инженер', 'ru'),
      }),
    });
    // The seeding made a token for each browser agent; this page lists the agent's own, so start from none.
    await desk.inst.database.db.deleteFrom('api_tokens').execute();
    const browser = await launchChromium(t);
    const errors: string[] = [];
    const { page } = await openPage(browser, { viewport: { width: 1440, height: 900 }, locale: 'en-GB', errors });
    await signIn(page, desk.url, desk.engineer.email);
    await page.getByRole('link', { name: 'API tokens' }).click();
    await page.getByRole('heading', { name: 'API tokens', level: 1 }).waitFor();
    t.equal(new URL(page.url()).pathname, '/settings/tokens');
    await page.getByText('You have no API tokens yet. Create one for an integration').waitFor();
    await page.screenshot({ path: '/tmp/tokens-empty-1440.png', fullPage: true });

    await page.getByRole('button', { name: 'New token' }).click();
    const dialog = page.getByRole('dialog', { name: 'New token' });
    await dialog.getByLabel('Name').fill('Zabbix');
    await dialog.getByLabel(/tickets:write/).check();
    await dialog.getByLabel('Valid through').fill('2030-06-30');
    await dialog.getByLabel('Requests a minute').fill('120');
    await page.screenshot({ path: '/tmp/tokens-dialog-1440.png' });
    await dialog.getByRole('button', { name: 'Create token' }).click();
    const secretBox = page.getByLabel('Token', { exact: true });
    await secretBox.waitFor();
    const secret = await secretBox.inputValue();
    t.match(secret, /^odk_/, 'the secret is shown once');
    const row = page.locator('tr[data-token]').first();
    await row.getByText('Zabbix').waitFor();
    t.equal(
      await row
        .locator('.token-scope')
        .allTextContents()
        .then((s) => s.join(' ')),
      'read tickets:write',
    );
    await row.getByText('Jun 30, 2030').waitFor();
    await row.getByText('never', { exact: true }).waitFor();
    t.equal((await row.locator('td.num').textContent())?.trim(), '120');
    await page.screenshot({ path: '/tmp/tokens-1440.png', fullPage: true });

    // The integration uses it: the list shows when.
    const used = await fetch(`${desk.url}/api/v1/tickets`, { headers: { authorization: `Bearer ${secret}` } });
    t.equal(used.status, 200);
    t.equal(used.headers.get('ratelimit-limit'), '120', 'its own rate limit');
    await page.getByRole('button', { name: 'I have saved it' }).click();
    t.equal(await page.getByLabel('Token', { exact: true }).count(), 0, 'the secret is gone once saved');
    await page.reload();
    await page
      .locator('tr[data-token]')
      .first()
      .getByText(/ago|minute/)
      .waitFor();
    t.notOk((await page.content()).includes(secret.slice(8)), 'the page never shows the secret again');

    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await page.locator('tr[data-token]').first().waitFor();
    await page.screenshot({ path: '/tmp/tokens-390.png', fullPage: true });
    t.ok((await contentOverflow(page)) <= 0, 'nothing wider than a phone');

    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Revoke' }).click();
    await page.getByText('You have no API tokens yet').waitFor();
    const refused = await fetch(`${desk.url}/api/v1/tickets`, { headers: { authorization: `Bearer ${secret}` } });
    t.equal(refused.status, 401, 'a revoked token is refused');

    const ru = await openPage(browser, { viewport: { width: 390, height: 844 }, locale: 'ru-RU', errors });
    await signIn(ru.page, desk.url, desk.ruEngineer.email);
    await ru.page.goto(`${desk.url}/settings/tokens`);
    await ru.page.getByRole('heading', { name: 'Токены API', level: 1 }).waitFor();
    await ru.page.getByText('У вас ещё нет токенов API').waitFor();
    await ru.page.getByRole('button', { name: 'Новый токен' }).click();
    const ruDialog = ru.page.getByRole('dialog', { name: 'Новый токен' });
    await ruDialog.getByLabel('Название').fill('Бухгалтерия');
    await ruDialog.getByLabel('Действует по').fill('31.12.2030');
    await ru.page.screenshot({ path: '/tmp/tokens-ru-dialog-390.png', fullPage: true });
    await ruDialog.getByRole('button', { name: 'Создать токен' }).click();
    await ru.page.getByText('скопируйте его сейчас').waitFor();
    await ru.page.locator('tr[data-token]').first().getByText('31.12.2030').waitFor();
    await ru.page.locator('tr[data-token]').first().getByText('не использовался').waitFor();
    await ru.page.screenshot({ path: '/tmp/tokens-ru-390.png', fullPage: true });
    t.ok((await contentOverflow(ru.page)) <= 0, 'nothing wider than a phone in Russian either');
    t.same(errors, [], 'no errors in the pages');
  },
);
