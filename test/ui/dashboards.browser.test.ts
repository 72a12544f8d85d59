import { mkdirSync } from 'node:fs';
import t from 'tap';
import type { Browser, Page } from 'playwright-core';
import { fixedClock } from '../../server/shared/clock.js';
import { createOrganization } from '../../server/modules/organizations/organizations.service.js';
import { launchChromium, openPage, signIn, startUiDesk } from '../helpers/browser.js';
import { uiAgent } from '../helpers/ui-desk.js';
import { insertTeam, insertTicket } from '../dashboards/helpers.js';

/**
 * The dashboards in a real browser: a desk on 10 December with open, due and breached tickets in two teams and
 * SLA outcomes in November and December — on a desktop in Russian and a phone in English, with the empty state
 * of a team that has nothing.
 */

const SHOTS = '/tmp/dashboard-shots';
const ADMIN = 'admin@dash.test';
const MANAGER = 'manager@dash.test';
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1440, height: 900 };
const ms = (iso: string) => Date.parse(iso);

async function startDesk(t: Parameters<typeof startUiDesk>[0]) {
  return startUiDesk(t, {
    // Near the real date: the browser keeps the session cookie by its own clock.
    clock: fixedClock('2026-12-10T09:00:00Z'),
    seed: async (inst) => {
      const admin = await uiAgent(inst, 'admin', ADMIN, 'Анна Админова');
      const manager = await uiAgent(inst, 'manager', MANAGER, 'Maria Petrova', 'en');
      const romashka = await createOrganization(inst.ctx(admin.actor), { name: 'ООО «Ромашка»' });
      const volga = await createOrganization(inst.ctx(admin.actor), { name: 'Гостиница «Волга»' });
      const first = await insertTeam(inst, 'Первая линия');
      const quiet = await insertTeam(inst, 'Выезд');
      const due = ms('2026-12-01T00:00:00Z');
      for (let day = 1; day <= 28; day++) {
        const created = new Date(ms('2026-11-10T07:00:00Z') + day * 86_400_000).toISOString();
        const resolved = new Date(ms(created) + 5 * 3_600_000).toISOString();
        await insertTicket(inst, {
          organizationId: day % 3 ? romashka.id : volga.id,
          teamId: day % 3 ? first : null,
          status: day % 4 ? 'closed' : 'open',
          assigneeId: day % 2 ? admin.id : manager.id,
          createdAt: created,
          resolvedAt: day % 4 ? resolved : null,
          firstResponseAt: created,
          reactionDue: due,
          resolutionDue: due,
          resolutionBreachedAt: day % 5 === 0 ? resolved : null,
          slaOrder: day % 4 ? undefined : ms('2026-12-10T15:00:00Z'),
        });
      }
      return { admin, manager, first, quiet };
    },
  });
}

/** The whole page: the shell scrolls its content inside the window, so the window grows to show all of it. */
async function shot(page: Page, name: string) {
  const viewport = page.viewportSize()!;
  const height = await page.evaluate(() => {
    const content = document.querySelector('.content');
    return content ? content.getBoundingClientRect().top + content.scrollHeight : 0;
  });
  await page.setViewportSize({ width: viewport.width, height: Math.ceil(Math.max(viewport.height, height + 24)) });
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
  await page.setViewportSize(viewport);
}

const overflowOf = (page: Page) =>
  page.evaluate(() => {
    const content = document.querySelector('.content');
    return Math.max(
      document.documentElement.scrollWidth - window.innerWidth,
      content ? content.scrollWidth - content.clientWidth : 0,
    );
  });

async function openDesk(browser: Browser, url: string, email: string, phone: boolean, errors: string[]) {
  const { page } = await openPage(browser, {
    locale: phone ? 'en-GB' : 'ru-RU',
    timezoneId: 'Europe/Moscow',
    viewport: phone ? PHONE : DESKTOP,
    ignoreConsole: /401|Failed to load resource/,
    errors,
    label: `${email} ${phone ? 'phone' : 'desktop'}`,
  });
  await signIn(page, url, email);
  return page;
}

const figure = (page: Page, label: string) =>
  page.locator('.dash-card', { hasText: label }).locator('.dash-number').innerText();

t.test('the desk and manager dashboards at 1440 px in Russian and 390 px in English', async (t) => {
  mkdirSync(SHOTS, { recursive: true });
  const desk = await startDesk(t);
  const browser = await launchChromium(t);
  const errors: string[] = [];

  let page = await openDesk(browser, desk.url, ADMIN, false, errors);
  await page.click('.sidebar a[href="/dashboard"]');
  await page.waitForSelector('.dash-card');
  t.equal(await page.locator('.dashboard h1').innerText(), 'Дашборд отдела');
  t.equal(await figure(page, 'Открыто сейчас'), '7');
  t.equal(await figure(page, 'Срок сегодня'), '7');
  t.equal(await figure(page, 'Нарушены'), '1', 'the open ticket of 30 November missed its resolution');
  t.equal(
    await page.locator('.dash-card', { hasText: 'Открыто сейчас' }).locator('a').getAttribute('href'),
    '/tickets?status=active',
  );
  await page.waitForSelector('.report-chart svg path', { state: 'attached' });
  t.match(await page.locator('.dashboard').innerText(), /до полуночи по Москве/, 'each figure says what it counts');
  await shot(page, 'desk-1440-ru');
  t.equal(await overflowOf(page), 0, 'the desk dashboard fits 1440 px');

  await page.click('.dashboard .page-head a[href="/dashboard/manager"]');
  await page.waitForSelector('.dash-table');
  t.equal(await figure(page, 'Реакция'), '100\u00a0%');
  t.match(await page.locator('.dash-table').first().innerText(), /Ромашка|Волга/);
  await page.waitForSelector('.report-chart svg path', { state: 'attached' });
  await shot(page, 'manager-1440-ru');
  t.equal(await overflowOf(page), 0, 'the manager dashboard fits 1440 px');

  // A team with nothing says so and what the numbers will mean.
  await page.goto(`${desk.url}/dashboard?teamId=${desk.quiet}`);
  await page.waitForSelector('.dash-empty');
  t.match(await page.locator('.dash-empty').innerText(), /нет открытых заявок/);
  await shot(page, 'desk-empty-team-1440-ru');

  page = await openDesk(browser, desk.url, MANAGER, true, errors);
  await page.goto(`${desk.url}/dashboard?teamId=${desk.first}`);
  await page.waitForSelector('.dash-card');
  t.equal(await figure(page, 'Open now'), '5', 'the team’s open tickets');
  await page.waitForSelector('.report-chart svg path', { state: 'attached' });
  await shot(page, 'desk-390-en');
  t.equal(await overflowOf(page), 0, 'the desk dashboard fits 390 px');
  await page.goto(`${desk.url}/dashboard/manager`);
  await page.waitForSelector('.dash-table');
  t.match(await page.locator('.dashboard').innerText(), /Hours this month/);
  await shot(page, 'manager-390-en');
  t.equal(await overflowOf(page), 0, 'the manager dashboard fits 390 px');

  t.same(errors, [], 'no errors in the pages');
});
