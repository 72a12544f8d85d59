import t from 'tap';
import type { Installation } from '../../server/installation.js';
import { launchChromium, openPage, signIn, startUiDesk } from '../helpers/browser.js';
import { uiAgent } from '../helpers/ui-desk.js';
import { createContact, createOrganization } from '../../server/modules/organizations/organizations.service.js';

async function seed(inst: Installation) {
  const manager = await uiAgent(inst, 'manager', 'manager@orgportal.test', 'Мария Менеджерова', 'ru');
  const org = await createOrganization(inst.ctx(manager.actor), { name: 'ООО «Ромашка»' });
  const contact = await createContact(inst.ctx(manager.actor), org.id, {
    name: 'Ольга Смирнова',
    email: 'olga@romashka.example',
  });
  const empty = await createOrganization(inst.ctx(manager.actor), { name: 'Гостиница «Волга»' });
  return { manager, org, contact, empty };
}

t.test('a manager sets a client’s portal: visibility, reopen days, a contact’s role, an invitation', async (t) => {
  const browser = await launchChromium(t);
  const desk = await startUiDesk(t, { seed });
  const api = (path: string) =>
    desk.app
      .inject({ method: 'GET', url: `/api/v1${path}`, headers: { authorization: `Bearer ${desk.manager.token}` } })
      .then((r) => r.json());
  const { page, errors } = await openPage(browser, {
    locale: 'ru-RU',
    timezoneId: 'Europe/Moscow',
    viewport: { width: 1440, height: 900 },
  });
  await signIn(page, desk.url, 'manager@orgportal.test');
  await page.goto(`${desk.url}/organizations/${desk.org.id}`);
  const panel = page.locator('[data-org-portal]');
  await panel.waitFor();
  t.equal(await panel.locator('h2').innerText(), 'Личный кабинет клиента');
  await panel.locator('select[name="portal-visibility"]').selectOption('chosen');
  await panel.locator('input[name="portal-reopen-days"]').fill('7');
  await panel.locator('button[type="submit"]').click();
  await panel.locator('[role="status"]', { hasText: 'Сохранено' }).waitFor();
  t.same(await api(`/organizations/${desk.org.id}/portal`), { visibility: 'chosen', reopenDays: 7, enabled: true });

  const row = panel.locator(`[data-portal-contact="${desk.contact.id}"]`);
  await row.getByLabel('Роль').selectOption('supervisor');
  await page.waitForFunction(
    async ([orgId, contactId]) => {
      const res = await fetch(`/api/v1/organizations/${orgId}/contacts`);
      const body = (await res.json()) as { items: { id: number; portalRole: string }[] };
      return body.items.find((c) => c.id === contactId)?.portalRole === 'supervisor';
    },
    [desk.org.id, desk.contact.id] as const,
  );
  await row.locator('[data-portal-invite]').click();
  await row.locator('[role="status"]', { hasText: 'olga@romashka.example' }).waitFor();
  const mails = await desk.inst.database.db
    .selectFrom('outbox')
    .select(['subject'])
    .where('recipient', '=', 'olga@romashka.example')
    .execute();
  t.same(
    mails.map((m) => m.subject),
    ['Доступ к порталу поддержки: ООО «Ромашка»'],
    'the invitation is mailed in the contact’s language',
  );
  await panel.screenshot({ path: '/tmp/org-portal-ru-1440.png' });

  const phone = await openPage(browser, { locale: 'en-GB', viewport: { width: 390, height: 844 } });
  await signIn(phone.page, desk.url, 'manager@orgportal.test');
  await phone.page.goto(`${desk.url}/organizations/${desk.empty.id}`);
  const empty = phone.page.locator('[data-org-portal]');
  await empty.waitFor();
  t.match(
    await empty.innerText(),
    /Add a contact with an e-mail above|Добавьте контакт с e-mail выше/,
    'the empty state says what to do',
  );
  await empty.screenshot({ path: '/tmp/org-portal-390.png' });
  const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  t.ok(overflow <= 1, `no sideways scroll at 390 px (${overflow})`);
  t.same([...errors, ...phone.errors], [], 'no page errors');
});
