import t from 'tap';
import type { Page } from 'playwright-core';
import type { Installation } from '../../server/installation.js';
import { VIEWPORTS, fitsScreen, launchChromium, openDeskPage, signIn, startUiDesk } from '../helpers/browser.js';
import { uiAgent } from '../helpers/ui-desk.js';
import { createOrganization } from '../../server/modules/organizations/organizations.service.js';
import { createTicket, getTicket } from '../../server/modules/tickets/tickets.service.js';

const words = {
  ru: {
    duplicatedBy: 'дублируется заявкой',
    childOf: 'подзадача',
    changed: 'Изменено: 2.',
    merged: 'Изменено: 1.',
    refused: /не перемещена: .*cannot move to "new"/,
  },
  en: {
    duplicatedBy: 'duplicated by',
    childOf: 'child of',
    changed: 'Changed: 2.',
    merged: 'Changed: 1.',
    refused: /was not moved: .*cannot move to "new"/,
  },
};

function seedFor(language: 'ru' | 'en') {
  return async (inst: Installation) => {
    const admin = await uiAgent(inst, 'admin', 'admin@queue.test', 'Анна Админова', language);
    const egor = await uiAgent(inst, 'engineer', 'egor@queue.test', 'Егор Инженеров', language);
    const ctx = inst.ctx(admin.actor);
    const org = await createOrganization(ctx, { name: 'ООО «Ромашка»' });
    const make = (subject: string) =>
      createTicket(ctx, { subject, description: '—', organizationId: org.id, type: 'incident', priority: 'P3' });
    const tickets = [
      await make('Не печатает принтер'),
      await make('Нет доступа к 1С'),
      await make('Принтер снова'),
      await make('Принтер в бухгалтерии'),
    ];
    return { admin, egor, tickets };
  };
}

/** Drags a board card onto a cell with the mouse (pointer events, as a finger would). */
async function dragCard(page: Page, ticketId: number, target: string) {
  const card = page.locator(`.board-card[data-ticket="${ticketId}"]`);
  await card.scrollIntoViewIfNeeded();
  const from = (await card.boundingBox())!;
  const to = (await page.locator(target).boundingBox())!;
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 10, from.y + from.height / 2 + 10, { steps: 3 });
  await page.mouse.move(to.x + to.width / 2, to.y + Math.min(20, to.height / 2), { steps: 8 });
  await page.mouse.up();
}

for (const language of ['ru', 'en'] as const)
  for (const size of ['phone', 'wide'] as const)
    t.test(
      `queue and board, ${language} at ${VIEWPORTS[size].width} px: bulk assign, merge, drag a card`,
      async (t) => {
        const browser = await launchChromium(t);
        const desk = await startUiDesk(t, { seed: seedFor(language) });
        const { url, egor, tickets, inst } = desk;
        const [a, b, c, d] = tickets as [
          (typeof tickets)[0],
          (typeof tickets)[0],
          (typeof tickets)[0],
          (typeof tickets)[0],
        ];
        const errors: string[] = [];
        const { page } = await openDeskPage(
          browser,
          language === 'ru' ? 'ru-RU' : 'en-GB',
          VIEWPORTS[size],
          errors,
          /409|Failed to load resource/,
        );
        await signIn(page, url, 'admin@queue.test');
        const read = (id: number) => getTicket(inst.ctx(), id);

        // Bulk assign: tick the first, shift-tick the second (a range), assign both to Egor.
        await page.goto(`${url}/tickets?status=active&sort=number`);
        await page.locator(`input[name="pick"][value="${a.id}"]`).click();
        await page.locator(`input[name="pick"][value="${b.id}"]`).click({ modifiers: ['Shift'] });
        const bar = page.locator('.bulk-bar');
        await bar.waitFor();
        await bar.locator('select[name="bulkField"]').selectOption('assigneeId');
        await bar.locator('select[name="bulkValue"]').selectOption(String(egor.id));
        await bar.locator('button.primary').click();
        await page.locator('.bulk-result', { hasText: words[language].changed }).waitFor();
        t.equal((await read(a.id)).assignee_id, egor.id);
        t.equal((await read(b.id)).assignee_id, egor.id);
        t.equal((await read(c.id)).assignee_id, null, 'an unticked ticket is untouched');
        t.ok(await fitsScreen(page), 'the queue fits the screen');
        // The keyboard ticks too: x on the row under the cursor (the first), then the selection is cleared.
        await page.locator('body').press('x');
        await page.locator(`input[name="pick"][value="${a.id}"]:checked`).waitFor();
        await bar.locator('button.link').click();
        await bar.waitFor({ state: 'detached' });

        // Merge two tickets: the third into the fourth.
        await page.locator(`input[name="pick"][value="${c.id}"]`).click();
        await page.locator(`input[name="pick"][value="${d.id}"]`).click();
        await bar.locator('select[name="bulkField"]').selectOption('merge');
        await bar.locator('select[name="bulkInto"]').selectOption(String(d.id));
        await bar.locator('button.primary').click();
        await page.locator('.bulk-result', { hasText: words[language].merged }).waitFor();
        t.equal((await read(c.id)).status, 'closed', 'the merged ticket is closed');
        t.equal((await read(d.id)).status, 'new', 'the ticket merged into stays open');

        // The board of Egor's tickets: a card dragged to "in progress" moves; dragged back to "new" it is refused.
        await page.goto(`${url}/board?assigneeId=${egor.id}`);
        await page.locator(`.board-card[data-ticket="${a.id}"]`).waitFor();
        // The card moves at once (optimistically); the ticket changes when the desk has answered the move.
        const moved = page.waitForResponse(
          (r) => r.request().method() === 'PATCH' && r.url().endsWith(`/api/v1/tickets/${a.id}`),
        );
        await dragCard(page, a.id, `.board-cell[data-column="${egor.id}"][data-status="in_progress"]`);
        await page.locator(`.board-cell[data-status="in_progress"] .board-card[data-ticket="${a.id}"]`).waitFor();
        t.equal((await moved).status(), 200, 'the desk accepted the move');
        await t.resolveMatch(read(a.id), { status: 'in_progress' });
        await dragCard(page, a.id, `.board-cell[data-column="${egor.id}"][data-status="new"]`);
        const notice = page.locator('.board-notice');
        await notice.waitFor();
        t.match(await notice.innerText(), words[language].refused);
        await page.locator(`.board-cell[data-status="in_progress"] .board-card[data-ticket="${a.id}"]`).waitFor();
        t.equal((await read(a.id)).status, 'in_progress', 'the refused move changed nothing');
        t.ok(await fitsScreen(page), 'the board fits the screen');

        // The ticket merged into shows the reverse link; another link is made from its side panel by number.
        await page.goto(`${url}/tickets/${d.id}`);
        if (size === 'phone') await page.locator('button[aria-controls="ticket-side"]').click();
        const links = page.locator('.ticket-links');
        await links.locator('li', { hasText: `#${c.number}` }).waitFor();
        t.match(await links.locator('li').first().innerText(), words[language].duplicatedBy);
        await links.locator('select[name="linkKind"]').selectOption('parent_of');
        await links.locator('input[name="linkNumber"]').fill(String(b.number));
        await links.locator('button[type="submit"]').click();
        await links.locator('li', { hasText: `#${b.number}` }).waitFor();
        t.ok(await fitsScreen(page), 'the ticket with its links fits the screen');
        await page.goto(`${url}/tickets/${b.id}`);
        if (size === 'phone') await page.locator('button[aria-controls="ticket-side"]').click();
        await page.locator('.ticket-links li', { hasText: words[language].childOf }).waitFor();

        await page.goto(`${url}/workload`);
        await page.locator('.workload-table').waitFor();
        t.ok(await fitsScreen(page), 'the workload page fits the screen');
        t.same(errors, [], 'no page errors');
      },
    );

t.test("a fresh desk's queue says how to start, with the actions, in both languages", async (t) => {
  const browser = await launchChromium(t);
  const desk = await startUiDesk(t, {
    seed: async (inst) => ({ admin: await uiAgent(inst, 'admin', 'admin@fresh.test', 'Анна Админова', 'ru') }),
  });
  const errors: string[] = [];
  const { page } = await openDeskPage(browser, 'ru-RU', VIEWPORTS.phone, errors, /Failed to load resource/);
  await signIn(page, desk.url, 'admin@fresh.test');
  await page.goto(`${desk.url}/tickets?status=active`);
  const empty = page.locator('.first-run');
  await empty.waitFor();
  t.match(await empty.innerText(), /Заявок пока нет — создайте первую или подключите почту/);
  t.same(await empty.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href'))), [
    '/tickets/new',
    '/inbound',
  ]);
  await page.getByRole('button', { name: 'Menu' }).or(page.locator('.menu-button')).first().click();
  await page
    .locator('.sidebar button.link', { hasText: 'English' })
    .or(page.locator('.nav-account button.link').first())
    .first()
    .click();
  await page.locator('.first-run', { hasText: 'No tickets yet — create one or connect mail' }).waitFor();
  t.ok(await fitsScreen(page), 'fits the screen');
  t.same(errors, []);
});
