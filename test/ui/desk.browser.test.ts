import type { Response } from 'playwright-core';
import t, { type Test } from 'tap';
import { seedDemoIfEmpty, DEMO_LOGIN } from '../../server/demo/seed.js';
import { launchChromium, openPage, startUiDesk } from '../helpers/browser.js';

async function startDesk(t: Test) {
  const { url } = await startUiDesk(t, {
    seed: async (inst) => {
      await seedDemoIfEmpty(inst, { tickets: 20 });
      return {};
    },
  });
  return url;
}

async function launch(t: Test) {
  const browser = await launchChromium(t);
  return openPage(browser, {
    locale: 'ru-RU',
    viewport: { width: 1400, height: 900 },
    ignoreConsole: /401|Failed to load resource/,
  });
}

t.test('an engineer signs in, works the queue, creates a ticket, replies and finds it', async (t) => {
  const url = await startDesk(t);
  const { page, errors } = await launch(t);

  let firstLoadBytes = 0;
  const counting = (res: Response) =>
    res.body().then(
      (b) => (firstLoadBytes += b.length),
      () => {},
    );
  page.on('response', counting);
  await page.goto(`${url}/`);
  await page.waitForSelector('input[name="email"]');
  page.off('response', counting);
  t.ok(firstLoadBytes > 0 && firstLoadBytes < 150 * 1024, `first load transfers ${firstLoadBytes} bytes (< 150 KB)`);

  await page.fill('input[name="email"]', DEMO_LOGIN.email);
  await page.fill('input[name="password"]', DEMO_LOGIN.password);
  await page.click('button[type="submit"]');
  await page.waitForSelector('table.grid tbody tr');
  t.equal(
    await page.locator('.sidebar a.active').first().innerText(),
    'Активные',
    'Russian by default for a Russian browser (the view, not the status «В работе»)',
  );
  const rows = await page.locator('table.grid tbody tr').count();
  t.ok(rows > 5, `queue shows ${rows} active tickets`);

  // filters live in the URL
  await page.selectOption('select[name="priority"]', 'P1');
  await page.waitForURL(/priority=P1/);
  await page.waitForFunction(() =>
    [...document.querySelectorAll('table.grid tbody tr .prio')].every((e) => e.textContent === 'P1'),
  );
  // keyboard: j moves the selection, Enter opens
  await page.keyboard.press('j');
  await page.keyboard.press('k');
  await page.keyboard.press('Enter');
  await page.waitForSelector('.ticket-head');
  t.match(page.url(), /\/tickets\/\d+$/, 'Enter opens the selected ticket');
  await page.goto(`${url}/tickets?status=active`);
  await page.waitForSelector('table.grid tbody tr');
  await page.screenshot({ path: '/tmp/ondesk-queue.png' });

  // create a ticket through the form
  await page.keyboard.press('c');
  await page.waitForSelector('form input[name="subject"]');
  await page.fill('input[name="subject"]', 'Сканер штрихкодов не читает этикетки');
  await page.selectOption('select[name="organizationId"]', { index: 1 });
  await page.waitForFunction(() => document.querySelectorAll('select[name="contactId"] option').length > 1);
  await page.selectOption('select[name="contactId"]', { index: 1 });
  await page.selectOption('select[name="priority"]', 'P2');
  await page.fill('textarea[name="description"]', 'На складе №3 сканер Zebra перестал читать новые этикетки.');
  await page.click('button[type="submit"].primary');
  await page.waitForSelector('.ticket-head h1');
  t.equal(await page.locator('.ticket-head h1').innerText(), 'Сканер штрихкодов не читает этикетки');

  // reply publicly, then add an internal note
  await page.fill('textarea[name="body"]', 'Пришлите, пожалуйста, фото этикетки.');
  await page.click('.composer button[type="submit"]');
  await page.waitForSelector('.comment.public');
  t.match(await page.locator('.comment.public .comment-body').innerText(), /фото этикетки/);
  await page.click('.tabs button:nth-child(2)');
  await page.fill('textarea[name="body"]', 'Проверить прошивку сканера');
  await page.click('.composer button[type="submit"]');
  await page.waitForSelector('.comment.internal');
  await page.selectOption('select[name="status"]', 'waiting_for_client');
  await page.waitForSelector('.ticket-meta .status-waiting_for_client');
  t.ok((await page.locator('.event').count()) >= 2, 'changes appear in the timeline');
  await page.screenshot({ path: '/tmp/ondesk-ticket.png' });

  // global search finds it: "этикетк" stem finds "этикетки"
  await page.keyboard.press('Escape');
  await page.locator('body').click({ position: { x: 5, y: 300 } });
  await page.keyboard.press('/');
  await page.keyboard.type('этикетка');
  await page.keyboard.press('Enter');
  await page.waitForSelector('.hit');
  t.match(await page.locator('.hit a').first().innerText(), /Сканер штрихкодов/);
  t.ok((await page.locator('.hit mark').count()) > 0, 'matches highlighted');

  // language switch to English and back
  await page.click('.topbar button.link >> text=English');
  await page.waitForSelector('.sidebar >> text=Active');
  t.equal(await page.locator('html').getAttribute('lang'), 'en');
  await page.click('.topbar button.link >> text=Русский');
  await page.waitForSelector('.sidebar >> text=Активные');

  t.same(errors, [], 'no errors in the browser console');
});
