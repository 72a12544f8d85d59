import t, { type Test } from 'tap';
import type { Page } from 'playwright-core';
import type { Installation } from '../../server/installation.js';
import { findOutbox } from '../../server/modules/outbox/outbox.repository.js';
import { launchChromium, openPage, signIn, startUiDesk } from '../helpers/browser.js';
import { uiAgent } from '../helpers/ui-desk.js';
import { httpGatewayServer } from '../notifications/helpers.js';

/**
 * A desk with an HTTP SMS gateway configured (the SMS only has to be queued: no worker runs here) and a monthly
 * cap of one, so the second SMS is refused with the server's message.
 */
async function startDesk(t: Test) {
  const gateway = await httpGatewayServer(t);
  const desk = await startUiDesk(t, {
    overrides: { smsProvider: 'http', smsHttpUrl: gateway.url, smsMonthlyCap: 1 },
    seed: async (inst) => ({
      admin: await uiAgent(inst, 'admin', 'admin@agents.test', 'Anna Admin', 'en'),
      manager: await uiAgent(inst, 'manager', 'manager@agents.test', 'Mark Manager', 'en'),
      engineer: await uiAgent(inst, 'engineer', 'engineer@agents.test', 'Egor Engineer', 'en'),
      nophone: await uiAgent(inst, 'accountant', 'accountant@agents.test', 'Alla Accountant', 'en'),
    }),
  });
  return { ...desk, gateway };
}

async function launch(t: Test): Promise<{ errors: string[]; signIn: (url: string, email: string) => Promise<Page> }> {
  const browser = await launchChromium(t);
  const errors: string[] = [];
  // One browser context per person: separate cookies, no sign-out dance.
  const signInAs = async (url: string, email: string) => {
    const { page } = await openPage(browser, {
      locale: 'en-GB',
      timezoneId: 'Europe/Moscow',
      viewport: { width: 1300, height: 900 },
      errors,
      label: email,
    });
    await signIn(page, url, email);
    return page;
  };
  return { errors, signIn: signInAs };
}

const api = async (url: string, token: string, path: string) => {
  const res = await fetch(`${url}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: await res.json() };
};

const outboxRow = (inst: Installation, id: number) => findOutbox(inst.database.db, id);

t.test(
  'agents: an admin sets a phone and sends an SMS; managers may, engineers may not; my notifications',
  async (t) => {
    const desk = await startDesk(t);
    const { url, inst, admin, manager, engineer, nophone } = desk;
    const { errors, signIn } = await launch(t);

    // ── The admin: the list, an engineer's card, a phone, an SMS ──
    const page = await signIn(url, admin.email);
    await page.click('.sidebar a[href="/agents"]');
    await page.waitForSelector(`tr[data-agent-id="${engineer.id}"]`);
    const names = await page.locator('.agents-table tbody tr td:first-child b').allTextContents();
    t.same(names, ['Alla Accountant', 'Anna Admin', 'Egor Engineer', 'Mark Manager'], 'every agent, by name');
    const row = page.locator(`tr[data-agent-id="${engineer.id}"]`);
    t.match(
      await row.innerText(),
      /engineer@agents\.test\s+Engineer\s+—\s+Active\s+English/,
      'e-mail, role, no phone, active, language',
    );

    await row.locator('td').nth(1).click(); // a click anywhere on the row opens the card
    await page.waitForSelector(`.agent-page[data-agent-id="${engineer.id}"]`);
    t.match(page.url(), new RegExp(`/agents/${engineer.id}$`));
    const smsButton = page.locator('button[data-action="send-sms"]');
    t.ok(await smsButton.isDisabled(), 'no phone yet: the SMS button is disabled');
    t.match(await page.locator('#sms-no-phone').innerText(), /Add a phone number/, 'with a hint why');

    await page.fill('#agent-phone', '+7 912 345-67-89');
    await page.locator('.agent-edit button[type="submit"]').click();
    await page.locator('.agent-edit .saved-note', { hasText: 'Saved.' }).waitFor();
    t.equal(
      await page.locator('dd[data-field="phone"]').innerText(),
      '+7 912 345-67-89',
      'the card shows the new phone',
    );
    t.equal(
      (await api(url, admin.token, `/agents/${engineer.id}`)).body.phone,
      '+7 912 345-67-89',
      'and the server has it',
    );
    t.ok(await smsButton.isEnabled(), 'with a phone the SMS button is enabled');

    await smsButton.click();
    const dialog = page.locator('[role="dialog"]');
    await dialog.waitFor();
    t.match(await dialog.locator('h2').innerText(), 'SMS to Egor Engineer');
    t.equal(
      await dialog.locator('#sms-count').innerText(),
      '0 / 459',
      'the counter starts at zero, with the server limit',
    );
    await dialog.locator('.sms-usage').waitFor();
    t.match(
      await dialog.locator('.sms-usage').innerText(),
      /This month \(\d{4}-\d{2}\): 0 sent, 0 refused\.\s+Monthly cap: 1 SMS\./,
      'this month’s counter and cap',
    );
    t.equal(await dialog.locator('textarea').getAttribute('maxlength'), '459');
    t.ok(await dialog.locator('button[type="submit"]').isDisabled(), 'nothing to send yet');
    const text = 'Server db1 is down, please call the duty manager';
    await dialog.locator('textarea').fill(text);
    t.equal(await dialog.locator('#sms-count').innerText(), `${text.length} / 459`, 'the counter follows the text');
    await dialog.locator('button[type="submit"]').click();
    const queued = dialog.locator('[data-outbox-id]');
    await queued.waitFor();
    t.match(await queued.innerText(), /^Queued, outbox #\d+/, 'the desk says it is queued, with the outbox number');
    const outboxId = Number(await queued.getAttribute('data-outbox-id'));
    const item = await outboxRow(inst, outboxId);
    t.match(
      item,
      { channel: 'sms', recipient: '+79123456789', body: text, status: 'pending' },
      'the SMS waits in the outbox',
    );
    t.equal(await dialog.locator('textarea').inputValue(), '', 'the text is cleared after sending');

    // The cap of one is reached (one SMS pending): the next is refused, and the server's words are shown.
    await dialog.locator('textarea').fill('And once more');
    await dialog.locator('button[type="submit"]').click();
    const refusal = dialog.locator('[data-sms-error="429"]');
    await refusal.waitFor();
    t.match(
      await refusal.innerText(),
      /The SMS was not sent: The monthly SMS cap is reached: 1 SMS through http:127\.0\.0\.1:\d+/,
      '429 shows the problem detail',
    );
    await dialog.locator('.sms-usage', { hasText: '1 refused' }).waitFor();
    await page.screenshot({ path: '/tmp/agents-sms.png', fullPage: true });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    // The admin adds an agent from the list.
    await page.click('.agent-page a.back');
    await page.waitForSelector('.new-agent');
    await page.fill('#new-agent-name', 'Nina New');
    await page.fill('#new-agent-email', 'nina@agents.test');
    await page.selectOption('.new-agent select[name="role"]', 'manager');
    await page.fill('#new-agent-phone', '+79001112233');
    await page.fill('#new-agent-password', 'short');
    await page.locator('.new-agent button[type="submit"]').click();
    t.match(
      await page.locator('#new-agent-password-error').innerText(),
      /At least 10 characters/,
      'a short password is caught before sending',
    );
    await page.fill('#new-agent-password', 'a-long-enough-password');
    await page.locator('.new-agent button[type="submit"]').click();
    const refused = page.locator('.new-agent .error');
    await refused.waitFor();
    t.match(
      await refused.innerText(),
      /The free mode allows 4 active agents/,
      'the seat limit is said in the server’s words',
    );

    // A seat is freed by deactivating the accountant on her card; then the new agent fits.
    await page.click(`tr[data-agent-id="${nophone.id}"] a`);
    await page.waitForSelector(`.agent-page[data-agent-id="${nophone.id}"]`);
    await page.locator('.agent-edit input[name="active"]').uncheck();
    await page.locator('.agent-edit button[type="submit"]').click();
    await page.locator('.agent-edit .saved-note', { hasText: 'Saved.' }).waitFor();
    t.equal(
      await page.locator('.agent-title .chip.agent-off').innerText(),
      'Deactivated',
      'the card says she is deactivated',
    );
    t.equal((await api(url, admin.token, `/agents/${nophone.id}`)).body.active, false);
    await page.click('.agent-page a.back');
    await page.waitForSelector(`tr[data-agent-id="${nophone.id}"].inactive-row`);
    t.equal(await page.inputValue('#new-agent-name'), '', 'a fresh form after leaving the page');
    await page.fill('#new-agent-name', 'Nina New');
    await page.fill('#new-agent-email', 'nina@agents.test');
    await page.selectOption('.new-agent select[name="role"]', 'manager');
    await page.fill('#new-agent-phone', '+79001112233');
    await page.fill('#new-agent-password', 'a-long-enough-password');
    await page.locator('.new-agent button[type="submit"]').click();
    await page.locator('.new-agent .saved-note', { hasText: 'Nina New is added.' }).waitFor();
    await page.locator('.agents-table tr', { hasText: 'nina@agents.test' }).waitFor();
    const created = (await api(url, admin.token, '/agents')).body.items.find(
      (a: { email: string }) => a.email === 'nina@agents.test',
    );
    t.match(
      created,
      { name: 'Nina New', role: 'manager', phone: '+79001112233', active: true, language: 'en' },
      'created on the server, in the language of the desk',
    );
    t.same(await page.locator('.new-agent input[name="name"]').inputValue(), '', 'the form is cleared');
    await page.screenshot({ path: '/tmp/agents-list.png', fullPage: true });

    // ── A manager: may send SMS; an agent without a phone cannot get one ──
    const managerPage = await signIn(url, manager.email);
    await managerPage.goto(`${url}/agents/${engineer.id}`);
    await managerPage.waitForSelector(`.agent-page[data-agent-id="${engineer.id}"]`);
    t.ok(await managerPage.locator('button[data-action="send-sms"]').isEnabled(), 'a manager sees the SMS button');
    t.equal(await managerPage.locator('.agent-edit').count(), 0, 'a manager does not edit other agents');
    await managerPage.goto(`${url}/agents/${nophone.id}`);
    await managerPage.waitForSelector(`.agent-page[data-agent-id="${nophone.id}"]`);
    t.ok(await managerPage.locator('button[data-action="send-sms"]').isDisabled(), 'no phone: the button is disabled');

    // ── An engineer: no SMS button; their own phone is editable; my notifications ──
    const engineerPage = await signIn(url, engineer.email);
    await engineerPage.click('.sidebar a[href="/agents"]');
    await engineerPage.waitForSelector(`tr[data-agent-id="${manager.id}"]`);
    t.equal(await engineerPage.locator('.new-agent').count(), 0, 'only admins add agents');
    await engineerPage.click(`tr[data-agent-id="${manager.id}"] a`);
    await engineerPage.waitForSelector(`.agent-page[data-agent-id="${manager.id}"]`);
    t.equal(await engineerPage.locator('button[data-action="send-sms"]').count(), 0, 'an engineer has no SMS button');
    t.equal(await engineerPage.locator('.agent-edit').count(), 0, 'nor an edit form on another agent’s card');
    await engineerPage.goto(`${url}/agents/${engineer.id}`);
    await engineerPage.waitForSelector('.agent-edit #agent-phone');
    t.equal(
      await engineerPage.locator('.agent-edit input[name="name"], .agent-edit select').count(),
      0,
      'on their own card: the phone only',
    );

    await engineerPage.click('.topbar a[data-nav="my-notifications"]');
    await engineerPage.waitForSelector('.notif-matrix');
    t.match(await engineerPage.locator('.my-phone').innerText(), 'My phone: +7 912 345-67-89');
    const box = engineerPage.locator('[data-mute="ticket.created|email"]');
    t.ok(await box.isChecked(), 'nothing is muted at first');
    t.equal(
      await engineerPage.locator('tr[data-event="ticket.created"] th').innerText(),
      'New ticket',
      'events have human names',
    );
    t.equal(
      await engineerPage
        .locator('.notif-matrix thead th')
        .allInnerTexts()
        .then((a) => a.slice(1).join(',')),
      'E-mail,SMS',
    );
    await box.uncheck();
    await engineerPage.locator('.badge.unsaved').waitFor();
    await engineerPage.locator('.notifications-page button[type="submit"]').click();
    await engineerPage.locator('.notifications-page .saved-note', { hasText: 'Saved.' }).waitFor();
    const prefs = await api(url, engineer.token, '/agents/me/notification-preferences');
    t.same(prefs.body.mutes, [{ event: 'ticket.created', channel: 'email' }], 'the API returns the mute');
    await engineerPage.reload();
    await engineerPage.waitForSelector('.notif-matrix');
    t.notOk(
      await engineerPage.locator('[data-mute="ticket.created|email"]').isChecked(),
      'still unticked after a reload',
    );
    t.ok(await engineerPage.locator('[data-mute="ticket.created|sms"]').isChecked(), 'the other channel is untouched');

    // Russian is first-class: the same page in Russian.
    await engineerPage.locator('.topbar button', { hasText: 'Русский' }).click();
    await engineerPage.locator('.notifications-page h1', { hasText: 'Мои уведомления' }).waitFor();
    t.equal(await engineerPage.locator('tr[data-event="ticket.created"] th').innerText(), 'Новая заявка');
    t.equal(await engineerPage.locator('.topbar a[data-nav="my-notifications"]').innerText(), 'Мои уведомления');
    await engineerPage.screenshot({ path: '/tmp/my-notifications.png', fullPage: true });

    t.same(errors, [], 'no page errors');
  },
);
