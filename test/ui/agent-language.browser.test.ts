import t from 'tap';
import { launchChromium, openPage, signIn, startUiDesk } from '../helpers/browser.js';
import { uiAgent } from '../helpers/ui-desk.js';
import { getAgent } from '../../server/modules/agents/index.js';

t.test('desk language: the agent’s own before the browser’s; the switch is kept here and in the profile', async (t) => {
  const { url, inst, agent } = await startUiDesk(t, {
    seed: async (inst) => ({ agent: await uiAgent(inst, 'engineer', 'ru@lang.test', 'Roman Russkikh', 'ru') }),
  });
  const browser = await launchChromium(t);
  const errors: string[] = [];
  const { page } = await openPage(browser, {
    locale: 'en-GB',
    timezoneId: 'Europe/Moscow',
    viewport: { width: 1300, height: 900 },
    errors,
    label: 'ru agent, en browser',
  });

  // Before anyone is known the sign-in page follows the browser.
  await page.goto(`${url}/`);
  t.equal(await page.locator('h1').innerText(), 'Sign in to Ondesk');
  t.equal(await page.evaluate(() => document.documentElement.lang), 'en');

  // Signed in, the desk speaks the agent's language although the browser asks for English.
  await signIn(page, url, agent.email);
  t.equal(await page.evaluate(() => document.documentElement.lang), 'ru');
  const toEnglish = page.locator('button.link', { hasText: 'English' }).locator('visible=true');
  await toEnglish.waitFor();

  // A reload opens in Russian too: the agent's language is not a choice made in this browser.
  await page.reload();
  await page.waitForSelector('.sidebar');
  t.equal(await page.evaluate(() => document.documentElement.lang), 'ru');
  t.equal(await page.evaluate(() => localStorage.getItem('ondesk.lang')), null);

  // The switch to English: the desk, a reload and the agent's profile all say English.
  const saved = page.waitForResponse(
    (r) => r.url().endsWith(`/api/v1/agents/${agent.id}`) && r.request().method() === 'PATCH',
  );
  await page.locator('button.link', { hasText: 'English' }).locator('visible=true').click();
  t.equal((await saved).status(), 200);
  await page.locator('button.link', { hasText: 'Русский' }).locator('visible=true').waitFor();
  t.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  await page.reload();
  await page.waitForSelector('.sidebar');
  t.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  await page.locator('button.link', { hasText: 'Русский' }).locator('visible=true').waitFor();
  t.equal((await getAgent(inst.ctx(), agent.id)).language, 'en');

  // Another browser (a fresh context, Russian this time) opens in the profile's English once signed in.
  const other = await openPage(browser, {
    locale: 'ru-RU',
    timezoneId: 'Europe/Moscow',
    viewport: { width: 390, height: 844 },
    errors,
    label: 'the same agent, ru browser',
  });
  await other.page.goto(`${url}/`);
  t.equal(await other.page.locator('h1').innerText(), 'Вход в Ondesk');
  await signIn(other.page, url, agent.email);
  t.equal(await other.page.evaluate(() => document.documentElement.lang), 'en');

  t.same(errors, []);
});
