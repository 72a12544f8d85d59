import { mkdirSync } from 'node:fs';
import t, { type Test } from 'tap';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/browser.js';
import { NOVEMBER, novemberReportDesk, openReportPage, overflowOf, PHONE, shot, SHOTS } from './report-desk.js';

/**
 * The Engineers, Clients and Client pack tabs of the Reports page in a real browser: November of one client
 * (round-the-clock calendar, one reaction breached), each drawn from its report document — tables, totals and
 * charts — on a desktop in Russian and a phone in English; the pack waits for an agreement and says so.
 */

const ADMIN = 'admin@report-docs.test';
const MANAGER = 'manager@report-docs.test';

const startDesk = (t: Test) =>
  novemberReportDesk(t, {
    admin: ADMIN,
    manager: MANAGER,
    timeline: [
      ['2026-11-02T10:00', 'Не проводится реализация', 'P2'],
      ['2026-11-02T10:30', 'Не проводится реализация', 'reply'],
      ['2026-11-02T12:00', 'Не проводится реализация', 'resolve'],
      ['2026-11-03T10:00', 'Упал обмен с банком', 'P1'],
      ['2026-11-03T11:30', 'Упал обмен с банком', 'reply'],
      ['2026-11-03T13:00', 'Упал обмен с банком', 'resolve'],
    ],
  });

const openDesk = (browser: Browser, url: string, email: string, phone: boolean, errors: string[]) =>
  openReportPage(browser, url, email, phone ? 'en-GB' : 'ru-RU', phone, errors);

const chartDrawn = (page: Page) => page.waitForSelector('.report-chart svg path', { state: 'attached' });
const rowOf = (page: Page, text: string) => page.locator('.report-document-table tbody tr', { hasText: text }).first();

t.test('the engineers, clients and client pack tabs show their documents on a desktop and a phone', async (t) => {
  mkdirSync(SHOTS, { recursive: true });
  const desk = await startDesk(t);
  const { url, org, agreement } = desk;
  const browser = await launchChromium(t);
  const errors: string[] = [];

  // The desktop, in Russian: the engineers of November.
  let page = await openDesk(browser, url, ADMIN, false, errors);
  await page.goto(`${url}/reports?report=sla&${NOVEMBER}`);
  await page.waitForSelector('.report-tabs');
  await page.click('.report-tabs a[href*="report=agents"]');
  await page.waitForSelector('.report-document-table');
  t.equal(await page.locator('.report-tabs a[aria-current="page"]').innerText(), 'Инженеры');
  t.equal(await page.locator('.report-filters select[name="groupBy"]').count(), 0, 'engineers are not grouped');
  const maria = rowOf(page, 'Мария Петрова');
  t.equal(await maria.locator('[data-figure="ticketsHandled"]').innerText(), '2', 'two tickets handled');
  t.equal(await maria.locator('[data-figure="resolutions"]').innerText(), '2');
  t.equal(await maria.locator('[data-figure="reopenRate"]').innerText(), '0\u00a0%', 'percent from a fraction');
  t.ok(await page.locator('.report-document-table tfoot tr').count(), 'a totals row');
  await chartDrawn(page);
  t.match(
    await page.locator('.report-downloads a', { hasText: 'CSV' }).getAttribute('href'),
    /^\/api\/v1\/reports\/agents\.csv\?from=2026-11-01&to=2026-11-30&language=ru$/,
    'the download asks for the same report',
  );
  await shot(page, 'agents-1440-ru');
  t.equal(await overflowOf(page), 0, 'the engineers fit 1440 px');

  // Clients: the client's row with its SLA compliance and a chart.
  await page.click('.report-tabs a[href*="report=clients"]');
  await page.waitForSelector('.report-document-table');
  const client = rowOf(page, 'ООО «Ромашка»');
  t.equal(await client.locator('[data-figure="created"]').innerText(), '2');
  t.equal(await client.locator('[data-figure="reactionCompliance"]').innerText(), '50\u00a0%', '1 of 2 in time');
  await chartDrawn(page);
  await shot(page, 'clients-1440-ru');
  t.equal(await overflowOf(page), 0, 'the clients fit 1440 px');

  // The pack waits for an agreement, then shows the agreement's month.
  await page.click('.report-tabs a[href*="report=client-pack"]');
  await page.waitForSelector('.report-choose');
  t.match(await page.locator('.report-choose').innerText(), /выберите договор/i);
  t.equal(await page.locator('.report-downloads a').count(), 0, 'nothing to download before an agreement');
  await shot(page, 'client-pack-choose-1440-ru');
  await page.waitForSelector(`.report-filters select[name="agreementId"] option[value="${agreement.id}"]`, {
    state: 'attached',
  });
  await page.selectOption('.report-filters select[name="agreementId"]', String(agreement.id));
  await page.waitForSelector('.report-document-head');
  t.match(await page.locator('.report-subtitle').innerText(), /ООО «Ромашка», договор 2026-SLA-7/);
  t.ok((await page.locator('.report-section').count()) >= 4, 'the pack’s sections');
  t.ok(await rowOf(page, 'Упал обмен с банком').count(), 'the tickets of the period');
  await chartDrawn(page);
  t.match(
    await page.locator('.report-downloads a', { hasText: 'PDF' }).getAttribute('href'),
    new RegExp(`^/api/v1/reports/client-pack\\.pdf\\?from=2026-11-01&to=2026-11-30&agreementId=${agreement.id}`),
  );
  await shot(page, 'client-pack-1440-ru');
  t.equal(await overflowOf(page), 0, 'the pack fits 1440 px');

  // An empty period says what to do.
  await page.goto(`${url}/reports?report=agents&from=2026-10-01&to=2026-10-31`);
  await page.waitForSelector('.report-empty');
  t.match(await page.locator('.report-empty').innerText(), /Выберите другой период/);
  await shot(page, 'agents-empty-1440-ru');

  // The phone, in English: the three tabs fit 390 px; wide tables scroll in their own box.
  page = await openDesk(browser, url, MANAGER, true, errors);
  const reports: Array<[string, string, string]> = [
    ['agents', NOVEMBER, 'Мария Петрова'],
    ['clients', `${NOVEMBER}&organizationId=${org.id}`, 'ООО «Ромашка»'],
    ['client-pack', `${NOVEMBER}&organizationId=${org.id}&agreementId=${agreement.id}`, 'Упал обмен с банком'],
  ];
  for (const [name, query, row] of reports) {
    await page.goto(`${url}/reports?report=${name}&${query}`);
    await page.waitForSelector('.report-document-table');
    t.ok(await rowOf(page, row).count(), `${name}: the row of ${row}`);
    await chartDrawn(page);
    const chart = await page.locator('.report-chart').first().boundingBox();
    t.ok(chart && chart.x >= 0 && chart.x + chart.width <= PHONE.width, `${name}: the chart fits the phone`);
    await shot(page, `${name}-390-en`);
    await page
      .locator('.report-document-table')
      .first()
      .evaluate((e) => e.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: `${SHOTS}/${name}-table-390-en.png` });
    t.equal(await overflowOf(page), 0, `${name} fits 390 px`);
  }
  t.equal(await page.locator('.report-tabs a[aria-current="page"]').innerText(), 'Client pack');

  t.same(errors, [], 'no page errors');
});
