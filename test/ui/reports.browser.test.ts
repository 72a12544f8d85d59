import { mkdirSync } from 'node:fs';
import t, { type Test } from 'tap';
import type { Page } from 'playwright-core';
import { launchChromium } from '../helpers/browser.js';
import { NOVEMBER, novemberReportDesk, openReportPage, overflowOf, PHONE, shot, SHOTS } from './report-desk.js';

/**
 * The report pages in a real browser: November's SLA of a client (round-the-clock calendar, two breaches) on a
 * desktop in Russian and a phone in English — the figures, the chart, the meaning of the figures and the
 * downloads; then a manager creates a monthly mailing in the dialog, sends it at once and finds it in the
 * archive with its files.
 */

const ADMIN = 'admin@reports.test';
const MANAGER = 'manager@reports.test';

// November: reactions 3 met, 1 breached (Упал обмен с банком); resolutions 3 met, 1 breached (Не печатается счёт).
const startDesk = (t: Test) =>
  novemberReportDesk(t, {
    admin: ADMIN,
    manager: MANAGER,
    contact: true,
    timeline: [
      ['2026-11-02T10:00', 'Не проводится реализация', 'P2'],
      ['2026-11-02T10:30', 'Не проводится реализация', 'reply'],
      ['2026-11-02T12:00', 'Не проводится реализация', 'resolve'],
      ['2026-11-03T10:00', 'Упал обмен с банком', 'P1'],
      ['2026-11-03T11:30', 'Упал обмен с банком', 'reply'],
      ['2026-11-03T13:00', 'Упал обмен с банком', 'resolve'],
      ['2026-11-05T10:00', 'Не печатается счёт', 'P2'],
      ['2026-11-05T10:20', 'Не печатается счёт', 'reply'],
      ['2026-11-06T10:00', 'Не печатается счёт', 'resolve'],
      ['2026-11-10T10:00', 'Не работает VPN', 'P1'],
      ['2026-11-10T10:10', 'Не работает VPN', 'reply'],
      ['2026-11-10T11:00', 'Не работает VPN', 'resolve'],
    ],
  });

const openDesk = openReportPage;

const total = (page: Page, name: string) => page.locator(`.report-summary-figures [data-total="${name}"]`).innerText();

t.test('the SLA report shows its figures and chart, and a mailing sends it to the archive', async (t) => {
  mkdirSync(SHOTS, { recursive: true });
  const desk = await startDesk(t);
  const { url, org, agreement } = desk;
  const browser = await launchChromium(t);
  const errors: string[] = [];

  // The desktop, in Russian: November's SLA of the client, from the permalink.
  let page = await openDesk(browser, url, ADMIN, 'ru-RU', false, errors);
  await page.click('.sidebar a[href="/reports"]');
  await page.waitForSelector('.reports-page .filters');
  await page.goto(`${url}/reports?report=sla&${NOVEMBER}&organizationId=${org.id}`);
  await page.waitForSelector('.report-summary-figures');
  t.equal(await page.locator('.reports-page h1').innerText(), 'Отчёты');
  t.equal(await total(page, 'reactionCompliance'), '75\u00a0%', 'reaction: 3 of 4 in time');
  t.equal(await total(page, 'resolutionCompliance'), '75\u00a0%', 'resolution: 3 of 4 in time');
  t.equal(await total(page, 'tickets'), '4');
  t.equal(await total(page, 'breaches'), '2');
  const p1 = page.locator('.report-compliance tbody tr', { hasText: 'P1' });
  t.equal(await p1.locator('[data-figure="reactionCompliance"]').innerText(), '50\u00a0%', 'P1 reaction: 1 of 2');
  t.equal(await p1.locator('[data-figure="reactionBreached"]').innerText(), '1');
  const p1Times = page.locator('.report-times tbody tr', { hasText: 'P1' });
  // Reactions of P1: 90 and 10 minutes — the median of two is the lower one, p90 the higher.
  t.equal(
    await p1Times.locator('[data-figure="reactionP90Minutes"]').innerText(),
    '1\u00a0ч 30\u00a0мин'.replace(/\u00a0/g, ' '),
  );
  await page.waitForSelector('.report-chart svg path', { state: 'attached' });
  t.ok(await page.locator('.report-chart svg').count(), 'the chart is drawn');
  t.match(
    await page.locator('.report-definitions').innerText(),
    /Соблюдение = соблюдено ÷/,
    'the definitions are beside it',
  );
  t.equal(await page.locator('.report-breaches tbody tr').count(), 2, 'both breaches are listed');
  for (const [name, format] of [
    ['CSV', 'csv'],
    ['Excel', 'xlsx'],
    ['PDF', 'pdf'],
  ]) {
    const href = await page.locator('.report-downloads a', { hasText: name }).getAttribute('href');
    t.match(
      href,
      new RegExp(`^/api/v1/reports/sla\\.${format}\\?.*from=2026-11-01.*organizationId=${org.id}`),
      `${name} link`,
    );
  }
  const csv = await page.evaluate(
    async (href) => (await fetch(href!)).text(),
    await page.locator('.report-downloads a', { hasText: 'CSV' }).getAttribute('href'),
  );
  t.match(csv, /P1/, 'the CSV download holds the same rows');
  await shot(page, 'sla-1440-ru');
  t.equal(await overflowOf(page), 0, 'the report fits 1440 px');

  // The tickets tab keeps the period and the client.
  await page.click('.report-tabs a:has-text("Заявки")');
  await page.waitForSelector('.report-tickets');
  t.equal(await total(page, 'created'), '4');
  await page.waitForSelector('.report-chart svg path', { state: 'attached' });
  await shot(page, 'tickets-1440-ru');

  // An empty period says what to do.
  await page.goto(`${url}/reports?report=sla&from=2026-10-01&to=2026-10-31`);
  await page.waitForSelector('.report-empty');
  t.match(await page.locator('.report-empty').innerText(), /Выберите другой период/);
  await shot(page, 'sla-empty-1440-ru');

  // The mailing page: empty at first, then a monthly mailing for the agreement made in the dialog.
  await page.click('.sidebar a[href="/report-subscriptions"]');
  await page.waitForSelector('.subscriptions-page .empty');
  t.match(await page.locator('.subscriptions-page .empty').first().innerText(), /Создайте рассылку/);
  await page.click('button:has-text("Новая рассылка")');
  await page.waitForSelector('.sub-dialog');
  await page.selectOption('.sub-dialog select[name="organizationId"]', String(org.id));
  await page.waitForSelector(`.sub-dialog select[name="agreementId"] option[value="${agreement.id}"]`, {
    state: 'attached',
  });
  await page.selectOption('.sub-dialog select[name="agreementId"]', String(agreement.id));
  await page.fill('.sub-dialog input[name="name"]', 'SLA Ромашки за месяц');
  await page.check('.sub-dialog input[name="format"][value="csv"]');
  await page.uncheck('.sub-dialog input[name="agreementRecipients"]');
  await page.check(`.sub-dialog input[name="agentId"][value="${desk.manager.id}"]`);
  await shot(page, 'subscription-dialog-1440-ru');
  await page.click('.sub-dialog button[type="submit"]');
  await page.waitForSelector('.subscriptions-table tbody tr');
  const row = page.locator('.subscriptions-table tbody tr').first();
  t.match(await row.innerText(), /Ежемесячно, 1-й рабочий день, 09:00/, 'the schedule in words');
  t.match(await row.innerText(), /Мария Петрова/, 'the recipients by name');
  t.match(
    await row.locator('a:has-text("Просмотр PDF")').getAttribute('href'),
    /\/report-subscriptions\/\d+\/preview\?format=pdf$/,
  );
  await row.locator('button:has-text("Отправить сейчас")').click();
  await page.waitForSelector('.saved-note');
  t.match(await page.locator('.saved-note').innerText(), /01\.11\.2026 – 30\.11\.2026/, 'November went out');
  await page.waitForSelector('.archive-table tbody tr');
  t.match(await page.locator('.archive-table tbody tr').first().innerText(), /SLA Ромашки за месяц/);
  t.match(await page.locator('.archive-table tbody tr').first().innerText(), /manager@reports\.test/);
  const files = page.locator('.archive-table tbody tr').first().locator('.archive-files a');
  t.equal(await files.count(), 3, 'a link per file');
  const file = await page.evaluate(
    async (href) => (await fetch(href!)).status,
    await files.first().getAttribute('href'),
  );
  t.equal(file, 200, 'the archived file downloads');
  await page.waitForSelector('.subscriptions-table td[data-period="2026-11"]');
  t.match(
    await page.locator('.subscriptions-table td[data-period]').innerText(),
    /Ноябрь 2026/,
    'the last period sent',
  );
  // Paused and resumed by its switch; a second "Send now" for the same month is refused with the reason.
  await row.locator('input[name="active"]').uncheck();
  await page.waitForSelector('.subscriptions-table tbody tr.retired-row');
  await row.locator('input[name="active"]').check();
  await page.waitForSelector('.subscriptions-table tbody tr:not(.retired-row)');
  await row.locator('button:has-text("Отправить сейчас")').click();
  await page.waitForSelector('.subscriptions-table .row-error');
  t.match(
    await page.locator('.subscriptions-table .row-error').innerText(),
    /archive|архив/i,
    'already sent: in the archive',
  );
  await shot(page, 'subscriptions-1440-ru');
  t.equal(await overflowOf(page), 0, 'the mailing page fits 1440 px');

  // The phone, in English: the same report and the mailing page fit 390 px.
  page = await openDesk(browser, url, MANAGER, 'en-GB', true, errors);
  await page.goto(`${url}/reports?report=sla&${NOVEMBER}&organizationId=${org.id}`);
  await page.waitForSelector('.report-summary-figures');
  t.equal(await total(page, 'reactionCompliance'), '75%');
  await page.waitForSelector('.report-chart svg path', { state: 'attached' });
  const chart = await page.locator('.report-chart').boundingBox();
  t.ok(chart && chart.x >= 0 && chart.x + chart.width <= PHONE.width, 'the chart fits the phone');
  t.match(await page.locator('.report-definitions').innerText(), /Compliance = met ÷/);
  t.equal(await page.locator('.report-downloads a').count(), 3, 'CSV, Excel and PDF');
  await shot(page, 'sla-390-en');
  // The phone's page scrolls inside the shell: the tables are shot scrolled to the top of the window.
  await page.locator('.report-compliance').evaluate((e) => e.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: `${SHOTS}/sla-tables-390-en.png` });
  await page.locator('.report-definitions').evaluate((e) => e.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: `${SHOTS}/sla-definitions-390-en.png` });
  t.equal(await overflowOf(page), 0, 'the report fits 390 px');
  await page.goto(`${url}/report-subscriptions?organizationId=${org.id}`);
  await page.waitForSelector('.archive-table tbody tr');
  t.match(await page.locator('.subscriptions-table').innerText(), /Monthly, 1st working day, 09:00/);
  await shot(page, 'subscriptions-390-en');
  t.equal(await overflowOf(page), 0, 'the mailing page fits 390 px');
  await page.click('button:has-text("New mailing")');
  await page.waitForSelector('.sub-dialog');
  await shot(page, 'subscription-dialog-390-en');
  const dialog = await page.locator('.modal .dialog').boundingBox();
  t.ok(dialog && dialog.x >= 0 && dialog.x + dialog.width <= PHONE.width, 'the dialog fits the phone');
  t.ok(dialog && dialog.y >= 0 && dialog.y + dialog.height <= PHONE.height, 'and its height: the form scrolls inside');
  await page.locator('.sub-dialog button[type="submit"]').scrollIntoViewIfNeeded();
  t.ok(await page.locator('.sub-dialog button[type="submit"]').isVisible(), 'Create is reachable');
  await shot(page, 'subscription-dialog-390-en-end');

  t.same(errors, [], 'no page errors');
});
