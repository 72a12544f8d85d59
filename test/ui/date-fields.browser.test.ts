import t from 'tap';
import type { Page } from 'playwright-core';
import { VIEWPORTS, fitsScreen, launchChromium, openDeskPage, signIn, startUiDesk } from '../helpers/browser.js';
import { uiAgent } from '../helpers/ui-desk.js';

/** Types a day into a Russian date field as a person would: digits only, the dots come by themselves. */
async function typeDay(page: Page, selector: string, digits: string) {
  await page.fill(selector, '');
  await page.type(selector, digits);
}

const fieldOf = (page: Page, selector: string) =>
  page.locator(selector).evaluate((el: HTMLInputElement) => ({
    type: el.type,
    value: el.value,
    placeholder: el.placeholder,
  }));

t.test('the report, time report and time settings take days as dd.mm.yyyy in Russian', async (t) => {
  const browser = await launchChromium(t);
  const desk = await startUiDesk(t, {
    seed: async (inst) => ({ admin: await uiAgent(inst, 'admin', 'admin@dates.test', 'Анна Админова', 'ru') }),
  });
  const errors: string[] = [];
  // An English browser: the native picker would write days the American way; the Russian desk must not.
  const { page } = await openDeskPage(browser, 'en-GB', VIEWPORTS.phone, errors, /Failed to load resource/);
  await signIn(page, desk.url, 'admin@dates.test');

  await page.goto(`${desk.url}/reports?custom=1&from=2026-11-01&to=2026-11-30`);
  await page.waitForSelector('.report-filters input[name="from"]');
  t.same(await fieldOf(page, '.report-filters input[name="from"]'), {
    type: 'text',
    value: '01.11.2026',
    placeholder: 'дд.мм.гггг',
  });
  t.equal((await fieldOf(page, '.report-filters input[name="to"]')).value, '30.11.2026');
  await typeDay(page, '.report-filters input[name="from"]', '15112026');
  await page.waitForURL(/from=2026-11-15/);
  t.equal(
    (await fieldOf(page, '.report-filters input[name="from"]')).value,
    '15.11.2026',
    'the dots came by themselves',
  );
  t.ok(await fitsScreen(page), 'the report filters fit 390 px');

  await page.goto(`${desk.url}/time?from=2026-11-01&to=2026-11-30`);
  await page.waitForSelector('.time-report input[name="to"]');
  t.same(await fieldOf(page, '.time-report input[name="from"]'), {
    type: 'text',
    value: '01.11.2026',
    placeholder: 'дд.мм.гггг',
  });
  await typeDay(page, '.time-report input[name="to"]', '20112026');
  await page.waitForURL(/to=2026-11-20/);
  t.ok(await fitsScreen(page), 'the time report fits 390 px');

  await page.goto(`${desk.url}/time-settings`);
  await page.waitForSelector('.time-rules input[name="lockedUntil"]');
  t.equal((await fieldOf(page, '.time-rules input[name="lockedUntil"]')).type, 'text');
  await typeDay(page, '.time-rules input[name="lockedUntil"]', '31102026');
  await page.click('.time-rules button[type="submit"]');
  await page.waitForSelector('.time-rules .saved-note');
  const settings = await desk.app.inject({
    method: 'GET',
    url: '/api/v1/time-settings',
    headers: { authorization: `Bearer ${desk.admin.token}` },
  });
  t.equal(settings.json().lockedUntil, '2026-10-31', 'the period closes on the day typed');
  t.same(errors, []);
});

t.test('in English the same fields keep the native date picker', async (t) => {
  const browser = await launchChromium(t);
  const desk = await startUiDesk(t, {
    seed: async (inst) => ({ admin: await uiAgent(inst, 'admin', 'admin@dates.test', 'Ann Admin', 'en') }),
  });
  const errors: string[] = [];
  const { page } = await openDeskPage(browser, 'en-GB', VIEWPORTS.wide, errors, /Failed to load resource/);
  await signIn(page, desk.url, 'admin@dates.test');
  await page.goto(`${desk.url}/reports?custom=1&from=2026-11-01&to=2026-11-30`);
  await page.waitForSelector('.report-filters input[name="from"]');
  t.same(await fieldOf(page, '.report-filters input[name="from"]'), {
    type: 'date',
    value: '2026-11-01',
    placeholder: '',
  });
  await page.fill('.report-filters input[name="to"]', '2026-11-20');
  await page.waitForURL(/to=2026-11-20/);
  await page.goto(`${desk.url}/time?from=2026-11-01&to=2026-11-30`);
  await page.waitForSelector('.time-report input[name="from"]');
  t.equal((await fieldOf(page, '.time-report input[name="from"]')).type, 'date');
  t.ok(await fitsScreen(page), 'fits 1440 px');
  t.same(errors, []);
});
