import t from 'tap';
import type { Page } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { launchChromium, openPage, signIn, startUiDesk } from '../helpers/browser.js';
import { uiAgent } from '../helpers/ui-desk.js';
import { apiClient } from '../helpers/app.js';
import { runWebhookDeliveries } from '../../server/modules/webhooks/index.js';
import { receiver } from '../webhooks/helpers.js';

/** The page's own area has no sideways scroll (the shell's row of ticket views scrolls by design). */
const contentOverflow = (page: Page) =>
  page.evaluate(() => {
    const content = document.querySelector('.content');
    return content ? content.scrollWidth - content.clientWidth : -1;
  });

t.test(
  'the Webhooks page: empty state, a webhook with its secret once, a test event in the log, redelivery; en and ru, desktop and phone',
  async (t) => {
    const desk = await startUiDesk(t, {
      overrides: { webhookAllow: '127.0.0.0/8' },
      seed: async (inst) => ({
        admin: await uiAgent(inst, 'admin', 'admin@hooks.test', 'Anna Admin', 'en'),
        ruAdmin: await uiAgent(inst, 'admin', 'ru-admin@hooks.test', 'Ира Админ', 'ru'),
        engineer: await uiAgent(inst, 'engineer', 'engineer@hooks.test', 'Egor Engineer', 'en'),
      }),
    });
    const rx = await receiver(t);
    const deliver = () => runWebhookDeliveries(desk.inst.ctx(), { allow: '127.0.0.0/8' });
    const browser = await launchChromium(t);
    const errors: string[] = [];
    const { page } = await openPage(browser, { viewport: { width: 1440, height: 900 }, locale: 'en-GB', errors });
    await signIn(page, desk.url, desk.admin.email);
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('heading', { name: 'Webhooks', level: 1 }).waitFor();
    t.equal(new URL(page.url()).pathname, '/settings/webhooks');
    await page.getByText('No webhooks yet. Add one below').waitFor();
    await page.screenshot({ path: '/tmp/webhooks-empty-1440.png', fullPage: true });

    const editor = page.getByRole('form', { name: 'New webhook' });
    await editor.getByLabel('Receiver URL').fill(rx.url());
    await editor.getByLabel('Description').fill('Tracker of the development team');
    await editor.getByLabel('ticket.created').check();
    await editor.getByLabel('all agreement.*').check();
    await editor.getByLabel('Extra headers').fill('X-Tracker-Token: abc123');
    await editor.getByRole('button', { name: 'Add webhook' }).click();
    const secretBox = page.getByLabel('Signing secret');
    await secretBox.waitFor();
    const secret = await secretBox.inputValue();
    t.match(secret, /^whsec_/, 'the secret is shown once');
    const card = page.locator('.webhook-card').first();
    await card.getByText('agreement.*').waitFor();
    await page.getByRole('button', { name: 'I have saved it' }).click();
    t.equal(await page.getByLabel('Signing secret').count(), 0, 'and is gone once saved');

    await card.getByRole('button', { name: 'Delivery log' }).click();
    await card.getByText('Nothing sent yet. Send a test event').waitFor();
    await card.getByRole('button', { name: 'Send a test event' }).click();
    await card.locator('.webhook-status-pending').waitFor();
    await deliver();
    await card.getByRole('button', { name: 'Refresh' }).click();
    await card.locator('.webhook-status-succeeded').waitFor();
    t.equal(rx.received.length, 1);
    t.ok(
      new Webhook(secret).verify(rx.received[0]!.body, rx.received[0]!.headers as Record<string, string>),
      'signed with the secret shown',
    );
    t.equal(rx.received[0]!.headers['x-tracker-token'], 'abc123');

    await card.getByRole('button', { name: /^Redeliver msg_test_/ }).click();
    await card.locator('tr[data-delivery]').nth(1).waitFor();
    t.equal(await card.locator('tr[data-delivery]').count(), 2, 'the redelivery is queued as a new row');
    await deliver();
    t.equal(rx.received.length, 2);
    t.equal(rx.received[1]!.headers['webhook-id'], rx.received[0]!.headers['webhook-id'], 'with the same message id');
    await card.getByRole('button', { name: 'Refresh' }).click();
    await card.locator('tr[data-delivery] button.link').first().click();
    await card.getByText('X-Tracker-Token: (hidden)').waitFor();
    t.notOk((await page.content()).includes(secret.slice(6)), 'the page never shows the secret again');
    t.notOk((await page.content()).includes('abc123'), 'nor the header value');
    await page.screenshot({ path: '/tmp/webhooks-1440.png', fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(600); // the drawer slides away
    await page.screenshot({ path: '/tmp/webhooks-390.png', fullPage: true });
    t.ok((await contentOverflow(page)) <= 0, 'nothing wider than a phone');
    t.equal(
      await page.evaluate(() => document.documentElement.scrollWidth),
      390,
      'the page itself does not scroll sideways',
    );

    // The admins' own allowed ranges, beside the configured one.
    const allowForm = page.getByRole('form', { name: 'Allowed private addresses' });
    await allowForm.getByText('ONDESK_WEBHOOK_ALLOW): 127.0.0.0/8').waitFor();
    await allowForm.getByLabel('Ranges (CIDR), one per line').fill('192.168.50.0/24\n10.20.0.0/16');
    await allowForm.getByRole('button', { name: 'Save' }).click();
    await allowForm.getByText('Saved').waitFor();
    const settings = await apiClient(desk.app, desk.admin.token, desk.admin.id).get('/api/v1/webhooks/settings');
    t.same(settings.json(), { allow: ['192.168.50.0/24', '10.20.0.0/16'], allowFromConfig: ['127.0.0.0/8'] });
    await allowForm.getByLabel('Ranges (CIDR), one per line').fill('192.168.50.0/33');
    await allowForm.getByRole('button', { name: 'Save' }).click();
    await allowForm.getByText('has a prefix length outside 0–32').waitFor();

    // Turned off and on again.
    await card.getByRole('button', { name: 'Turn off' }).click();
    await card.getByText('Off', { exact: true }).waitFor();
    await card.getByRole('button', { name: 'Turn on' }).click();
    await card.getByText('On', { exact: true }).waitFor();

    // In Russian, on a phone.
    const ru = await openPage(browser, { viewport: { width: 1440, height: 900 }, locale: 'ru-RU', errors });
    await signIn(ru.page, desk.url, desk.ruAdmin.email);
    await ru.page.getByRole('link', { name: 'Вебхуки' }).click();
    await ru.page.getByRole('heading', { name: 'Вебхуки', level: 1 }).waitFor();
    await ru.page.getByRole('form', { name: 'Новый вебхук' }).getByLabel('Адрес получателя').waitFor();
    await ru.page.locator('.webhook-card').first().getByRole('button', { name: 'Журнал отправок' }).click();
    await ru.page.getByRole('button', { name: 'Отправить тестовое событие' }).waitFor();
    await ru.page.locator('.webhook-status-succeeded', { hasText: 'Доставлено' }).first().waitFor();
    await ru.page.screenshot({ path: '/tmp/webhooks-ru-1440.png', fullPage: true });
    await ru.page.setViewportSize({ width: 390, height: 844 });
    await ru.page.waitForTimeout(600);
    await ru.page.screenshot({ path: '/tmp/webhooks-ru-390.png', fullPage: true });
    t.ok((await contentOverflow(ru.page)) <= 0, 'nothing wider than a phone in Russian either');

    // An engineer has no such page.
    const eng = await openPage(browser, { viewport: { width: 1440, height: 900 }, locale: 'en-GB', errors });
    await signIn(eng.page, desk.url, desk.engineer.email);
    t.equal(await eng.page.getByRole('link', { name: 'Webhooks' }).count(), 0, 'not in an engineer’s navigation');
    t.same(errors, [], 'no page errors');
  },
);
