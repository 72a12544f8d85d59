import t from 'tap';
import type { Installation } from '../../server/installation.js';
import { launchChromium, openPage, signIn, startUiDesk } from '../helpers/browser.js';
import { uiAgent, uiContractDesk } from '../helpers/ui-desk.js';

async function seedRates(inst: Installation) {
  const admin = await uiAgent(inst, 'admin', 'admin@rates.test', 'Анна Админова', 'ru');
  const manager = await uiAgent(inst, 'manager', 'manager@rates.test', 'Mary Manager', 'en');
  const egor = await uiAgent(inst, 'engineer', 'egor@rates.test', 'Егор Инженеров', 'ru');
  const contract = await uiContractDesk(inst, admin.actor, { agreement: true, number: '2026-014' });
  return { admin, manager, egor, ...contract };
}

const noSideways = () => document.scrollingElement!.scrollWidth <= window.innerWidth;

t.test('an admin sets a desk default rate and an agreement rate, surcharges, a discount and a cost rate', async (t) => {
  const browser = await launchChromium(t);
  const { url, egor } = await startUiDesk(t, { seed: seedRates });
  const errors: string[] = [];
  const { page } = await openPage(browser, {
    locale: 'ru-RU',
    timezoneId: 'Europe/Moscow',
    viewport: { width: 1440, height: 1000 },
    ignoreConsole: /401|409|Failed to load resource/,
    errors,
  });
  await signIn(page, url, 'admin@rates.test');

  await page.click('.sidebar a[href="/rates"]');
  await page.waitForSelector('.rates-page h1');
  t.equal(await page.locator('.rates-page h1').innerText(), 'Тарифы');
  await page.locator('.rate-cards .empty', { hasText: 'Начните со ставки по умолчанию' }).waitFor();
  t.match(await page.locator('.discounts .empty').innerText(), /Добавьте скидку/);
  t.match(await page.locator('.multipliers .empty-note').innerText(), /каждый час стоит 100 %/);
  await page.screenshot({ path: '/tmp/ondesk-rates-empty-1440.png', fullPage: true });

  // the desk default: all three left as "any"
  await page.click('.rate-cards button:has-text("Добавить ставку")');
  const dialog = page.locator('[role="dialog"]');
  await dialog.locator('input[name="rate"]').fill('2 500,5');
  await dialog.locator('button[type="submit"]').click();
  const deskRow = page.locator('tr.rate-card-row', { hasText: 'По умолчанию' });
  await deskRow.waitFor();
  t.match(await deskRow.locator('.rate-value').innerText(), /^2\s500,50 ₽$/, 'kopecks kept exactly');

  // an agreement's own rate
  await page.click('.rate-cards button:has-text("Добавить ставку")');
  await dialog.locator('select[name="agreementId"]').selectOption({ index: 1 });
  await dialog.locator('input[name="rate"]').fill('3000');
  await dialog.locator('button[type="submit"]').click();
  const agreementRow = page.locator('tr.rate-card-row', { hasText: '2026-014' });
  await agreementRow.waitFor();
  t.match(await agreementRow.locator('.rate-value').innerText(), /^3\s000,00 ₽$/);

  // the same scope again is refused with the server's explanation, and nothing is added
  await page.click('.rate-cards button:has-text("Добавить ставку")');
  await dialog.locator('input[name="rate"]').fill('abc');
  await dialog.locator('button[type="submit"]').click();
  await dialog.locator('.field-error', { hasText: 'Введите сумму в рублях' }).waitFor();
  await dialog.locator('input[name="rate"]').fill('100');
  await dialog.locator('button[type="submit"]').click();
  await dialog.locator('.error', { hasText: 'already a rate for the desk default' }).waitFor();
  await dialog.locator('button', { hasText: 'Отмена' }).click();
  t.equal(await page.locator('tr.rate-card-row').count(), 2, 'two rates listed');

  // surcharges
  await page.fill('.multipliers-form input[name="nightPercent"]', '150');
  await page.fill('.multipliers-form input[name="holidayPercent"]', '200');
  await page.click('.multipliers-form button[type="submit"]');
  await page.locator('.multipliers [role="status"]', { hasText: 'Сохранено' }).waitFor();
  t.equal(await page.locator('.multipliers .empty-note').count(), 0, 'no longer "not set"');

  // a client's discount
  await page.click('.discounts button:has-text("Добавить скидку")');
  await dialog.locator('select[name="targetId"]').selectOption({ label: 'ООО «Ромашка»' });
  await dialog.locator('input[name="percent"]').fill('12,5');
  await dialog.locator('input[name="validFrom"]').fill('2026-01-01');
  await dialog.locator('button[type="submit"]').click();
  const discount = page.locator('tr.discount-row', { hasText: 'ООО «Ромашка»' });
  await discount.waitFor();
  t.match(await discount.innerText(), /12,5 %/);
  t.match(await discount.innerText(), /с 1 янв\. 2026/);

  // an agent's cost rate
  await page.locator('select[name="costAgent"]').selectOption({ label: egor.name });
  await page.locator('.cost-rates .empty', { hasText: 'пока не задана' }).waitFor();
  await page.fill('input[name="costRate"]', '1 200');
  await page.fill('input[name="costValidFrom"]', '2026-01-01');
  await page.click('.cost-rate-form button[type="submit"]');
  await page.locator('.cost-rates-table td', { hasText: '1 200,00 ₽' }).waitFor();
  await page.screenshot({ path: '/tmp/ondesk-rates-ru-1440.png', fullPage: true });

  // a manager in English on a phone: both rates listed, no cost section (managers do not see costs)
  const phone = await openPage(browser, {
    locale: 'en-GB',
    timezoneId: 'Europe/Moscow',
    viewport: { width: 390, height: 844 },
    ignoreConsole: /401|409|Failed to load resource/,
    errors,
    label: 'manager',
  });
  await signIn(phone.page, url, 'manager@rates.test');
  await phone.page.goto(`${url}/rates`);
  await phone.page.waitForSelector('.rates-page h1');
  await phone.page.locator('tr.rate-card-row', { hasText: 'Desk default' }).waitFor();
  t.equal(await phone.page.locator('.rates-page h1').innerText(), 'Rates');
  t.match(await phone.page.locator('tr.rate-card-row', { hasText: 'Desk default' }).innerText(), /₽2,500\.50/);
  t.match(await phone.page.locator('tr.rate-card-row', { hasText: '2026-014' }).innerText(), /₽3,000\.00/);
  t.match(await phone.page.locator('tr.discount-row').innerText(), /12\.5%/);
  t.equal(await phone.page.locator('.cost-rates').count(), 0, 'no cost rates for a manager');
  t.ok(await phone.page.evaluate(noSideways), 'nothing scrolls sideways at 390 px');
  await phone.page.screenshot({ path: '/tmp/ondesk-rates-en-390.png', fullPage: true });
  await phone.page.locator('.discounts').scrollIntoViewIfNeeded();
  await phone.page.screenshot({ path: '/tmp/ondesk-rates-en-390-lower.png' });
  await phone.page.click('.rate-cards button:has-text("Add rate")');
  await phone.page.locator('[role="dialog"] input[name="rate"]').waitFor();
  t.ok(await phone.page.evaluate(noSideways), 'the dialog fits at 390 px');
  await phone.page.screenshot({ path: '/tmp/ondesk-rates-dialog-390.png' });

  t.same(errors, [], 'no page errors');
});
