import t from 'tap';
import type { Page } from 'playwright-core';
import type { Installation } from '../../server/installation.js';
import { VIEWPORTS, fitsScreen, launchChromium, openDeskPage, signIn, startUiDesk } from '../helpers/browser.js';
import { uiAgent } from '../helpers/ui-desk.js';

async function seed(inst: Installation) {
  const manager = await uiAgent(inst, 'manager', 'manager@clients.test', 'Мария Менеджерова', 'ru');
  return { manager };
}

const words = {
  'ru-RU': {
    addFirst: 'Добавить первого клиента',
    newClient: 'Новый клиент',
    edit: 'Изменить',
    addContact: 'Добавить контакт',
    addAddress: 'Добавить адрес',
    deactivate: 'Деактивировать',
    inactive: 'Деактивирован',
    map: 'Открыть на карте',
    kpp: 'КПП',
  },
  'en-GB': {
    addFirst: 'Add your first client',
    newClient: 'New client',
    edit: 'Edit',
    addContact: 'Add contact',
    addAddress: 'Add address',
    deactivate: 'Deactivate',
    inactive: 'Deactivated',
    map: 'Open on the map',
    kpp: 'KPP',
  },
} as const;

/**
 * Waits until the dialog has put the focus on its first field (it does so after it is drawn): typing before
 * that would land in whichever field the focus moves to.
 */
async function dialogReady(page: Page) {
  await page.locator('[role="dialog"]').waitFor();
  await page.waitForFunction(() => Boolean(document.activeElement?.closest('[role="dialog"]')));
}

/** Fills the open dialog's fields by name and saves it; waits until the dialog has closed. */
async function fillDialog(page: Page, fields: Record<string, string>) {
  const dialog = page.locator('[role="dialog"]');
  await dialogReady(page);
  for (const [name, value] of Object.entries(fields)) await dialog.locator(`[name="${name}"]`).fill(value);
  await dialog.locator('button[type="submit"]').click();
  await dialog.waitFor({ state: 'detached' });
}

t.test('clients are created and edited in the desk: requisites, contacts, addresses with a map link', async (t) => {
  const browser = await launchChromium(t);
  const desk = await startUiDesk(t, { seed });
  const api = (path: string) =>
    desk.app
      .inject({ method: 'GET', url: `/api/v1${path}`, headers: { authorization: `Bearer ${desk.manager.token}` } })
      .then((r) => r.json());
  const errors: string[] = [];
  let first = true;
  for (const locale of ['ru-RU', 'en-GB'] as const)
    for (const [size, viewport] of Object.entries(VIEWPORTS)) {
      const w = words[locale];
      const label = `${locale} ${size}`;
      const { page, context } = await openDeskPage(
        browser,
        locale,
        viewport,
        errors,
        // The desk asks who is signed in before the sign-in (401), and the wrong KPP below is refused (400).
        /status of (401|400)/,
      );
      // Deactivating a contact and deleting an address ask first; the test says yes.
      page.on('dialog', (d) => void d.accept());
      await signIn(page, desk.url, 'manager@clients.test');
      await page.evaluate((lang) => localStorage.setItem('ondesk.lang', lang), locale.slice(0, 2));
      await page.goto(`${desk.url}/organizations`);
      if (first) {
        // A fresh desk says how to start, with the action, instead of an empty table.
        await page.locator('.empty-state').waitFor();
        await page.screenshot({ path: `/tmp/clients-empty-${locale}-${size}.png` });
        await page.getByRole('button', { name: w.addFirst }).click();
        first = false;
      } else {
        await page.locator('.clients-table').waitFor();
        await page.getByRole('button', { name: w.newClient }).click();
      }
      const name = `Сотбит ${label}`;
      await fillDialog(page, {
        name,
        legalName: 'ООО «Сотбит»',
        taxId: '7701234567',
        kpp: '770101001',
        tags: 'web, vip',
        notes: 'Ключи у охраны',
      });
      await page.locator('.client-page h1', { hasText: name }).waitFor();
      const id = Number(new URL(page.url()).pathname.split('/').pop());
      t.match(
        await api(`/organizations/${id}`),
        { name, legalName: 'ООО «Сотбит»', taxId: '7701234567', kpp: '770101001', tags: ['web', 'vip'] },
        `${label}: a new client is created with all its fields`,
      );

      // The requisites change in place.
      await page.locator('.client-page .page-head').getByRole('button', { name: w.edit }).click();
      await fillDialog(page, { legalName: 'ООО «Сотбит Про»', taxId: '7702345678', kpp: '7702AB001' });
      await page.locator('.client-kpp', { hasText: '7702AB001' }).waitFor();
      t.equal(await page.locator('.client-facts').getByText(w.kpp, { exact: true }).count(), 1);
      t.match(
        await api(`/organizations/${id}`),
        { legalName: 'ООО «Сотбит Про»', taxId: '7702345678', kpp: '7702AB001', notes: 'Ключи у охраны' },
        `${label}: the requisites are saved, the notes kept`,
      );
      // A wrong KPP is refused with the reason, and the dialog keeps what was typed.
      await page.locator('.client-page .page-head').getByRole('button', { name: w.edit }).click();
      await dialogReady(page);
      await page.locator('[role="dialog"] [name="kpp"]').fill('12');
      await page.locator('[role="dialog"] button[type="submit"]').click();
      await page.locator('[role="dialog"] [role="alert"]', { hasText: /kpp/i }).waitFor();
      t.equal(await page.locator('[role="dialog"] [name="kpp"]').inputValue(), '12');
      await page.locator('[role="dialog"] button[type="button"]').click();
      await page.locator('[role="dialog"]').waitFor({ state: 'detached' });

      // An address, then moved: the map link follows it and opens in a new tab.
      await page.getByRole('button', { name: w.addAddress }).click();
      await fillDialog(page, { label: 'Офис', address: 'Москва, Тверская 1' });
      const address = page.locator('.addresses li').first();
      await address.locator('.address-text', { hasText: 'Москва, Тверская 1' }).waitFor();
      await address.getByRole('button', { name: w.edit }).click();
      await fillDialog(page, {
        address: 'Нижний Новгород, Рождественская 2',
        latitude: '56,3287',
        longitude: '44.0131',
      });
      await address.locator('.address-text', { hasText: 'Рождественская 2' }).waitFor();
      const map = address.getByRole('link', { name: new RegExp(w.map) });
      t.equal(
        await map.getAttribute('href'),
        'https://www.openstreetmap.org/?mlat=56.328700&mlon=44.013100#map=17/56.328700/44.013100',
        `${label}: the map link points at the moved address`,
      );
      t.equal(await map.getAttribute('target'), '_blank', 'the map opens in a new tab');
      t.match(await api(`/organizations/${id}/addresses`), {
        items: [{ label: 'Офис', address: 'Нижний Новгород, Рождественская 2', latitude: 56.3287 }],
      });

      // A contact, edited, then deactivated: it stays, marked, and is out of the portal.
      await page.getByRole('button', { name: w.addContact }).click();
      await fillDialog(page, { name: 'Анна', email: 'anna@sotbit.example' });
      const contact = page.locator('.contacts-list li').first();
      await contact.locator('b', { hasText: 'Анна' }).waitFor();
      await contact.getByRole('button', { name: w.edit }).click();
      await fillDialog(page, { name: 'Анна Петрова', position: 'Бухгалтер', phone: '+7 900 000-00-00' });
      await contact.locator('b', { hasText: 'Анна Петрова' }).waitFor();
      await contact.getByRole('button', { name: w.deactivate }).click();
      await contact.locator('.inactive-chip', { hasText: w.inactive }).waitFor();
      t.match(
        await api(`/organizations/${id}/contacts`),
        {
          items: [
            {
              name: 'Анна Петрова',
              position: 'Бухгалтер',
              email: 'anna@sotbit.example',
              phone: '+7 900 000-00-00',
              active: false,
            },
          ],
        },
        `${label}: the contact is edited and deactivated`,
      );
      t.ok(await fitsScreen(page), `${label}: the client page fits the screen`);
      await page.screenshot({ path: `/tmp/clients-edit-${locale}-${size}.png`, fullPage: true });
      await page.goto(`${desk.url}/organizations`);
      await page.locator('.clients-table').waitFor();
      t.ok(await fitsScreen(page), `${label}: the list fits the screen`);
      // The list's relative times carry the exact one on hover, in the desk's one date format.
      t.match(
        await page.evaluate(async () => {
          // The desk's own modules, as the page loads them (variable paths: they are not the test's imports).
          const [{ formatDate, formatDay, formatWorkDate }, { parseDay, maskDay }] = await Promise.all(
            ['/app/format.js', '/app/components/date-input.js'].map((path) => import(path)),
          );
          return {
            lang: document.documentElement.lang,
            instant: formatDate('2026-12-04T12:33:00Z'),
            day: formatDay('2026-12-04T12:33:00Z'),
            workDate: formatWorkDate('2026-12-04'),
            typed: [maskDay('04122026'), parseDay('04.12.2026'), parseDay('2026-12-04'), parseDay('31.02.2026')],
          };
        }),
        locale === 'ru-RU'
          ? {
              lang: 'ru',
              instant: '04.12.2026 15:33',
              day: '04.12.2026',
              workDate: '04.12.2026',
              typed: ['04.12.2026', '2026-12-04', '2026-12-04', null],
            }
          : {
              lang: 'en',
              instant: 'Dec 4, 2026, 3:33 PM',
              day: 'Dec 4, 2026',
              workDate: 'Dec 4, 2026',
              typed: ['04.12.2026', '2026-12-04', '2026-12-04', null],
            },
        `${label}: one date format, ${locale === 'ru-RU' ? 'dd.mm.yyyy' : 'Mon d, yyyy'}`,
      );

      // A day field reads as the desk's language writes it, whatever the browser's locale draws natively.
      await page.goto(`${desk.url}/agreements/new`);
      const start = page.locator('input[name="start"]');
      await start.waitFor();
      if (locale === 'ru-RU') {
        t.equal(await start.getAttribute('placeholder'), 'дд.мм.гггг');
        await start.fill('');
        await start.pressSequentially('04122026');
        t.equal(await start.inputValue(), '04.12.2026', `${label}: digits typed get their dots`);
      } else t.equal(await start.getAttribute('type'), 'date', `${label}: English keeps the native picker`);

      // A new ticket offers neither the deactivated contact nor the channels agents cannot file by.
      await page.goto(`${desk.url}/tickets/new?organizationId=${id}`);
      const contactSelect = page.locator('select[name="contactId"]');
      await contactSelect.waitFor();
      await page.waitForLoadState('networkidle');
      t.same(
        await contactSelect.locator('option').evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value)),
        [''],
        `${label}: a deactivated contact is not offered`,
      );
      t.same(
        await page
          .locator('select[name="channel"] option')
          .evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value)),
        ['phone', 'email', 'agent'],
        `${label}: agents file by phone, mail or themselves, not as the portal or a web form`,
      );
      await context.close();
    }
  t.same(errors, [], 'no page errors');
});
