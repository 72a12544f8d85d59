import t from 'tap';
import type { Installation } from '../../server/installation.js';
import { fitsScreen, launchChromium, openDeskPage, signIn, startUiDesk, VIEWPORTS } from '../helpers/browser.js';
import { dayFromToday, uiAgent, uiContractDesk } from '../helpers/ui-desk.js';
import { createAgreement } from '../../server/modules/agreements/agreements.service.js';
import { createTeam } from '../../server/modules/teams/index.js';
import { createTicket } from '../../server/modules/tickets/tickets.service.js';

const SHOTS = process.env.SHOTS_DIR ?? '/tmp';

async function seed(inst: Installation) {
  const admin = await uiAgent(inst, 'admin', 'admin@lines.test', 'Анна Админова', 'ru');
  const egor = await uiAgent(inst, 'engineer', 'egor@lines.test', 'Egor Engineer', 'en');
  const kate = await uiAgent(inst, 'engineer', 'kate@lines.test', 'Kate Second', 'en');
  const books = await uiAgent(inst, 'accountant', 'books@lines.test', 'Bella Books', 'en');
  const ctx = inst.ctx(admin.actor);
  const desk = await uiContractDesk(inst, admin.actor, { agreement: true });
  const l1 = await createTeam(ctx, { name: 'Сервис-деск', memberIds: [egor.id] });
  const l2 = await createTeam(ctx, { name: 'Вторая линия', memberIds: [kate.id] });
  const dev = await createTeam(ctx, { name: 'Разработка', memberIds: [] });
  // The product the client bought: under warranty for twelve months from a delivery four months ago.
  const warranty = await createAgreement(ctx, {
    organizationId: desk.org.id,
    number: 'Г-2026-003',
    title: 'Гарантия на 1С:Документооборот',
    calendarId: desk.calendar.id,
    start: dayFromToday(-120),
    end: dayFromToday(300),
    tier: '8x5',
    kind: 'warranty',
    serviceIds: [],
    productServiceId: desk.network.id,
    productVersion: '3.0',
    warrantyStart: dayFromToday(-120),
    warrantyMonths: 12,
  });
  const ticket = await createTicket(ctx, {
    subject: 'VPN drops every hour',
    description: 'Since the update to 3.0 the tunnel drops every hour',
    organizationId: desk.org.id,
    type: 'incident',
    priority: 'P2',
    serviceId: desk.network.id,
    teamId: l1.id,
    assigneeId: egor.id,
  });
  return { admin, egor, books, l1, l2, dev, warranty, ticket };
}

t.test(
  'support lines: set up by an admin, a ticket escalated with a note and returned, the warranty said',
  async (t) => {
    const browser = await launchChromium(t);
    const { url, ticket, warranty, admin, egor } = await startUiDesk(t, { seed });
    const errors: string[] = [];
    const ignore = /401|422|Failed to load resource/;

    // An admin on a desktop, in Russian: the empty lines page says what to do, then three lines are set up.
    {
      const { page, context } = await openDeskPage(browser, 'ru-RU', VIEWPORTS.wide, errors, ignore);
      await signIn(page, url, 'admin@lines.test');
      await page.click('.sidebar a[href="/support-lines"]');
      await page.waitForSelector('.support-lines-page h1');
      t.equal(await page.locator('.support-lines-page h1').innerText(), 'Линии поддержки');
      t.match(await page.locator('.support-lines-page .empty').innerText(), 'Добавьте первую линию');
      for (const [i, name, team, kind] of [
        [0, 'L1', 'Сервис-деск', 'support'],
        [1, 'L2', 'Вторая линия', 'support'],
        [2, 'Разработка', 'Разработка', 'development'],
      ] as const) {
        await page.click('button.add-line');
        await page.fill(`input[name="line-${i}-name"]`, name);
        await page.selectOption(`select[name="line-${i}-team"]`, { label: team });
        await page.selectOption(`select[name="line-${i}-kind"]`, kind);
      }
      await page.click('.support-lines-form button[type="submit"]');
      await page.locator('.support-lines-form [role="status"]', { hasText: 'Сохранено' }).waitFor();
      t.equal(await page.locator('.line-row').count(), 3);
      await page.screenshot({ path: `${SHOTS}/support-lines-ru-1440.png`, fullPage: true });

      // The warranty agreement shows its product, version and period on its form.
      await page.goto(`${url}/agreements/${warranty.id}`);
      const fields = page.locator('.warranty-fields');
      await fields.waitFor();
      t.equal(await fields.locator('select[name="productServiceId"] option:checked').innerText(), 'Сеть и VPN');
      t.equal(await fields.locator('input[name="productVersion"]').inputValue(), '3.0');
      t.equal(await fields.locator('input[name="warrantyMonths"]').inputValue(), '12');
      await fields.screenshot({ path: `${SHOTS}/warranty-fields-ru-1440.png` });
      await context.close();
    }

    // An engineer reads the lines on a phone, in English.
    {
      const { page, context } = await openDeskPage(browser, 'en-GB', VIEWPORTS.phone, errors, ignore);
      await signIn(page, url, 'kate@lines.test');
      await page.goto(`${url}/support-lines`);
      await page.waitForSelector('.support-lines-page table');
      t.same(
        await page
          .locator('.support-lines-page tbody tr')
          .evaluateAll((rows) =>
            rows.map((r) => [...r.querySelectorAll('td')].map((c) => (c as HTMLElement).innerText)),
          ),
        [
          ['L1', 'L1', 'Сервис-деск', 'Support'],
          ['L2', 'L2', 'Вторая линия', 'Support'],
          ['L3', 'Разработка', 'Разработка', 'Development'],
        ],
      );
      t.equal(await page.locator('.support-lines-form').count(), 0, 'engineers read, admins edit');
      t.ok(await fitsScreen(page), 'the lines fit a phone');
      await page.screenshot({ path: `${SHOTS}/support-lines-en-390.png`, fullPage: true });
      await context.close();
    }

    // The first-line engineer on a phone, in English: the ticket says it is under warranty, and goes up to L2.
    {
      const { page, context } = await openDeskPage(browser, 'en-GB', VIEWPORTS.phone, errors, ignore);
      await signIn(page, url, 'egor@lines.test');
      await page.goto(`${url}/tickets/${ticket.id}`);
      await page.click('.details-toggle');
      const panel = page.locator('.support-line-panel');
      await panel.locator('.line-badge', { hasText: 'On L1' }).waitFor();
      t.match(
        await panel.locator('.agreement-reason').innerText(),
        /^Under warranty until .+: the warranty agreement applies\.$/,
      );
      t.match(await panel.innerText(), /Г-2026-003/);
      t.match(await panel.innerText(), /Product: Сеть и VPN, version 3\.0/);
      await panel.locator('button.escalate', { hasText: 'Escalate to L2' }).click();
      const dialog = page.locator('[role="dialog"]');
      await dialog.locator('button[type="submit"]').click();
      t.equal(
        await dialog.locator('#handoff-note-help').innerText(),
        'Write a handoff note of at least 3 characters.',
        'no move without a note',
      );
      await dialog.locator('textarea[name="handoff-note"]').fill('Tunnel logs attached; MTU looks wrong after 3.0');
      await dialog.locator('button[type="submit"]').click();
      await panel.locator('.line-badge', { hasText: 'On L2' }).waitFor();
      await dialog.waitFor({ state: 'detached' });
      t.match(await panel.locator('.handoff-note').first().innerText(), 'MTU looks wrong');
      t.ok(await fitsScreen(page), 'the ticket fits a phone');
      await panel.screenshot({ path: `${SHOTS}/support-line-panel-en-390.png` });
      await page.click('.drawer-close');
      await page.locator('#ticket-side').waitFor({ state: 'hidden' });
      await page.locator('.timeline .event', { hasText: 'escalated the ticket: L1 → L2' }).waitFor();
      await page.screenshot({ path: `${SHOTS}/ticket-escalated-en-390.png`, fullPage: true });
      await context.close();
    }

    // Back on the desktop in Russian, the admin returns the ticket to the first line.
    {
      const { page, context } = await openDeskPage(browser, 'ru-RU', VIEWPORTS.wide, errors, ignore);
      await signIn(page, url, 'admin@lines.test');
      await page.goto(`${url}/tickets/${ticket.id}`);
      const panel = page.locator('.support-line-panel');
      await panel.locator('.line-badge', { hasText: 'На линии L2' }).waitFor();
      t.match(
        await panel.locator('.agreement-reason').innerText(),
        /^Действует гарантия до .+: заявка идёт по гарантийному договору\.$/,
      );
      await panel.locator('button.de-escalate', { hasText: 'Вернуть на L1' }).click();
      await page.locator('[role="dialog"] textarea').fill('Исправлено в 3.0.1, сообщите клиенту');
      await page.locator('[role="dialog"] button[type="submit"]').click();
      await panel.locator('.line-badge', { hasText: 'На линии L1' }).waitFor();
      await page.locator('.timeline .event', { hasText: 'вернул(а) заявку: L2 → L1' }).waitFor();
      t.equal(
        await page.locator('select[name="assigneeId"] option:checked').innerText(),
        egor.name,
        'back with the engineer who escalated it',
      );
      await page.screenshot({ path: `${SHOTS}/ticket-returned-ru-1440.png` });
      t.ok(await fitsScreen(page));
      // The pay report in Russian: an empty month says where schedules are made.
      await page.goto(`${url}/duty-pay?month=2020-01`);
      await page
        .locator('.duty-pay-page .empty', { hasText: 'В этом месяце никто не дежурил и не вызывался.' })
        .waitFor();
      t.equal(await page.locator('.duty-pay-page h1').innerText(), 'Оплата дежурств');
      await page.screenshot({ path: `${SHOTS}/duty-pay-ru-1440.png` });
      await context.close();
    }

    // The books: an empty month says what to do; a month with duty shows hours, in English and on a phone.
    {
      const month = dayFromToday(-40).slice(0, 7);
      const res = await fetch(`${url}/api/v1/duty-schedules`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          teamId: (
            await (await fetch(`${url}/api/v1/teams`, { headers: { authorization: `Bearer ${admin.token}` } })).json()
          ).items[0].id,
          timezone: 'Europe/Moscow',
          layers: [{ members: [egor.id], shiftMinutes: 1440, handoff: '09:00', startsOn: `${month}-01` }],
        }),
      });
      t.equal(res.status, 201, 'a duty schedule for the month');
      for (const viewport of [VIEWPORTS.phone, VIEWPORTS.wide]) {
        const { page, context } = await openDeskPage(browser, 'en-GB', viewport, errors, ignore);
        await signIn(page, url, 'books@lines.test');
        await page.click('.sidebar a[href="/duty-pay"]').catch(async () => {
          await page.goto(`${url}/duty-pay`);
        });
        await page.goto(`${url}/duty-pay?month=2020-01`);
        await page
          .locator('.duty-pay-page .empty', { hasText: 'Nobody was on call or paged in this month.' })
          .waitFor();
        t.match(await page.locator('.duty-pay-page .empty').innerText(), /Go to Duty/);
        await page.fill('input[name="month"]', month);
        await page.locator('.duty-pay-table tbody tr', { hasText: egor.name }).waitFor();
        const cells = await page.locator('.duty-pay-table tbody tr').first().locator('td').allInnerTexts();
        t.equal(cells[0], egor.name);
        t.ok(Number(cells[2]!.replace(/,/g, '')) >= 28 * 24, `a month of duty in hours: ${cells[2]}`);
        t.ok(Number(cells[3]!.replace(/,/g, '')) >= 28 * 8, `night hours: ${cells[3]}`);
        t.ok(await fitsScreen(page), `fits ${viewport.width}`);
        await page.screenshot({ path: `${SHOTS}/duty-pay-en-${viewport.width}.png`, fullPage: true });
        await context.close();
      }
    }
    t.same(errors, [], 'no page errors');
  },
);
