/**
 * The accountant's documents desk in Chromium: the empty states say what to do first, a legal entity is added
 * with its stamp, an invoice is previewed and issued from a typed line, an act is issued and reversed by a
 * storno — in Russian at 1440 px and in English on a 390 px phone, nothing wider than the screen.
 */
import t from 'tap';
import type { Browser } from 'playwright-core';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { fitsScreen, launchChromium, openDeskPage, signIn, startUiDesk, VIEWPORTS } from '../helpers/browser.js';
import { uiAgent } from '../helpers/ui-desk.js';
import { tempDir } from '../helpers/installation.js';
import { createContact, createOrganization } from '../../server/modules/organizations/organizations.service.js';
import { ENTITY } from '../documents/helpers.js';

const ACCOUNTANT = 'accountant@documents.test';
const ACCOUNTANT_EN = 'accountant-en@documents.test';

const fits = fitsScreen;

const open = (
  browser: Browser,
  locale: 'ru-RU' | 'en-GB',
  viewport: { width: number; height: number },
  errors: string[],
) => openDeskPage(browser, locale, viewport, errors, /40[0-9]|Failed to load resource/);

t.test(
  'an accountant adds the entity with its stamp, issues an invoice and an act, and reverses the act',
  async (t) => {
    const browser = await launchChromium(t);
    const desk = await startUiDesk(t, {
      seed: async (inst) => {
        await uiAgent(inst, 'accountant', ACCOUNTANT, 'Мария Бухгалтерова');
        await uiAgent(inst, 'accountant', ACCOUNTANT_EN, 'Anna Books', 'en');
        const org = await createOrganization(inst.ctx(), { name: 'ООО «Ромашка»' });
        await createContact(inst.ctx(), org.id, { name: 'Ольга', email: 'olga@romashka.example' });
        return { org };
      },
    });
    const errors: string[] = [];
    const ru = (await open(browser, 'ru-RU', VIEWPORTS.wide, errors)).page;
    await signIn(ru, desk.url, ACCOUNTANT);
    await ru.click('.sidebar a[href="/documents"]');
    await ru.waitForSelector('.documents-page .no-entity');
    t.equal(await ru.locator('.documents-page h1').innerText(), 'Документы');
    t.match(await ru.locator('.documents-page .no-entity').innerText(), /Сначала добавьте своё юрлицо/);
    t.match(await ru.locator('.documents-page .table-wrap .empty').innerText(), /Документов пока нет/);
    await ru.screenshot({ path: '/tmp/documents-empty-ru-1440.png' });

    // The legal entity: a wrong account is named beside its field; then saved, then its stamp uploaded.
    await ru.click('.documents-page .no-entity a[href="/legal-entities"]');
    await ru.waitForSelector('.entities-page .empty');
    t.match(await ru.locator('.entities-page .empty').innerText(), /Юрлиц пока нет/);
    await ru.click('.entities-page .page-head button.primary');
    const dialog = ru.locator('[role="dialog"]');
    await dialog.waitFor();
    for (const [name, value] of Object.entries(ENTITY)) await dialog.locator(`input[name="${name}"]`).fill(value);
    await dialog.locator('input[name="settlementAccount"]').fill('40702810938000012346');
    await dialog.locator('button[type="submit"]').click();
    await dialog.locator('#ent-settlementAccount-error').waitFor();
    t.match(await dialog.locator('#ent-settlementAccount-error').innerText(), /does not match BIK|не соответствует/);
    await dialog.locator('input[name="settlementAccount"]').fill(ENTITY.settlementAccount);
    await dialog.locator('button[type="submit"]').click();
    await dialog.locator('.entity-image[data-image="stamp"] input[type="file"]').waitFor();
    const png = new PNG({ width: 60, height: 60 });
    png.data.fill(200);
    const pngPath = join(tempDir(t), 'stamp.png');
    writeFileSync(pngPath, PNG.sync.write(png));
    await dialog.locator('.entity-image[data-image="stamp"] input[type="file"]').setInputFiles(pngPath);
    await dialog.locator('.entity-image[data-image="stamp"] img').waitFor();
    await ru.screenshot({ path: '/tmp/documents-entity-ru-1440.png' });
    await dialog.locator('.dialog-actions button:not(.primary)').click();
    await ru.waitForSelector('.entities-page .entity-card');
    t.match(await ru.locator('.entity-card').innerText(), /ООО «Ондеск Сервис»[\s\S]*7707083893/);

    // An invoice from a typed line: previewed, then issued.
    await ru.click('.doc-tabs a[href="/documents"]');
    await ru.click('.documents-page button.new-invoice');
    await dialog.waitFor();
    await dialog.locator('select[name="organizationId"]').selectOption({ label: 'ООО «Ромашка»' });
    await dialog.locator('button', { hasText: 'Показать строки' }).click();
    await dialog.locator('.preview-empty').waitFor();
    t.match(await dialog.locator('.preview-empty').innerText(), /Выставлять нечего/);
    await dialog.locator('.manual-lines button.link', { hasText: 'Добавить строку' }).click();
    await dialog.locator('input[name="line-0-description"]').fill('Настройка обмена с банком');
    await dialog.locator('input[name="line-0-price"]').fill('12500');
    await dialog.locator('button', { hasText: 'Показать строки' }).click();
    await dialog.locator('.doc-lines [data-total]').waitFor();
    // 12 500 ₽ + 22 % = 15 250 ₽.
    t.match((await dialog.locator('.doc-lines [data-total]').innerText()).replace(/\s/g, ''), /15250,00₽/);
    await ru.screenshot({ path: '/tmp/documents-invoice-dialog-ru-1440.png' });
    await dialog.locator('button[type="submit"]').click();
    await ru.waitForSelector('.documents-page .doc-notice');
    t.match(await ru.locator('.doc-notice').innerText(), /Счёт № 1 выставлен/);
    const invoiceRow = ru.locator('.doc-table tr[data-kind="invoice"]');
    t.match(await invoiceRow.locator('a.pdf').getAttribute('href'), /^\/api\/v1\/documents\/\d+\.pdf$/);
    t.match(await invoiceRow.locator('a.pdf-stamp').getAttribute('href'), /\.pdf\?stamp=1$/);
    await invoiceRow.locator('button.doc-title').click();
    await dialog.locator('.in-words').waitFor();
    t.equal(await dialog.locator('.in-words').innerText(), 'Пятнадцать тысяч двести пятьдесят рублей 00 копеек');
    t.match(
      await dialog.locator('.purpose').innerText(),
      /Оплата по счёту № 1 от \d\d\.\d\d\.2026 за услуги\. В т\.ч\. НДС 22 %/,
    );
    await dialog.locator('.dialog-actions button').click();
    await dialog.waitFor({ state: 'detached' });

    // An act, then its storno.
    await ru.click('.documents-page button.new-act');
    await dialog.waitFor();
    await dialog.locator('select[name="organizationId"]').selectOption({ label: 'ООО «Ромашка»' });
    await dialog.locator('.manual-lines button.link', { hasText: 'Добавить строку' }).click();
    await dialog.locator('input[name="line-0-description"]').fill('Аудит инфраструктуры');
    await dialog.locator('input[name="line-0-quantity"]').fill('1,5');
    await dialog.locator('input[name="line-0-unit"]').fill('ч');
    await dialog.locator('input[name="line-0-price"]').fill('3000');
    await dialog.locator('button[type="submit"]').click();
    await ru.waitForSelector('.doc-table tr[data-kind="act"]');
    ru.once('dialog', (d) => void d.accept());
    await ru.locator('.doc-table tr[data-kind="act"] button.storno').click();
    await ru.waitForSelector('.doc-table .doc-badge.storno');
    t.match(await ru.locator('.doc-notice').innerText(), /Акт № 2 выставлен на\s*-5\s?490,00/);
    t.match(await ru.locator('.doc-table').innerText(), /сторнирован актом № 2/);
    await ru.click('.documents-page button.new-act');
    await dialog.waitFor();
    await dialog.locator('select[name="organizationId"]').selectOption({ label: 'ООО «Ромашка»' });
    await dialog.locator('.manual-lines button.link', { hasText: 'Добавить строку' }).click();
    await dialog.locator('input[name="line-0-description"]').fill('Консультация');
    await dialog.locator('input[name="line-0-price"]').fill('1000');
    await dialog.locator('button[type="submit"]').click();
    await ru.waitForSelector('.doc-notice >> text=Акт № 3');
    await ru.locator('.doc-table tr[data-kind="act"]', { hasText: 'Акт № 3' }).locator('button.correct').click();
    await dialog.locator('input[name="line-0-price"]').waitFor();
    t.equal(
      await dialog.locator('input[name="line-0-description"]').inputValue(),
      'Консультация',
      'the act’s lines to edit',
    );
    await dialog.locator('input[name="line-0-price"]').fill('800');
    await dialog.locator('button[type="submit"]').click();
    await ru.waitForSelector('.doc-badge.corrected');
    t.match(await ru.locator('.doc-notice').innerText(), /Акт № 5 выставлен на\s*976,00/);
    t.match(await ru.locator('.doc-table').innerText(), /сторнирован актом № 4/);
    t.ok(await fits(ru), 'ru 1440: nothing wider than the screen');
    await ru.screenshot({ path: '/tmp/documents-list-ru-1440.png', fullPage: true });

    // The client's page lists its latest documents.
    await ru.goto(`${desk.url}/organizations/${desk.org.id}`);
    await ru.waitForSelector('.org-documents li');
    t.equal(await ru.locator('.org-documents li').count(), 5, 'the five latest');
    t.match(await ru.locator('.org-documents').innerText(), /Акт № 5[\s\S]*корректировочный/);
    t.equal(
      await ru.locator('.org-documents .links a').getAttribute('href'),
      `/documents?organizationId=${desk.org.id}`,
    );

    // English, on a phone.
    const en = (await open(browser, 'en-GB', VIEWPORTS.phone, errors)).page;
    await signIn(en, desk.url, ACCOUNTANT_EN);
    await en.goto(`${desk.url}/documents`);
    await en.waitForSelector('.doc-table tr[data-kind="act"]');
    t.equal(await en.locator('.documents-page h1').innerText(), 'Documents');
    t.match(await en.locator('.doc-table').innerText(), /Invoice No\. 1[\s\S]*ООО «Ромашка»/);
    t.ok(await fits(en), 'en 390: nothing wider than the screen');
    await en.screenshot({ path: '/tmp/documents-list-en-390.png', fullPage: true });
    await en.goto(`${desk.url}/documents?kind=contract`);
    await en.waitForSelector('.documents-page .table-wrap .empty');
    t.match(await en.locator('.documents-page .table-wrap .empty').innerText(), /No documents match these filters/);
    await en.goto(`${desk.url}/legal-entities`);
    await en.waitForSelector('.entity-card');
    t.ok(await fits(en), 'en 390: the entities fit');
    await en.screenshot({ path: '/tmp/documents-entities-en-390.png', fullPage: true });
    t.same(errors, [], 'no page errors');
  },
);
