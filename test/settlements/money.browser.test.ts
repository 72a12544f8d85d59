/** The money pages in Chromium: an accountant imports the bank statement, matches a payment, reads balances, a reconciliation statement, profit and salaries; an engineer sees only their own salary — ru and en, 1440 and 390 px. */
import t from 'tap';
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { fitsScreen, launchChromium, openDeskPage, signIn, startUiDesk, VIEWPORTS } from '../helpers/browser.js';
import { dayFromToday, uiAgent } from '../helpers/ui-desk.js';
import { fixturePath, insertIssuedDocument, insertOurEntity } from './helpers.js';

const ACCOUNTANT = 'buh@money.test';
/** An accountant whose own language is English: the desk opens in the agent's language, not the browser's. */
const ACCOUNTANT_EN = 'accounts@money.test';
const ENGINEER = 'egor@money.test';

const viewports = VIEWPORTS;

const fits = fitsScreen;

const open = (
  browser: Browser,
  locale: 'ru-RU' | 'en-GB',
  viewport: { width: number; height: number },
  errors: string[],
) => openDeskPage(browser, locale, viewport, errors, /401|Failed to load resource/);

t.test('an accountant works through the money pages; an engineer sees only their own pay', async (t) => {
  const browser = await launchChromium(t);
  const desk = await startUiDesk(t, {
    seed: async (inst) => ({
      admin: await uiAgent(inst, 'admin', 'admin@money.test', 'Админ'),
      accountant: await uiAgent(inst, 'accountant', ACCOUNTANT, 'Ирина Бухгалтер'),
      accountantEn: await uiAgent(inst, 'accountant', ACCOUNTANT_EN, 'Irene Accounts', 'en'),
      engineer: await uiAgent(inst, 'engineer', ENGINEER, 'Егор Инженеров', 'en'),
    }),
  });
  const { url, app, inst } = desk;
  const api = async (method: 'GET' | 'POST' | 'PUT', path: string, body?: object) => {
    const res = await app.inject({
      method,
      url: `/api/v1${path}`,
      headers: { authorization: `Bearer ${desk.admin.token}`, 'content-type': 'application/json' },
      ...(body && { payload: JSON.stringify(body) }),
    });
    if (res.statusCode >= 300) throw new Error(`${path}: ${res.body}`);
    return res.json();
  };
  const db = inst.database.db;
  const now = new Date().toISOString();
  const entity = await insertOurEntity(db, now, {
    name: 'ООО «Ондеск Сервис»',
    short_name: 'Ондеск Сервис',
    address: 'г. Москва',
    accountant_name: null,
    accountant_position: null,
  });
  const romashka = await api('POST', '/organizations', { name: 'ООО «Ромашка»', taxId: '5047123455' });
  const vector = await api('POST', '/organizations', { name: 'ООО «Вектор»', taxId: '7810123451' });
  const issue = (
    kind: 'invoice' | 'act',
    organizationId: number,
    number: number,
    date: string,
    netKopecks: number,
    vatKopecks: number,
  ) =>
    insertIssuedDocument(db, {
      kind,
      entityId: entity.id,
      organizationId,
      number,
      date,
      netKopecks,
      vatKopecks,
      createdAt: now,
    });
  await issue('invoice', romashka.id, 15, '2026-12-01', 3_000_000, 660_000);
  await issue('invoice', romashka.id, 16, '2026-12-02', 1_000_000, 220_000);
  await issue('invoice', vector.id, 17, '2026-12-03', 2_000_000, 440_000);
  await issue('act', romashka.id, 8, '2026-11-30', 4_000_000, 880_000);
  // The engineer's evening of work, two days ago, 21:00–01:00 Moscow: three of its four hours at night.
  const workDay = dayFromToday(-2);
  const month = workDay.slice(0, 7);
  await api('POST', `/agents/${desk.engineer.id}/cost-rates`, { rateKopecks: 60_000, validFrom: '2026-01-01' });
  const ticket = await api('POST', '/tickets', {
    subject: 'Не работает 1С',
    description: 'После обновления',
    organizationId: romashka.id,
    type: 'incident',
    priority: 'P2',
  });
  await api('POST', '/worklogs', {
    ticketId: ticket.id,
    agentId: desk.engineer.id,
    startedAt: `${workDay}T18:00:00Z`,
    endedAt: `${workDay}T22:00:00Z`,
    billable: true,
  });
  await issue('act', romashka.id, 9, workDay, 2_000_000, 440_000);
  const errors: string[] = [];

  // Russian, 1440 px: the empty list says what to do; the statement is imported through the file input.
  const ru = (await open(browser, 'ru-RU', viewports.wide, errors)).page;
  await signIn(ru, url, ACCOUNTANT);
  await ru.click('.sidebar a[href="/money"]');
  await ru.waitForSelector('.payments-tab .empty');
  t.equal(await ru.locator('.money-page h1').innerText(), 'Взаиморасчёты');
  t.match(await ru.locator('.payments-tab .empty').innerText(), /Оплат пока нет\. Загрузите выписку банка/);
  await ru.screenshot({ path: '/tmp/money-payments-empty-ru-1440.png' });
  await ru.setInputFiles('.money-import input[type="file"]', {
    name: 'sber-december.txt',
    mimeType: 'text/plain',
    buffer: readFileSync(fixturePath),
  });
  await ru.click('.money-import button[type="submit"]');
  const summary = ru.locator('.money-summary');
  await summary.waitFor();
  t.match(
    await summary.innerText(),
    /sber-december\.txt: загружено 6 — сопоставлено 5 \(со счетами 3\), вручную сопоставить 1; пропущено исходящих и чужих 1; уже были загружены 0\./,
  );
  await ru.waitForFunction(() => document.querySelectorAll('.payments-table tbody tr').length === 6);
  t.match(
    await ru.locator('.payments-table tr', { hasText: '482' }).innerText(),
    /ООО «Ромашка»[\s\S]*Счёт № 15 от[\s\S]*36\s600,00\s₽/,
  );
  await ru.screenshot({ path: '/tmp/money-payments-ru-1440.png', fullPage: true });

  // The one payment nobody was found for: matched by hand to Ромашка's invoice 15.
  await ru.selectOption('select[name="status"]', 'unmatched');
  await ru.waitForURL(/status=unmatched/);
  await ru.waitForFunction(() => document.querySelectorAll('.payments-table tbody tr').length === 1);
  const row = ru.locator('.payments-table tr.unmatched');
  t.match(await row.innerText(), /Уралтехсервис[\s\S]*Не сопоставлена[\s\S]*8\s500,00/);
  await row.locator('button.link').click();
  const dialog = ru.locator('[role="dialog"]');
  await dialog.locator('select[name="organizationId"]').selectOption({ label: 'ООО «Ромашка»' });
  await ru.waitForFunction(() => document.querySelectorAll('select[name="invoiceId"] option').length > 1);
  await dialog.locator('select[name="invoiceId"]').selectOption({ index: 2 });
  await dialog.locator('input[name="note"]').fill('Платит за Ромашку по письму');
  await ru.screenshot({ path: '/tmp/money-match-ru-1440.png' });
  await dialog.locator('button[type="submit"]').click();
  await ru.locator('.payments-tab .empty', { hasText: 'Все оплаты сопоставлены' }).waitFor();
  // Its history says who matched it and why.
  await ru.selectOption('select[name="status"]', '');
  await ru.locator('.payments-table tr', { hasText: 'Уралтехсервис' }).locator('button.link').click();
  t.match(await ru.locator('.money-history').innerText(), /ООО «Ромашка» — Платит за Ромашку по письму/);
  await ru.screenshot({ path: '/tmp/money-history-ru-1440.png' });
  await ru.keyboard.press('Escape');

  // Balances at today: the November act and this month's act, less what came in.
  await ru.click('.money-tabs a[href="/money/balances"]');
  const balanceRow = ru.locator('.balances-table tbody tr', { hasText: 'Ромашка' });
  await balanceRow.waitFor();
  // Acts 48 800 + 24 400, payments 36 600 + 12 200 + 1 000,50 + 8 500.
  t.match(await balanceRow.innerText(), /73\s200,00\s₽[\s\S]*58\s300,50\s₽[\s\S]*14\s899,50\s₽/);
  t.match(
    await ru.locator('.balances-table tbody tr', { hasText: 'Вектор' }).innerText(),
    /−74\s400,00\s₽|-74\s400,00\s₽/,
  );
  await ru.screenshot({ path: '/tmp/money-balances-ru-1440.png' });

  // Its reconciliation statement from the link, and the PDF of it.
  await balanceRow.locator('a').click();
  await ru.waitForSelector('.statement-table');
  t.match(
    await ru.locator('.statement-table').innerText(),
    /Сальдо начальное[\s\S]*Акт № 8 от 30\.11\.2026[\s\S]*Оплата, п\/п № 482 от 02\.12\.2026[\s\S]*Сальдо конечное/,
  );
  t.match(
    await ru.locator('.statement-closing').innerText(),
    /задолженность ООО «Ромашка» перед ООО «Ондеск Сервис» составляет 14\s899,50\s₽/,
  );
  await ru.screenshot({ path: '/tmp/money-reconciliation-ru-1440.png', fullPage: true });
  // The period's end moved back a day: the address keeps it and the statement is read again without the payment.
  await ru.locator('.reconciliation-tab input[name="to"]').fill('2026-12-01');
  await ru.waitForFunction(() => !document.querySelector('.statement-table')?.textContent?.includes('№ 482'));
  t.equal(new URL(ru.url()).searchParams.get('to'), '2026-12-01', 'the day is in the address');
  t.match(await ru.locator('.statement-table').innerText(), /Акт № 8 от 30\.11\.2026/);
  t.equal(await ru.locator('select[name="entityId"]').count(), 0, 'one legal entity: nothing to choose');
  const pdfHref = await ru.locator('.reconciliation-tab a.button').getAttribute('href');
  const pdf = await ru.request.get(`${url}${pdfHref}`);
  t.equal(pdf.status(), 200);
  t.equal(pdf.headers()['content-type'], 'application/pdf');

  // Profit of the month: the ranking and its chart.
  await ru.goto(`${url}/money/profit?from=${month}-01&to=${workDay}`);
  await ru.waitForSelector('.profit-table tbody tr');
  await ru.waitForSelector('.profit-chart svg');
  t.match(await ru.locator('.profit-table tbody tr').first().innerText(), /ООО «Ромашка»[\s\S]*Работа 2\s400,00\s₽/);
  await ru.screenshot({ path: '/tmp/money-profit-ru-1440.png', fullPage: true });

  // Salaries: the engineer's hours, then a formula set through the dialog.
  await ru.goto(`${url}/money/salaries?month=${month}`);
  const pay = ru.locator('.salaries-table tbody tr', { hasText: 'Егор Инженеров' });
  await ru.screenshot({ path: '/tmp/money-salaries-before-ru-1440.png' });
  await pay.waitFor();
  t.match(await pay.innerText(), /формула не задана[\s\S]*4[\s\S]*4[\s\S]*3/);
  await pay.locator('button.link').click();
  const formula = ru.locator('[role="dialog"]');
  await formula.locator('input[name="fixed"]').fill('50000');
  await formula.locator('input[name="hour"]').fill('400');
  await formula.locator('input[name="percent"]').fill('10');
  await formula.locator('button[type="submit"]').click();
  // 50 000 ₽ fixed + 4 billable hours × 400 ₽ (the act of the month covers no logged work, so no share).
  await ru.locator('.salaries-table tbody tr', { hasText: /51\s600,00\s₽/ }).waitFor();
  const xlsx = await ru.request.get(`${url}${await ru.locator('.salaries-tab a.button').first().getAttribute('href')}`);
  t.equal(xlsx.status(), 200);
  await ru.screenshot({ path: '/tmp/money-salaries-ru-1440.png' });

  // On a phone, in English and in Russian: every tab reads and fits.
  const headings = {
    'en-GB': ['Payments', 'Balances', 'Reconciliation', 'Profit', 'Salaries'],
    'ru-RU': ['Оплаты', 'Сальдо', 'Акт сверки', 'Прибыль', 'Зарплата'],
  } as const;
  for (const locale of ['en-GB', 'ru-RU'] as const) {
    const phone = (await open(browser, locale, viewports.phone, errors)).page;
    await signIn(phone, url, locale === 'en-GB' ? ACCOUNTANT_EN : ACCOUNTANT);
    const short = locale.slice(0, 2);
    for (const [i, tab] of (['payments', 'balances', 'reconciliation', 'profit', 'salaries'] as const).entries()) {
      const q =
        tab === 'reconciliation'
          ? `?organizationId=${romashka.id}&from=2026-11-01&to=${workDay}&language=${short}`
          : tab === 'profit'
            ? `?from=${month}-01&to=${workDay}`
            : tab === 'salaries'
              ? `?month=${month}`
              : '';
      await phone.goto(`${url}/money/${tab}${q}`);
      await phone.waitForSelector(`.${tab}-tab table tbody tr`);
      t.equal(await phone.locator('.money-tabs .tab.active').innerText(), headings[locale][i]);
      t.ok(await fits(phone), `${tab} fits 390 px (${short})`);
      await phone.screenshot({ path: `/tmp/money-${tab}-${short}-390.png`, fullPage: true });
    }
    t.match(await phone.locator('.salaries-table tbody tr').innerText(), /Егор Инженеров[\s\S]*51.600/);
  }

  // The engineer: only "Salary" in the sidebar, only their own row; the payments are not theirs to open.
  const eng = (await open(browser, 'en-GB', viewports.wide, errors)).page;
  await signIn(eng, url, ENGINEER);
  t.equal(await eng.locator('.sidebar a[href="/money"]').count(), 0);
  await eng.click('.sidebar a[href="/money/salaries"]');
  await eng.waitForSelector('.salaries-table tbody tr');
  t.equal(await eng.locator('.money-tabs .tab').count(), 1, 'one tab: their salary');
  t.equal(await eng.locator('.salaries-table tbody tr').count(), 1);
  t.match(await eng.locator('.salaries-tab .lead').innerText(), /Your hours of the month/);
  await eng.goto(`${url}/money/salaries?month=${month}`);
  await eng.waitForSelector('.salaries-table tbody tr');
  t.match(await eng.locator('.salaries-table tbody tr').innerText(), /Егор Инженеров[\s\S]*520\.00|Егор Инженеров/);
  await eng.screenshot({ path: '/tmp/money-salaries-engineer-en-1440.png' });
  await eng.goto(`${url}/money/payments`);
  await eng.waitForSelector('[data-page="not-found"]');
  t.equal(await eng.locator('.payments-table').count(), 0, 'no payments for an engineer');
  t.same(errors, [], 'no errors in any page');
});
