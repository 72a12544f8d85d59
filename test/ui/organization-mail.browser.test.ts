import t from 'tap';
import type { Installation } from '../../server/installation.js';
import { launchChromium, openPage, signIn, startUiDesk } from '../helpers/browser.js';
import { uiAgent } from '../helpers/ui-desk.js';
import { createOrganization } from '../../server/modules/organizations/organizations.service.js';

async function seed(inst: Installation) {
  const manager = await uiAgent(inst, 'manager', 'manager@orgmail.test', 'Мария Менеджерова', 'en');
  await uiAgent(inst, 'engineer', 'engineer@orgmail.test', 'Егор Инженеров', 'en');
  const org = await createOrganization(inst.ctx(manager.actor), { name: 'Romashka LLC' });
  return { manager, org };
}

t.test(
  'a manager switches off acknowledgements and sets mail domains on the client page; an engineer only reads them',
  async (t) => {
    const browser = await launchChromium(t);
    const desk = await startUiDesk(t, { seed });
    const { page, errors } = await openPage(browser, {
      locale: 'en-GB',
      timezoneId: 'Europe/Moscow',
      viewport: { width: 1400, height: 900 },
    });
    const api = (path: string) =>
      desk.app
        .inject({ method: 'GET', url: `/api/v1${path}`, headers: { authorization: `Bearer ${desk.manager.token}` } })
        .then((r) => r.json());

    await signIn(page, desk.url, 'manager@orgmail.test');
    await page.goto(`${desk.url}/organizations/${desk.org.id}`);
    const panel = page.locator('[data-org-mail]');
    await panel.waitFor();
    t.equal(await panel.locator('h2').innerText(), 'E-mail');
    t.ok(await panel.locator('input[name="acknowledge"]').isChecked(), 'acknowledgements are on by default');
    await panel.locator('input[name="acknowledge"]').uncheck();
    await panel
      .locator('textarea[name="mail-domains"]')
      .fill('Romashka.example\nromashka-group.example, romashka.example');
    await panel.locator('button[type="submit"]').click();
    await panel.locator('[role="status"]', { hasText: 'Saved' }).waitFor();
    t.same(
      await api(`/organizations/${desk.org.id}/notification-settings`),
      { organizationId: desk.org.id, acknowledgeNewTickets: false },
      'stored: no acknowledgements',
    );
    t.same(
      (await api(`/organizations/${desk.org.id}/mail-domains`)).domains.sort(),
      ['romashka-group.example', 'romashka.example'],
      'stored: the domains, lower-cased, once each',
    );
    t.equal(
      await panel.locator('textarea[name="mail-domains"]').inputValue(),
      'romashka.example\nromashka-group.example',
      'the form shows what was stored',
    );

    await panel.locator('textarea[name="mail-domains"]').fill('not a domain');
    await panel.locator('button[type="submit"]').click();
    await panel.locator('.error, [role="alert"]').first().waitFor();
    t.same(
      (await api(`/organizations/${desk.org.id}/mail-domains`)).domains.sort(),
      ['romashka-group.example', 'romashka.example'],
      'a bad domain is refused and nothing stored is lost',
    );

    const engineer = await openPage(browser, { locale: 'en-GB', viewport: { width: 1400, height: 900 } });
    await signIn(engineer.page, desk.url, 'engineer@orgmail.test');
    await engineer.page.goto(`${desk.url}/organizations/${desk.org.id}`);
    const readOnly = engineer.page.locator('[data-org-mail]');
    await readOnly.waitFor();
    t.ok(
      await readOnly.locator('input[name="acknowledge"]').isDisabled(),
      'engineers see the switch, cannot change it',
    );
    t.equal(await readOnly.locator('button[type="submit"]').count(), 0);
    t.same([...errors, ...engineer.errors], [], 'no page errors');
  },
);
