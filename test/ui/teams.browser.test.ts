import t from 'tap';
import type { Installation } from '../../server/installation.js';
import { launchChromium, openPage, signIn, startUiDesk } from '../helpers/browser.js';
import { uiAgent } from '../helpers/ui-desk.js';
import { createOrganization } from '../../server/modules/organizations/organizations.service.js';
import { createTicket } from '../../server/modules/tickets/tickets.service.js';

async function seedTeams(inst: Installation) {
  const admin = await uiAgent(inst, 'admin', 'admin@teams.test', 'Анна Админова', 'ru');
  const egor = await uiAgent(inst, 'engineer', 'egor@teams.test', 'Егор Инженеров', 'ru');
  const pavel = await uiAgent(inst, 'engineer', 'pavel@teams.test', 'Павел Выездной', 'ru');
  await uiAgent(inst, 'engineer', 'olga@teams.test', 'Ольга Сетевая', 'ru');
  const ctx = inst.ctx(admin.actor);
  const org = await createOrganization(ctx, { name: 'ООО «Ромашка»' });
  const routed = await createTicket(ctx, {
    subject: 'Не печатает принтер в бухгалтерии',
    description: 'HP LaserJet, кабинет 204',
    organizationId: org.id,
    type: 'incident',
    priority: 'P2',
  });
  const other = await createTicket(ctx, {
    subject: 'Новый сотрудник: завести учётную запись',
    description: 'С понедельника',
    organizationId: org.id,
    type: 'request',
    priority: 'P3',
  });
  return { egor, pavel, routed, other };
}

t.test('an admin creates a team with two members, routes a ticket to it and filters the queue by it', async (t) => {
  const browser = await launchChromium(t);
  const { url, egor, pavel, routed, other } = await startUiDesk(t, { seed: seedTeams });
  const { page, errors } = await openPage(browser, {
    locale: 'ru-RU',
    timezoneId: 'Europe/Moscow',
    viewport: { width: 1400, height: 900 },
    ignoreConsole: /401|409|Failed to load resource/,
  });

  await signIn(page, url, 'admin@teams.test');

  // the teams page, from the setup section of the sidebar
  await page.click('.sidebar a[href="/teams"]');
  await page.waitForSelector('.teams-page h1');
  t.equal(await page.locator('.teams-page h1').innerText(), 'Команды', 'Russian words');
  t.match(await page.locator('.teams-page .empty').innerText(), 'Команд пока нет');

  // create with two members
  const form = page.locator('.new-team form');
  await form.locator('input[name="new-team-name"]').fill('Выездные инженеры');
  await form.locator('input[name="new-team-description"]').fill('Выезды к клиентам');
  await form.locator('label', { hasText: egor.name }).locator('input[type="checkbox"]').check();
  await form.locator('label', { hasText: pavel.name }).locator('input[type="checkbox"]').check();
  await form.locator('button[type="submit"]').click();
  await page.locator('.new-team [role="status"]', { hasText: 'Команда «Выездные инженеры» создана' }).waitFor();
  const row = page.locator('tr.team-row', { hasText: 'Выездные инженеры' });
  await row.waitFor();
  const members = await row.locator('.team-members-cell').innerText();
  t.ok(
    members.includes(egor.name) && members.includes(pavel.name) && !members.includes('Ольга'),
    `both members listed: ${members}`,
  );
  t.equal(await form.locator('input[name="new-team-name"]').inputValue(), '', 'the form is cleared for the next team');

  // a second team with the same name (other case) is refused with a word the admin understands
  await form.locator('input[name="new-team-name"]').fill('выездные ИНЖЕНЕРЫ');
  await form.locator('button[type="submit"]').click();
  await form.locator('.error', { hasText: 'Команда с таким названием уже есть' }).waitFor();
  t.equal(await page.locator('tr.team-row').count(), 1, 'nothing was created');

  // rename through the row's edit form
  await row.locator('button', { hasText: 'Изменить' }).click();
  const edit = page.locator('tr.editing form');
  await edit.locator('input[name$="-name"]').fill('Выездная бригада');
  await edit.locator('button[type="submit"]').click();
  const renamed = page.locator('tr.team-row', { hasText: 'Выездная бригада' });
  await renamed.waitFor();
  const teamId = Number(await renamed.getAttribute('data-id'));
  t.ok(teamId > 0, 'renamed');

  // route a ticket to the team from the ticket page
  await page.goto(`${url}/tickets/${routed.id}`);
  await page.waitForSelector('.ticket-head h1');
  const teamSelect = page.locator('.ticket-side select[name="teamId"]');
  await page.waitForFunction(() => document.querySelectorAll('.ticket-side select[name="teamId"] option').length > 1);
  t.equal(await teamSelect.inputValue(), '', 'no team yet');
  await teamSelect.selectOption({ label: 'Выездная бригада' });
  const event = page.locator('.timeline .event', { hasText: 'Выездная бригада' });
  await event.waitFor();
  t.match(await event.innerText(), /команда/i, 'the change is in the timeline with the team name');
  t.equal(await teamSelect.inputValue(), String(teamId), 'the select shows the team');
  await page.reload();
  await page.waitForFunction(
    (id) =>
      (document.querySelector('.ticket-side select[name="teamId"]') as HTMLSelectElement | null)?.value === String(id),
    teamId,
  );
  t.pass('kept after a reload');

  // filter the queue by the team
  await page.goto(`${url}/tickets`);
  await page.waitForSelector('table.grid tbody tr');
  t.equal(await page.locator('table.grid tbody tr').count(), 2, 'both tickets without a filter');
  await page.selectOption('.filters select[name="teamId"]', { label: 'Выездная бригада' });
  await page.waitForURL(new RegExp(`teamId=${teamId}`));
  await page.waitForFunction(() => document.querySelectorAll('table.grid tbody tr').length === 1);
  t.equal(await page.locator('table.grid tbody tr .col-subject').innerText(), routed.subject, "only the team's ticket");
  await page.selectOption('.filters select[name="teamId"]', 'none');
  await page.waitForURL(/teamId=none/);
  await page.waitForFunction(
    (subject) =>
      document.querySelector('table.grid tbody tr .col-subject')?.textContent === subject &&
      document.querySelectorAll('table.grid tbody tr').length === 1,
    other.subject,
  );
  t.pass('"without a team" shows the other ticket');
  await page.screenshot({ path: '/tmp/ondesk-teams-queue.png' });

  // deactivate, then delete with a confirmation: the ticket loses its team
  await page.goto(`${url}/teams`);
  const teamRow = page.locator(`tr.team-row[data-id="${teamId}"]`);
  await teamRow.locator('button', { hasText: 'Отключить' }).click();
  await teamRow.locator('.chip.retired', { hasText: 'отключена' }).waitFor();
  await page.screenshot({ path: '/tmp/ondesk-teams.png', fullPage: true });
  page.once('dialog', (dialog) => {
    t.match(dialog.message(), 'Удалить команду «Выездная бригада»?');
    void dialog.accept();
  });
  await teamRow.locator('button', { hasText: 'Удалить' }).click();
  await page.locator('.teams-page .empty').waitFor();
  await page.goto(`${url}/tickets/${routed.id}`);
  await page.waitForSelector('.ticket-side select[name="teamId"]');
  t.equal(
    await page.locator('.ticket-side select[name="teamId"]').inputValue(),
    '',
    'the ticket has no team after the team is deleted',
  );

  t.same(errors, [], 'no errors in the browser console');
});
