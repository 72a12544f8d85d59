import t, { type Test } from 'tap';
import type { Browser } from 'playwright-core';
import { fitsScreen, launchChromium, openDeskPage, signIn, startUiDesk, VIEWPORTS } from '../helpers/browser.js';
import { dayFromToday, uiAgent } from '../helpers/ui-desk.js';
import { createContact, createOrganization } from '../../server/modules/organizations/organizations.service.js';
import { createRecurring } from '../../server/modules/recurring/recurring.service.js';
import { createCost } from '../../server/modules/client-costs/client-costs.service.js';
import { selfSignedServer } from '../recurring/tls-server.js';

const MANAGER = 'manager@recurring.test';
/** A manager whose own language is English: the desk opens in the agent's language, not the browser's. */
const MANAGER_EN = 'manager.en@recurring.test';
const ENGINEER = 'engineer@recurring.test';

function startDesk(t: Test) {
  return startUiDesk(t, {
    seed: async (inst) => {
      const manager = await uiAgent(inst, 'manager', MANAGER, 'Мария Петрова');
      await uiAgent(inst, 'manager', MANAGER_EN, 'Mary Peters', 'en');
      await uiAgent(inst, 'engineer', ENGINEER, 'Егор Инженеров', 'en');
      const ctx = inst.ctx(manager.actor);
      const org = await createOrganization(ctx, { name: 'ООО «Ромашка»' });
      const other = await createOrganization(ctx, { name: 'Гостиница «Волга»' });
      const contact = await createContact(ctx, org.id, { name: 'Ольга Смирнова', email: 'olga@romashka.example' });
      return { org, other, contact, manager };
    },
  });
}

const fits = fitsScreen;

const viewports = VIEWPORTS;

const open = (
  browser: Browser,
  locale: 'ru-RU' | 'en-GB',
  viewport: { width: number; height: number },
  errors: string[],
) => openDeskPage(browser, locale, viewport, errors, /401|409|Failed to load resource/);

t.test('a manager adds a domain and sees it with its days left, in ru and en, wide and on a phone', async (t) => {
  const browser = await launchChromium(t);
  const desk = await startDesk(t);
  const { url, org } = desk;
  const errors: string[] = [];

  // Russian, 1440 px: the empty state says what to do, then a domain is created through the dialog.
  const ru = (await open(browser, 'ru-RU', viewports.wide, errors)).page;
  await signIn(ru, url, MANAGER);
  await ru.click('.sidebar a[href="/recurring"]');
  await ru.waitForSelector('.recurring-page .empty');
  t.equal(await ru.locator('.recurring-page h1').innerText(), 'Регулярные услуги');
  t.match(await ru.locator('.recurring-page .empty').innerText(), /Регулярных услуг пока нет\. Добавьте домены/);
  await ru.screenshot({ path: '/tmp/recurring-empty-ru-1440.png' });

  await ru.click('.recurring-page .page-head button.primary');
  const dialog = ru.locator('[role="dialog"]');
  await dialog.waitFor();
  await dialog.locator('button[type="submit"]').click();
  t.match(
    await dialog.locator('#rec-name-error').innerText(),
    'Заполните поле',
    'a missing name is named beside its field',
  );
  await dialog.locator('select[name="organizationId"]').selectOption({ label: 'ООО «Ромашка»' });
  await dialog.locator('input[name="name"]').fill('romashka.ru');
  await dialog.locator('input[name="vendor"]').fill('REG.RU');
  await dialog.locator('input[name="price"]').fill('1 990,50');
  await dialog.locator('input[name="cost"]').fill('990');
  await dialog.locator('input[name="nextBillingDate"]').fill(dayFromToday(20));
  await dialog.locator('input[name="expiresOn"]').fill(dayFromToday(20));
  await ru.waitForFunction(() => document.querySelectorAll('select[name="notifyContactId"] option').length > 1);
  await dialog
    .locator('select[name="notifyContactId"]')
    .selectOption({ label: 'Ольга Смирнова <olga@romashka.example>' });
  t.match(await dialog.locator('.hint').innerText(), /WHOIS недоступен/, 'the dialog says WHOIS is out of reach');
  await ru.screenshot({ path: '/tmp/recurring-dialog-ru-1440.png' });
  await dialog.locator('button[type="submit"]').click();
  await ru.locator('.recurring-page [role="status"]', { hasText: '«romashka.ru» добавлена' }).waitFor();
  const row = ru.locator('tr.rec-row', { hasText: 'romashka.ru' });
  await row.waitFor();
  const days = Number(await row.locator('.days-left').getAttribute('data-days'));
  t.ok(days === 19 || days === 20, `days left from the desk's Moscow date: ${days}`);
  t.match(await row.locator('.days-left').innerText(), /^через (19|20) (дней|дня)$/);
  t.match(await row.locator('.days-left').getAttribute('class'), /warn/, 'amber within 30 days');
  t.match(await row.innerText(), /ООО «Ромашка»[\s\S]*1\s990,50\s₽[\s\S]*НДС 20%[\s\S]*Себестоимость: 990,00\s₽/);
  await ru.screenshot({ path: '/tmp/recurring-list-ru-1440.png' });

  // the filter "expiring within 30 days" keeps it; the organization's page lists it too
  await ru.check('input[name="expiring"]');
  await ru.waitForURL(/expiring=30/);
  await ru.locator('tr.rec-row', { hasText: 'romashka.ru' }).waitFor();
  await ru.goto(`${url}/organizations/${org.id}`);
  await ru.locator('.org-recurring li', { hasText: 'romashka.ru' }).waitFor();
  await ru.locator('.org-recurring').screenshot({ path: '/tmp/recurring-org-ru-1440.png' });

  // English on a phone: the same list, then a second item, a certificate red within a week.
  const en = (await open(browser, 'en-GB', viewports.phone, errors)).page;
  await signIn(en, url, MANAGER_EN);
  await en.goto(`${url}/recurring`);
  await en.locator('tr.rec-row', { hasText: 'romashka.ru' }).waitFor();
  t.equal(await en.locator('.recurring-page h1').innerText(), 'Recurring services');
  t.match(await en.locator('tr.rec-row .days-left').first().innerText(), /^in (19|20) days$/);
  await en.click('.recurring-page .page-head button.primary');
  const enDialog = en.locator('[role="dialog"]');
  await enDialog.locator('select[name="organizationId"]').selectOption({ label: 'Гостиница «Волга»' });
  await enDialog.locator('select[name="kind"]').selectOption('certificate');
  await enDialog.locator('input[name="name"]').fill('volga-hotel.ru');
  await enDialog.locator('input[name="price"]').fill('abc');
  await enDialog.locator('input[name="nextBillingDate"]').fill(dayFromToday(5));
  await enDialog.locator('input[name="expiresOn"]').fill(dayFromToday(5));
  await enDialog.locator('button[type="submit"]').click();
  t.match(await enDialog.locator('#rec-priceKopecks-error').innerText(), /Enter an amount in roubles/);
  await en.screenshot({ path: '/tmp/recurring-dialog-en-390.png' });
  await enDialog.locator('input[name="price"]').fill('3500');
  await enDialog.locator('button[type="submit"]').click();
  const cert = en.locator('tr.rec-row', { hasText: 'volga-hotel.ru' });
  await cert.waitFor();
  t.match(await cert.locator('.days-left').getAttribute('class'), /bad/, 'red within a week');
  t.match(await cert.locator('.days-left').innerText(), /^in [45] days$/);
  t.ok(await fits(en), 'nothing scrolls sideways or is cut at 390 px (en)');
  await en.screenshot({ path: '/tmp/recurring-list-en-390.png', fullPage: true });

  // Russian on a phone and English wide: the list reads in both.
  const ruPhone = (await open(browser, 'ru-RU', viewports.phone, errors)).page;
  await signIn(ruPhone, url, MANAGER);
  await ruPhone.goto(`${url}/recurring`);
  await ruPhone.locator('tr.rec-row', { hasText: 'volga-hotel.ru' }).waitFor();
  t.match(
    await ruPhone.locator('tr.rec-row', { hasText: 'volga-hotel.ru' }).locator('.days-left').innerText(),
    /^через [45] (дня|дней)$/,
  );
  t.ok(await fits(ruPhone), 'nothing scrolls sideways or is cut at 390 px (ru)');
  await ruPhone.screenshot({ path: '/tmp/recurring-list-ru-390.png', fullPage: true });

  // An engineer reads the list without our costs and may not edit; client costs say whom to ask.
  const eng = (await open(browser, 'en-GB', viewports.wide, errors)).page;
  await signIn(eng, url, ENGINEER);
  await eng.goto(`${url}/recurring`);
  const engRow = eng.locator('tr.rec-row', { hasText: 'romashka.ru' });
  await engRow.waitFor();
  t.notMatch(await engRow.innerText(), /Cost/, 'no cost for engineers');
  t.equal(await eng.locator('.recurring-page .page-head button.primary').count(), 0, 'no "Add" for engineers');
  t.equal(await eng.locator('.rec-tabs a[href="/client-costs"]').count(), 0, 'no costs tab for engineers');
  await eng.screenshot({ path: '/tmp/recurring-list-en-1440.png' });
  await eng.goto(`${url}/client-costs`);
  await eng.locator('.client-costs-page .empty', { hasText: 'accountants, managers and admins' }).waitFor();

  t.same(errors, [], 'no errors in any page');
});

t.test('a manager records a client cost with VAT included', async (t) => {
  const browser = await launchChromium(t);
  const desk = await startDesk(t);
  const { url, org, manager, inst } = desk;
  await createRecurring(inst.ctx(manager.actor), {
    organizationId: org.id,
    kind: 'hosting',
    name: 'VPS 4 GB',
    billingEveryMonths: 1,
    nextBillingDate: dayFromToday(3),
    priceKopecks: 150_000,
  });
  await createCost(inst.ctx(manager.actor), {
    organizationId: desk.other.id,
    date: dayFromToday(-3),
    description: 'Коммутатор',
    amountKopecks: 1_000_000,
    vatRate: 20,
  });
  const errors: string[] = [];
  for (const [locale, viewport] of [
    ['ru-RU', viewports.wide],
    ['en-GB', viewports.phone],
  ] as const) {
    const { page } = await open(browser, locale, viewport, errors);
    await signIn(page, url, locale === 'en-GB' ? MANAGER_EN : MANAGER);
    await page.goto(`${url}/client-costs`);
    await page.locator('.cost-table tbody tr').first().waitFor();
    if (locale === 'ru-RU') {
      await page.click('.client-costs-page .page-head button.primary');
      const dialog = page.locator('[role="dialog"]');
      await dialog.locator('select[name="organizationId"]').selectOption({ label: 'ООО «Ромашка»' });
      await dialog.locator('input[name="description"]').fill('Kaspersky, 10 мест');
      await dialog.locator('input[name="amount"]').fill('1,00');
      await dialog.locator('input[name="includesVat"]').check();
      await dialog.locator('button[type="submit"]').click();
      const row = page.locator('.cost-table tr', { hasText: 'Kaspersky' });
      await row.waitFor();
      t.match(await row.innerText(), /0,83\s₽[\s\S]*0,17\s₽[\s\S]*1,00\s₽/, 'net and VAT add up to what was paid');
    }
    await page.screenshot({ path: `/tmp/client-costs-${locale}-${viewport.width}.png`, fullPage: true });
  }
  t.same(errors, [], 'no errors in any page');
});

t.test('"Check now" reads the live certificate and corrects the expiry on the page', async (t) => {
  const { port, validTo } = await selfSignedServer(t);
  const browser = await launchChromium(t);
  const desk = await startDesk(t);
  const { url, org, manager, inst } = desk;
  const item = await createRecurring(inst.ctx(manager.actor), {
    organizationId: org.id,
    kind: 'certificate',
    name: 'shop.romashka.ru',
    billingEveryMonths: 12,
    nextBillingDate: dayFromToday(200),
    expiresOn: dayFromToday(2),
    host: `127.0.0.1:${port}`,
    liveCheck: true,
  });
  const errors: string[] = [];
  const { page } = await open(browser, 'en-GB', viewports.wide, errors);
  await signIn(page, url, MANAGER_EN);
  await page.goto(`${url}/recurring`);
  const row = page.locator(`tr.rec-row[data-id="${item.id}"]`);
  await row.waitFor();
  t.match(await row.locator('.days-left').getAttribute('class'), /bad/, 'red before the check');
  await row.locator('button', { hasText: 'Check now' }).click();
  await row.locator('.rec-check', { hasText: 'Checked' }).waitFor();
  // The desk's one English date format: Jan 14, 2027.
  const real = new Intl.DateTimeFormat('en-US', {
    timeZone: 'UTC',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  }).format(new Date(`${validTo.toISOString().slice(0, 10)}T00:00:00Z`));
  t.equal(await row.locator('.col-expires .rec-sub').innerText(), real, 'the date the certificate really has');
  t.match(await row.locator('.days-left').getAttribute('class'), /ok/, 'no longer urgent');
  await page.screenshot({ path: '/tmp/recurring-checked-en-1440.png' });
  t.same(errors, [], 'no errors in the page');
});
