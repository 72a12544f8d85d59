import { mkdirSync } from 'node:fs';
import t, { type Test } from 'tap';
import type { Browser, Page } from 'playwright-core';
import { fixedClock } from '../../server/shared/clock.js';
import { createAgreement } from '../../server/modules/agreements/agreements.service.js';
import { launchChromium, openPage, signIn, startUiDesk } from '../helpers/browser.js';
import { dayFromToday, uiAgent, uiContractDesk } from '../helpers/ui-desk.js';

/**
 * Measured work in a real browser: an engineer starts a timer on the phone, it survives a reload, the desktop
 * shows it in the top bar and in the queue, stopping it there logs the time and the agreement's hour package
 * moves (20 minutes on the server's clock, rounded up to 30 by the agreement), on the ticket and on the
 * agreement; a manager reads the time report. Russian on the phone, English on the desktop.
 */

const SHOTS = '/tmp/time-shots';
const ENGINEER = 'engineer@time.test';
const MANAGER = 'manager@time.test';
const ADMIN = 'admin@time.test';
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1440, height: 900 };

const TERMS = {
  packagePeriod: 'month',
  carryRule: 'none',
  carryLimitMinutes: 0,
  overage: 'bill',
  overageRateKopecks: null,
  roundQuantumMinutes: 15,
  roundRule: 'up',
  minimumMinutes: 0,
  billableDefault: true,
  thresholds: [50, 80, 100],
};

/**
 * Work dates are days of the agreement's calendar (Moscow). Late in the Moscow evening the clock starts three
 * hours back, so the minutes the test adds stay on today's date and in this month's package period, and the
 * report's default month (the browser's) holds them.
 */
function testStart() {
  const now = Date.now();
  const moscowHour = new Date(now + 3 * 3_600_000).getUTCHours();
  return new Date(moscowHour >= 22 ? now - 3 * 3_600_000 : now);
}

async function startDesk(t: Test) {
  // The server's clock stands still unless the test moves it: the timer runs exactly as long as the test says.
  const clock = fixedClock(testStart());
  const desk = await startUiDesk(t, {
    clock,
    seed: async (inst) => {
      await uiAgent(inst, 'admin', ADMIN, 'Анна Админова');
      const manager = await uiAgent(inst, 'manager', MANAGER, 'Мария Петрова', 'en');
      const engineer = await uiAgent(inst, 'engineer', ENGINEER, 'Иван Инженеров');
      const contract = await uiContractDesk(inst, manager.actor);
      const agreement = await createAgreement(inst.ctx(manager.actor), {
        organizationId: contract.org.id,
        number: '2026-077',
        title: 'Предоплаченные часы',
        kind: 'prepaid_hours',
        hoursPackage: 10,
        calendarId: contract.calendar.id,
        start: dayFromToday(-30),
        end: dayFromToday(300),
        tier: '24x7',
        serviceIds: [contract.support.id],
        managerId: manager.id,
        recipientContactIds: [contract.contact.id],
      });
      return { manager, engineer, contract, agreement };
    },
  });
  const api = async (token: string, method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown) => {
    const res = await desk.app.inject({
      method,
      url: `/api/v1${path}`,
      headers: { authorization: `Bearer ${token}` },
      ...(body !== undefined && { payload: body as object }),
    });
    if (res.statusCode >= 400) throw new Error(`${method} ${path}: ${res.statusCode} ${res.body}`);
    return res.json();
  };
  await api(desk.manager.token, 'PUT', `/agreements/${desk.agreement.id}/time-terms`, TERMS);
  const newTicket = (subject: string) =>
    api(desk.engineer.token, 'POST', '/tickets', {
      subject,
      description: 'Не проводится документ реализации',
      organizationId: desk.contract.org.id,
      contactId: desk.contract.contact.id,
      serviceId: desk.contract.support.id,
      type: 'request',
      priority: 'P3',
    });
  const ticket = await newTicket('Ошибка при проведении реализации');
  const other = await newTicket('Настроить обмен с банком');
  return { ...desk, clock, api, ticket, other };
}

/**
 * A screenshot into SHOTS: of an element, or of the window with the element scrolled to its top (`scroll`; the
 * phone's page scrolls inside the shell, where an element's own screenshot would be cut by the top bar).
 */
async function shot(page: Page, name: string, selector?: string, scroll = false) {
  const path = `${SHOTS}/${name}.png`;
  if (selector && scroll) {
    await page
      .locator(selector)
      .first()
      .evaluate((e) => e.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path });
  } else if (selector) await page.locator(selector).first().screenshot({ path });
  else await page.screenshot({ path, fullPage: true });
}

/** How far the page sticks out sideways, in the document or in the shell's scrolling content (0: it fits). */
const overflowOf = (page: Page) =>
  page.evaluate(() => {
    const content = document.querySelector('.content');
    return Math.max(
      document.documentElement.scrollWidth - window.innerWidth,
      content ? content.scrollWidth - content.clientWidth : 0,
    );
  });

const figure = (page: Page, scope: string, name: string) =>
  page.locator(`${scope} .package-balance [data-figure="${name}"]`).first().innerText();

async function openDesk(
  browser: Browser,
  url: string,
  email: string,
  locale: 'ru-RU' | 'en-GB',
  phone: boolean,
  errors: string[],
) {
  const { context, page } = await openPage(browser, {
    locale,
    timezoneId: 'Europe/Moscow',
    viewport: phone ? PHONE : DESKTOP,
    ignoreConsole: /401|Failed to load resource/,
    errors,
    label: `${email} ${phone ? 'phone' : 'desktop'}`,
  });
  // The same agent works in Russian on one device and in English on another: each browser keeps its choice,
  // which comes before the agent's own language.
  await page.goto(`${url}/`);
  await page.evaluate((lang) => localStorage.setItem('ondesk.lang', lang), locale.slice(0, 2));
  await signIn(page, url, email);
  return { context, page };
}

t.test('a timer started on the phone is stopped on the desktop and the hour package moves', async (t) => {
  mkdirSync(SHOTS, { recursive: true });
  const desk = await startDesk(t);
  const { url, ticket, other, agreement } = desk;
  t.equal(ticket.agreementId ?? agreement.id, agreement.id, 'the ticket is on the prepaid agreement');
  const browser = await launchChromium(t);
  const errors: string[] = [];

  // The phone, in Russian: the ticket shows the full package; the timer starts and survives a reload.
  const phone = await openDesk(browser, url, ENGINEER, 'ru-RU', true, errors);
  let page = phone.page;
  await page.goto(`${url}/tickets/${ticket.id}`);
  await page.waitForSelector('.time-panel .package-balance');
  t.equal(await page.locator('.time-panel h2').innerText(), 'Трудозатраты');
  t.equal(await figure(page, '.time-panel', 'balance'), '10 ч 0 мин', 'the whole package is left');
  t.match(
    await page.locator('.time-panel .time-empty').innerText(),
    /Запустите таймер/,
    'the empty state says what to do',
  );
  await page.click('.time-panel button:has-text("Запустить таймер")');
  await page.waitForSelector('.topbar .timer-chip');
  t.equal(await page.locator('.topbar .timer-chip a').innerText(), `#${ticket.number}`, 'the top bar names the ticket');
  t.ok(await page.locator('.topbar .timer-chip').isVisible(), 'the top bar timer is visible at 390 px');
  const box = await page.locator('.topbar .timer-chip').boundingBox();
  t.ok(box && box.x >= 0 && box.x + box.width <= PHONE.width, 'and fits the phone width');
  await shot(page, 'ticket-timer-390-ru');
  await page.reload();
  await page.waitForSelector('.topbar .timer-chip');
  t.equal(await page.locator('.topbar .timer-chip a').innerText(), `#${ticket.number}`, 'the timer survives a reload');
  await page.waitForSelector('.time-panel .timer-button.running');
  t.match(await page.locator('.time-panel .timer-button.running').innerText(), /Остановить таймер/);
  await page.goto(`${url}/tickets?status=active`);
  await page.waitForSelector('table.grid tbody tr .queue-timer');
  t.equal(await page.locator('table.grid tbody tr:has(.queue-timer)').count(), 1, 'one queue row is marked');
  t.match(
    await page.locator('table.grid tbody tr:has(.queue-timer) .col-subject').innerText(),
    /Ошибка при проведении/,
  );
  await shot(page, 'queue-timer-390-ru');
  t.equal(await overflowOf(page), 0, 'the queue fits 390 px');

  // Twenty minutes pass on the server.
  desk.clock.advance(20 * 60_000);

  // The desktop, in English: the running timer in the top bar and in the queue; Stop there logs the time.
  const desktop = await openDesk(browser, url, ENGINEER, 'en-GB', false, errors);
  page = desktop.page;
  await page.goto(`${url}/tickets?status=active`);
  await page.waitForSelector('.topbar .timer-chip .timer-elapsed');
  t.match(
    await page.locator('.topbar .timer-chip .timer-elapsed').innerText(),
    /^0:2\d:\d\d$/,
    'elapsed from the server',
  );
  t.match(await page.locator('table.grid tbody tr .queue-timer').innerText(), /0:2\d:\d\d/);
  await shot(page, 'queue-timer-1440-en');
  await page.click(`table.grid tbody tr:has(.queue-timer) .col-subject a`);
  await page.waitForSelector('.time-panel .package-balance');
  t.equal(await figure(page, '.time-panel', 'balance'), '10 h 0 min', 'nothing used while the timer runs');
  await page.click('.topbar .timer-stop');
  await page.waitForSelector('.stop-form');
  await page.selectOption('.stop-form select[name="activityId"]', { label: 'Diagnostics' });
  await page.fill('.stop-form textarea[name="comment"]', 'Found the broken posting rule');
  t.ok(await page.locator('.stop-form input[name="billable"]').isChecked(), 'billable as the agreement says');
  await page.click('.stop-form button[type="submit"]');
  await page.waitForSelector('.stop-form', { state: 'detached' });
  t.equal(await page.locator('.topbar .timer-chip').count(), 0, 'the top bar timer is gone');
  await page.waitForFunction(
    () => document.querySelector('.time-panel [data-figure="balance"]')?.textContent === '9 h 30 min',
  );
  t.pass('the balance moves at once: 10 h 0 min → 9 h 30 min (20 minutes rounded up to 30)');
  const row = page.locator('.time-panel .worklog').first();
  t.match(
    await row.innerText(),
    /20 min → 30 min[\s\S]*Иван Инженеров[\s\S]*Diagnostics[\s\S]*Found the broken posting rule/,
  );
  t.equal(await page.locator('.time-panel .worklog-amount').count(), 0, 'an engineer sees no money');
  await shot(page, 'ticket-panel-1440-en', '.time-panel');

  // Time logged by hand ("1:30") uses the package at once; deleting it gives the time back.
  await page.click('.time-panel button:has-text("Log time")');
  await page.waitForSelector('.worklog-form');
  t.ok(await page.locator('.worklog-form input[name="billable"]').isChecked(), 'billable by default here');
  await page.fill('.worklog-form input[name="duration"]', 'an hour');
  await page.click('.worklog-form button[type="submit"]');
  await page.waitForSelector('.worklog-form .field-error');
  t.match(
    await page.locator('.worklog-form .field-error').innerText(),
    /Type the time spent/,
    'a wrong duration is explained',
  );
  await page.fill('.worklog-form input[name="duration"]', '1:30');
  t.equal(await page.locator('.worklog-form .hint').first().innerText(), '1 h 30 min', 'the duration is read back');
  await page.selectOption('.worklog-form select[name="activityId"]', { label: 'Configuration' });
  await page.fill('.worklog-form textarea[name="comment"]', 'Set up the posting rule');
  await shot(page, 'log-dialog-1440-en', '.dialog');
  await page.click('.worklog-form button[type="submit"]');
  await page.waitForSelector('.worklog-form', { state: 'detached' });
  await page.waitForFunction(
    () => document.querySelector('.time-panel [data-figure="balance"]')?.textContent === '8 h 0 min',
  );
  t.pass('1 h 30 min more used: 8 h 0 min left');
  await page
    .locator('.time-panel .worklog', { hasText: 'Set up the posting rule' })
    .locator('button:has-text("Delete")')
    .click();
  await page.waitForSelector('.confirm-form');
  await page.click('.confirm-form button:has-text("Delete")');
  await page.waitForFunction(
    () => document.querySelector('.time-panel [data-figure="balance"]')?.textContent === '9 h 30 min',
  );
  t.equal(await page.locator('.time-panel .worklog').count(), 1, 'the deleted entry is gone and its time is back');
  await page.locator('.time-panel .worklog').first().locator('button:has-text("History")').click();
  await page.waitForSelector('.history-list li');
  t.match(await page.locator('.history-list').innerText(), /Иван Инженеров logged it/, "the entry's history");
  await shot(page, 'worklog-history-1440-en', '.dialog');
  await page.click('.worklog-history button:has-text("Close")');

  // The agreement's package: the balance, the consumption in the ledger, the terms read-only for an engineer.
  await page.goto(`${url}/agreements/${agreement.id}`);
  await page.waitForSelector('.agreement-package .package-balance');
  t.equal(await page.locator('.agreement-package h2').innerText(), 'Hour package');
  t.equal(await figure(page, '.agreement-package', 'balance'), '9 h 30 min');
  t.equal(await figure(page, '.agreement-package', 'used'), '30 min');
  t.match(
    await page.locator('.package-ledger tr[data-kind="consume"]', { hasText: '−30 min' }).innerText(),
    new RegExp(`#${ticket.number}[\\s\\S]*Иван Инженеров`),
    'the ledger shows the 30 minutes used, on which ticket and by whom',
  );
  t.ok(await page.locator('.time-terms select[name="roundRule"]').isDisabled(), 'an engineer may not change the terms');
  await shot(page, 'agreement-package-1440-en', '.agreement-package');

  // Starting on another ticket while one runs asks first, then moves the timer: the 5 minutes of the first one
  // are logged (15 billed), the second one's time is thrown away.
  await page.goto(`${url}/tickets/${ticket.id}`);
  await page.click('.time-panel button:has-text("Start timer")');
  await page.waitForSelector('.topbar .timer-chip');
  desk.clock.advance(5 * 60_000);
  await page.goto(`${url}/tickets/${other.id}`);
  await page.click('.time-panel button:has-text("Start timer")');
  await page.waitForSelector('.confirm-form');
  t.match(await page.locator('.confirm-form').innerText(), new RegExp(`Stop the timer on #${ticket.number}`));
  await page.click('.confirm-form button:has-text("Stop it and start here")');
  await page.waitForFunction(
    (n) => document.querySelector('.topbar .timer-chip a')?.textContent === `#${n}`,
    other.number,
  );
  t.pass('the timer runs on the other ticket now');
  await page.click('.time-panel .timer-button.running');
  await page.click('.stop-form button:has-text("Discard the time")');
  await page.waitForSelector('.topbar .timer-chip', { state: 'detached' });

  // The phone again (Russian): the ticket's panel after the stop, and the agreement's package.
  page = phone.page;
  await page.goto(`${url}/tickets/${ticket.id}`);
  await page.waitForSelector('.time-panel .worklog');
  t.equal(await figure(page, '.time-panel', 'balance'), '9 ч 15 мин', '30 and 15 minutes used');
  t.equal(await page.locator('.time-panel .worklog').count(), 2);
  t.equal(await page.locator('.topbar .timer-chip').count(), 0, 'no timer on the phone either');
  await shot(page, 'ticket-panel-390-ru', '.time-panel', true);
  t.equal(await overflowOf(page), 0, 'the ticket page fits 390 px');
  await page.click('.time-panel button:has-text("Записать время")');
  await page.waitForSelector('.worklog-form');
  await shot(page, 'log-dialog-390-ru');
  await page.click('.worklog-form button:has-text("Отмена")');
  await page.goto(`${url}/agreements/${agreement.id}`);
  await page.waitForSelector('.agreement-package .package-balance');
  t.equal(await page.locator('.agreement-package h2').innerText(), 'Пакет часов');
  const wide = await page.evaluate(() =>
    [...document.querySelectorAll('.agreement-package *')]
      // Wide tables scroll sideways in their own box (.table-scroll); nothing else may stick out.
      .filter((e) => !e.closest('.table-scroll') && e.getBoundingClientRect().right > window.innerWidth + 1)
      .slice(0, 5)
      .map((e) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`),
  );
  t.same(wide, [], 'nothing of the package section is wider than the phone');
  t.equal(await overflowOf(page), 0, 'the agreement page fits 390 px');
  await shot(page, 'agreement-package-390-ru', '.agreement-package', true);
  await shot(page, 'agreement-ledger-390-ru', '.agreement-package .periods-title', true);

  // A manager's time report: by ticket, with the engineer and the comment, money, and the downloads.
  const manager = await openDesk(browser, url, MANAGER, 'en-GB', false, errors);
  page = manager.page;
  await page.click('.sidebar a[href="/time"]');
  await page.waitForSelector('.time-report-table');
  t.equal(await page.locator('.time-report h1').innerText(), 'Time report');
  t.match(
    await page.locator(`.time-report-table tbody[data-ticket="${ticket.number}"]`).innerText(),
    /Ошибка при проведении реализации[\s\S]*Иван Инженеров[\s\S]*Diagnostics[\s\S]*Found the broken posting rule[\s\S]*20 min[\s\S]*30 min/,
  );
  t.match(await page.locator('.report-totals').innerText(), /Total[\s\S]*25 min[\s\S]*45 min/);
  t.match(await page.locator('a:has-text("CSV")').getAttribute('href'), /^\/api\/v1\/reports\/time\?.*format=csv/);
  t.match(await page.locator('a:has-text("Excel")').getAttribute('href'), /format=xlsx/);
  const csv = await page.evaluate(
    async (href) => (await fetch(href!)).text(),
    await page.locator('a:has-text("CSV")').getAttribute('href'),
  );
  t.match(csv, /Found the broken posting rule/, 'the CSV download holds the row');
  await shot(page, 'time-report-1440-en');
  const managerPhone = await openDesk(browser, url, MANAGER, 'ru-RU', true, errors);
  await managerPhone.page.goto(`${url}/time`);
  await managerPhone.page.waitForSelector('.time-report-table');
  t.equal(await managerPhone.page.locator('.time-report h1').innerText(), 'Отчёт по трудозатратам');
  await shot(managerPhone.page, 'time-report-390-ru');
  t.equal(await overflowOf(managerPhone.page), 0, 'the report fits 390 px');
  // A manager sees the money of each entry, and changes the agreement's terms.
  await page.goto(`${url}/tickets/${ticket.id}`);
  await page.waitForSelector('.time-panel .worklog');
  t.equal(await page.locator('.time-panel .worklog-amount').count(), 2, 'amounts for those who may see money');
  await page.goto(`${url}/agreements/${agreement.id}`);
  await page.waitForSelector('.time-terms');
  await page.selectOption('.time-terms select[name="roundRule"]', 'nearest');
  await page.fill('.time-terms input[name="minimumMinutes"]', '10');
  await page.click('.time-terms button[type="submit"]');
  await page.waitForSelector('.agreement-package .saved-note');
  const saved = await desk.api(desk.manager.token, 'GET', `/agreements/${agreement.id}/time-terms`);
  t.match(saved, { roundRule: 'nearest', minimumMinutes: 10, roundQuantumMinutes: 15 }, 'the terms are saved');

  // A package that refuses work past it, used up: billable time is refused with what to do; unbilled time goes in.
  await desk.api(desk.manager.token, 'PUT', `/agreements/${agreement.id}/time-terms`, { ...TERMS, overage: 'refuse' });
  await desk.api(desk.engineer.token, 'POST', '/worklogs', { ticketId: other.id, minutes: 555, billable: true });
  page = desktop.page;
  await page.goto(`${url}/tickets/${ticket.id}`);
  await page.waitForSelector('.time-panel .package-balance.out');
  t.equal(await figure(page, '.time-panel', 'balance'), '0 min', 'the package is used up and shows red');
  await page.click('.time-panel button:has-text("Log time")');
  await page.fill('.worklog-form input[name="duration"]', '15');
  await page.click('.worklog-form button[type="submit"]');
  await page.waitForSelector('.worklog-form .error');
  t.match(await page.locator('.worklog-form').innerText(), /untick “Billable” to log the time anyway/);
  await shot(page, 'package-exhausted-1440-en', '.dialog');
  await page.uncheck('.worklog-form input[name="billable"]');
  await page.click('.worklog-form button[type="submit"]');
  await page.waitForSelector('.worklog-form', { state: 'detached' });
  await page.waitForSelector('.time-panel .worklog .nonbillable');
  t.equal(await figure(page, '.time-panel', 'balance'), '0 min', 'unbilled time leaves the package as it is');
  await shot(page, 'ticket-panel-exhausted-1440-en', '.time-panel');

  // An admin's settings page: activities, the closed period, the billable defaults.
  const admin = await openDesk(browser, url, ADMIN, 'ru-RU', false, errors);
  await admin.page.click('.sidebar a[href="/time-settings"]');
  await admin.page.waitForSelector('.activities-table tbody tr');
  t.ok((await admin.page.locator('.activities-table tbody tr').count()) >= 6, 'the activities are listed');
  await admin.page.fill('.new-activity input[name="nameRu"]', 'Обучение пользователей');
  await admin.page.fill('.new-activity input[name="nameEn"]', 'User training');
  await admin.page.click('.new-activity button[type="submit"]');
  await admin.page.waitForFunction(() =>
    [...document.querySelectorAll<HTMLInputElement>('.activities-table input')].some(
      (i) => i.value === 'Обучение пользователей',
    ),
  );
  // Closing the period up to the day of the work locks its entries: a lock with the reason, no edit or delete.
  const { items } = await desk.api(desk.engineer.token, 'GET', `/worklogs?ticketId=${ticket.id}`);
  await admin.page.fill('input[name="lockedUntil"]', items[0].workDate);
  await admin.page.click('.time-rules button[type="submit"]');
  await admin.page.waitForSelector('.time-rules .saved-note');
  await shot(admin.page, 'time-settings-1440-ru');
  page = desktop.page;
  await page.reload();
  await page.waitForSelector('.time-panel .worklog');
  t.equal(await page.locator('.time-panel .worklog .lock').count(), 3, 'every entry of the closed period is locked');
  t.equal(await page.locator('.time-panel .worklog button:has-text("Edit")').count(), 0, 'and cannot be changed');
  t.match(await page.locator('.time-panel .lock').first().getAttribute('title'), /Locked/);
  await page.click('.time-panel button:has-text("Log time")');
  // The form reads the list of activities when it opens: wait for that read.
  const newActivity = page.locator('.worklog-form select[name="activityId"] option', { hasText: 'User training' });
  await newActivity.waitFor({ state: 'attached', timeout: 10_000 }).catch(() => undefined);
  t.equal(await newActivity.count(), 1, 'the new activity is offered at once');
  await page.click('.worklog-form button:has-text("Cancel")');
  const adminPhone = await openDesk(browser, url, ADMIN, 'ru-RU', true, errors);
  await adminPhone.page.goto(`${url}/time-settings`);
  await adminPhone.page.waitForSelector('.activities-table tbody tr');
  await shot(adminPhone.page, 'time-settings-390-ru');
  t.equal(await overflowOf(adminPhone.page), 0, 'the settings fit 390 px');

  t.same(errors, [], 'no errors in any page');
});
