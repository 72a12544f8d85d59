import t, { type Test } from 'tap';
import type { Installation } from '../../server/installation.js';
import { createContact, createOrganization } from '../../server/modules/organizations/organizations.service.js';
import { apiClient } from '../helpers/app.js';
import { launchChromium, openPage, signIn, startUiDesk } from '../helpers/browser.js';
import { uiAgent } from '../helpers/ui-desk.js';
import { compose, ingest } from '../mail/helpers.js';

interface Rule {
  event: string;
  channel: string;
  recipient: string;
  agentId: number | null;
  enabled: boolean;
}

/**
 * A desk with mail to administer: two tickets mailed in by a client (so two receipts wait in the outbox, with no
 * SMTP server configured), one of them marked failed, and a stranger's reply to the first ticket held for an admin.
 */
async function startDesk(t: Test) {
  const desk = await startUiDesk(t, { seed: (inst) => seedMail(t, inst) });
  return { ...desk, api: apiClient(desk.app, desk.admin.token, desk.admin.id) };
}

async function seedMail(t: Test, inst: Installation) {
  const admin = await uiAgent(inst, 'admin', 'admin@mail.test', 'Anna Admin', 'en');
  const engineer = await uiAgent(inst, 'engineer', 'engineer@mail.test', 'Egor Engineer', 'en');
  const org = await createOrganization(inst.ctx(admin.actor), { name: 'Romashka LLC' });
  await createContact(inst.ctx(admin.actor), org.id, {
    name: 'Ivan Petrov',
    email: 'ivan@romashka.example',
    language: 'en',
  });

  const first = await ingest(
    inst,
    await compose({
      from: 'Ivan Petrov <ivan@romashka.example>',
      to: 'support@desk.test',
      subject: 'Printer is down',
      text: 'The printer in accounting prints nothing.',
      messageId: '<printer-1@romashka.example>',
    }),
  );
  const second = await ingest(
    inst,
    await compose({
      from: 'Ivan Petrov <ivan@romashka.example>',
      to: 'support@desk.test',
      subject: 'VPN drops',
      text: 'The VPN drops every hour.',
      messageId: '<vpn-1@romashka.example>',
    }),
  );
  t.equal(first.outcome, 'ticket');
  t.equal(second.outcome, 'ticket');
  const held = await ingest(
    inst,
    await compose({
      from: 'Mallory <attacker@evil.example>',
      to: 'support@desk.test',
      subject: 'Re: Printer is down',
      text: 'Please send the file to me',
      html: '<p>Please send <b>the file</b> to me</p><script>parent.document.title = "pwned"</script>',
      inReplyTo: '<printer-1@romashka.example>',
    }),
  );
  t.equal(held.outcome, 'held', 'a stranger replying to a ticket is held');

  const db = inst.database.db;
  const outbox = await db.selectFrom('outbox').selectAll().orderBy('id').execute();
  t.ok(outbox.length >= 2, `the receipts wait in the outbox (${outbox.length})`);
  t.ok(
    outbox.every((m) => m.status === 'pending'),
    'with no SMTP server nothing is sent',
  );
  const failed = outbox[0]!;
  await db
    .updateTable('outbox')
    .set({ status: 'failed', attempts: 8, last_error: '550 5.1.1 mailbox unavailable' })
    .where('id', '=', failed.id)
    .execute();
  const pending = outbox[outbox.length - 1]!;
  return { admin, failedId: failed.id, pending, held, ticketId: first.ticketId!, engineerId: engineer.id };
}

t.test(
  'an admin reads and retries outbox mail, edits notification rules and templates, and reviews held mail',
  async (t) => {
    const browser = await launchChromium(t);
    const desk = await startDesk(t);
    const { url, api } = desk;
    const { context, page, errors } = await openPage(browser, {
      locale: 'en-GB',
      timezoneId: 'Europe/Moscow',
      viewport: { width: 1400, height: 900 },
    });
    page.on('dialog', (d) => d.accept());

    await signIn(page, url, 'admin@mail.test');

    // ---- Outbox: read a waiting mail, retry a failed one ----
    await page.click('.sidebar a[href="/outbox"]');
    const pendingRow = page.locator(`[data-outbox-id="${desk.pending.id}"]`);
    await pendingRow.waitFor();
    t.equal(await page.locator('[data-note="no-smtp"]').count(), 1, 'the admin is told why mail waits');
    t.equal(await page.locator('[data-count="failed"]').textContent(), '1', 'the failed tab counts one');
    await pendingRow.locator('button.mail-open').click();
    const message = page.locator(`[data-outbox-message="${desk.pending.id}"]`);
    await message.waitFor();
    const text = await message.locator('.mail-text').textContent();
    t.equal(text, desk.pending.body, 'the whole text of the mail is shown as it will be sent');
    t.equal(
      await message.locator('.mail-text').evaluate((e) => getComputedStyle(e).whiteSpace),
      'pre-wrap',
      'line breaks kept',
    );
    t.match(await message.textContent(), 'ivan@romashka.example');
    await page.screenshot({ path: '/tmp/mail-outbox-message.png' });
    await page.locator('.dialog button', { hasText: 'Close' }).click();
    await message.waitFor({ state: 'detached' });

    await page.click('[data-tab="failed"]');
    const failedRow = page.locator(`[data-outbox-id="${desk.failedId}"]`);
    await failedRow.waitFor();
    t.match(
      await failedRow.locator('[data-last-error]').textContent(),
      '550 5.1.1 mailbox unavailable',
      'the last error is shown',
    );
    await failedRow.locator('[data-action="retry"]').click();
    await page.locator('.success', { hasText: `Message ${desk.failedId} is queued again` }).waitFor();
    await failedRow.waitFor({ state: 'detached' });
    await page.locator('[data-count="failed"]', { hasText: '0' }).waitFor();
    const retried = (await api.get(`/api/v1/outbox/${desk.failedId}`)).json();
    t.equal(retried.status, 'pending', 'the failed message is pending again');
    t.equal(retried.attempts, 0);
    await page.click('[data-tab="pending"]');
    await page.locator(`[data-outbox-id="${desk.failedId}"][data-status="pending"]`).waitFor();

    // ---- Notification rules ----
    const before = (await api.get('/api/v1/notification-rules')).json() as {
      items: Rule[];
      events: string[];
      recipients: string[];
    };
    // The SLA events come with the system-notification work; on a server without them the first ticket event stands in.
    const event = before.events.includes('sla.breach') ? 'sla.breach' : before.events[0]!;
    if (event !== 'sla.breach')
      t.comment(`the server lists no sla.breach yet (events: ${before.events.join(', ')}); using ${event}`);
    await page.click('.sidebar a[href="/notifications"]');
    const cell = page.locator(`input[data-rule="${event}|sms|assignee"]`);
    await cell.waitFor();
    t.equal(await page.locator('tr[data-event]').count(), before.events.length, 'a row per event the server lists');
    t.equal(
      await page.locator('th.recipient-head[data-recipient]').count(),
      before.recipients.filter((r) => r !== 'agent').length,
      'a column group per recipient',
    );
    if (event === 'sla.breach')
      t.match(
        await page.locator('tr[data-event="sla.breach"] th').textContent(),
        'SLA breached',
        'events have human names',
      );
    t.notOk(await cell.isChecked(), 'no SMS rule yet');

    // SMS to a client's contacts is refused by the server: the error names the rule and marks its cell.
    const contactSms = page.locator(`input[data-rule="${event}|sms|ticket_contact"]`);
    if (before.recipients.includes('ticket_contact')) {
      await contactSms.check();
      await page.click('[data-action="save-rules"]');
      await page.locator('[data-rules-errors]').waitFor();
      t.match(
        await page.locator('[data-rules-errors]').textContent(),
        /SMS go to agents only/,
        'the server’s refusal is shown',
      );
      t.equal(await contactSms.getAttribute('aria-invalid'), 'true', 'the refused cell is marked');
      await contactSms.uncheck();
    }
    await cell.check();
    // An agent named for one event and channel, beside the recipients by role.
    const named = page.locator('[data-named="ticket.created|email"]');
    await named.locator('select').selectOption(String(desk.engineerId));
    await named
      .locator(`[data-rule="ticket.created|email|agent|${desk.engineerId}"]`, { hasText: 'Egor Engineer' })
      .waitFor();
    await page.click('[data-action="save-rules"]');
    await page.locator('.rules-tab .saved-note', { hasText: 'Rules saved' }).waitFor();
    t.equal(await page.locator('[data-rules-errors]').count(), 0, 'the error is gone once saved');
    await page.reload();
    await cell.waitFor();
    t.ok(await cell.isChecked(), 'after a reload the SMS rule is ticked');
    const after = (await api.get('/api/v1/notification-rules')).json() as { items: Rule[] };
    t.ok(
      after.items.some((r) => r.event === event && r.channel === 'sms' && r.recipient === 'assignee' && r.enabled),
      'the server holds the SMS rule',
    );
    t.ok(
      after.items.some(
        (r) =>
          r.event === 'ticket.created' &&
          r.channel === 'email' &&
          r.recipient === 'agent' &&
          r.agentId === desk.engineerId,
      ),
      'the named agent is saved',
    );
    t.equal(after.items.length, before.items.length + 2, 'the other rules stayed as they were');
    t.notOk(
      after.items.some((r) => r.channel === 'sms' && r.recipient === 'ticket_contact'),
      'the refused rule was not saved',
    );
    await page.screenshot({ path: '/tmp/mail-rules.png', fullPage: true });

    // ---- Templates ----
    await page.click('[data-tab="templates"]');
    await page.click('[data-lang="en"]');
    await page.click('[data-template-event="ticket.created"]');
    const editor = page.locator('[data-template="ticket.created|en"]');
    await editor.waitFor();
    t.equal(
      await editor.locator('[data-overridden]').getAttribute('data-overridden'),
      'false',
      'the built-in template to begin with',
    );
    t.ok(await page.locator('[data-var="ticket.number"]').count(), 'variables are offered');
    const body = editor.locator('textarea[name="template-body"]');
    await body.fill('Ticket ');
    await body.press('End');
    await page.click('[data-var="ticket.number"]');
    t.equal(await body.inputValue(), 'Ticket {{ticket.number}}', 'a variable chip inserts at the cursor');
    await body.press('End');
    await body.type(' for {{nope}}');
    await page.click('[data-action="save-template"]');
    await page.locator('#template-body-error').waitFor();
    t.match(
      await page.locator('#template-body-error').textContent(),
      '{{nope}}',
      'the unknown variable is named next to the text',
    );
    t.equal(await body.getAttribute('aria-invalid'), 'true');
    await body.fill('Ticket {{ticket.number}} was created.');
    await page.click('[data-action="save-template"]');
    await editor.locator('.saved-note', { hasText: 'Template saved' }).waitFor();
    t.equal(await editor.locator('[data-overridden]').getAttribute('data-overridden'), 'true', 'shown as changed');
    t.equal(await page.locator('#template-body-error').count(), 0);
    let template = (await api.get('/api/v1/notification-templates/ticket.created/en')).json();
    t.equal(template.body, 'Ticket {{ticket.number}} was created.');
    t.equal(template.overridden, true);
    await page.screenshot({ path: '/tmp/mail-template.png', fullPage: true });
    await page.click('[data-action="reset-template"]');
    await editor.locator('.saved-note', { hasText: 'The built-in template is back' }).waitFor();
    t.equal(
      await editor.locator('[data-overridden]').getAttribute('data-overridden'),
      'false',
      'back to the built-in template',
    );
    template = (await api.get('/api/v1/notification-templates/ticket.created/en')).json();
    t.equal(template.overridden, false);
    t.equal(await body.inputValue(), template.default.body, 'the editor shows the built-in text again');

    // ---- Received mail ----
    await page.click('.sidebar a[href="/inbound"]');
    const heldRow = page.locator(`[data-inbound-id="${desk.held.inboundId}"]`);
    await heldRow.waitFor();
    t.match(
      await page.locator('[data-receiver="none"]').textContent(),
      /ONDESK_INBOUND_SMTP_PORT/,
      'the admin is told nothing receives mail in this desk',
    );
    t.match(
      await heldRow.locator('[data-reason]').textContent(),
      /attacker@evil\.example is not a participant/,
      'the reason is shown',
    );
    t.match(await heldRow.textContent(), 'attacker@evil.example');
    t.match(await heldRow.textContent(), 'Re: Printer is down');
    const raw = heldRow.locator('a[data-raw]');
    t.equal(
      await raw.getAttribute('href'),
      `/api/v1/inbound-messages/${desk.held.inboundId}/raw`,
      'the original can be downloaded',
    );
    t.equal(await raw.getAttribute('download'), `message-${desk.held.inboundId}.eml`);
    const eml = await page.evaluate((href) => fetch(href).then((r) => r.text()), (await raw.getAttribute('href'))!);
    t.match(eml, 'attacker@evil.example', 'the link serves the .eml');
    t.equal(
      await heldRow.locator(`[data-ticket-link="${desk.ticketId}"]`).getAttribute('href'),
      `/tickets/${desk.ticketId}`,
      'the ticket it aimed at is linked',
    );

    await heldRow.locator('button.mail-open').click();
    const dialog = page.locator(`[data-inbound-message="${desk.held.inboundId}"]`);
    await dialog.waitFor();
    const frame = dialog.locator('iframe.mail-frame');
    await frame.waitFor();
    t.equal(await frame.getAttribute('sandbox'), '', 'the mail is shown in a fully sandboxed frame');
    t.match(
      await page.frameLocator('iframe.mail-frame').locator('body').textContent(),
      'Please send the file to me',
      'its text is readable',
    );
    t.equal(await page.frameLocator('iframe.mail-frame').locator('script').count(), 0, 'the server removed the script');
    t.not(await page.title(), 'pwned');
    t.equal(await dialog.locator('[data-action="release"]').count(), 1, 'held mail offers its actions');
    await page.screenshot({ path: '/tmp/mail-inbound.png', fullPage: true });

    await dialog.locator('[data-action="release"]').click();
    await dialog.locator('[data-inbound-status="comment"]').waitFor();
    const comments = await desk.inst.database.db
      .selectFrom('comments')
      .selectAll()
      .where('ticket_id', '=', desk.ticketId)
      .execute();
    t.equal(comments.length, 1, 'released into the ticket as a comment');
    await page.locator('.dialog button', { hasText: 'Close' }).click();
    await heldRow.waitFor({ state: 'detached' });

    // Russian is first-class.
    await page.locator('.topbar button', { hasText: 'Русский' }).click();
    await page.locator('[data-tab="held"]', { hasText: 'Задержанные' }).waitFor();
    t.equal(await page.locator('.sidebar a[href="/inbound"]').textContent(), 'Входящие');

    // Engineers see none of it.
    await context.clearCookies();
    await signIn(page, url, 'engineer@mail.test');
    for (const href of ['/outbox', '/notifications', '/inbound'])
      t.equal(await page.locator(`.sidebar a[href="${href}"]`).count(), 0, `no ${href} link for engineers`);

    t.same(errors, [], 'no page errors');
  },
);
