import t from 'tap';
import { mkdirSync } from 'node:fs';
import { VIEWPORTS, fitsScreen, launchChromium, openDeskPage, signIn, startUiDesk } from '../helpers/browser.js';
import { uiAgent } from '../helpers/ui-desk.js';
import { createTeam } from '../../server/modules/teams/index.js';

const SHOTS = '/tmp/saved-views-shots';

t.test('a view saved on the phone and shared with a team shows in the sidebar of its members only', async (t) => {
  mkdirSync(SHOTS, { recursive: true });
  const browser = await launchChromium(t);
  const desk = await startUiDesk(t, {
    seed: async (inst) => {
      const admin = await uiAgent(inst, 'admin', 'admin@views.test', 'Анна Админова', 'ru');
      const egor = await uiAgent(inst, 'engineer', 'egor@views.test', 'Егор Инженеров', 'ru');
      const olga = await uiAgent(inst, 'engineer', 'olga@views.test', 'Olga Smith', 'en');
      const ivan = await uiAgent(inst, 'engineer', 'ivan@views.test', 'Иван Сторонний', 'ru');
      const ctx = inst.ctx(admin.actor);
      await createTeam(ctx, { name: 'Поддержка 1С', memberIds: [egor.id, olga.id] });
      await createTeam(ctx, { name: 'Сети', memberIds: [ivan.id] });
      return { ivan };
    },
  });
  const errors: string[] = [];

  // Egor, on a phone in Russian, saves the P1 queue for his team.
  const { page: phone } = await openDeskPage(browser, 'ru-RU', VIEWPORTS.phone, errors, /Failed to load resource/);
  await signIn(phone, desk.url, 'egor@views.test');
  await phone.goto(`${desk.url}/tickets?status=active&priority=P1`);
  await phone.click('.menu-button');
  await phone.click('.sidebar button.link:has-text("Сохранить вид")');
  const dialog = phone.getByRole('dialog', { name: 'Сохранить вид' });
  await dialog.waitFor();
  const team = dialog.getByLabel('Поделиться с командой');
  await team.locator('option', { hasText: 'Поддержка 1С' }).waitFor({ state: 'attached' });
  t.same(
    await team.locator('option').allInnerTexts(),
    ['Ни с кем: только мне', 'Поддержка 1С'],
    'only his own team is offered, after «only me»',
  );
  t.equal(await dialog.getByRole('button', { name: 'Сохранить' }).isDisabled(), true, 'no saving without a name');
  await dialog.getByLabel('Название представления').fill('Срочные 1С');
  await team.selectOption({ label: 'Поддержка 1С' });
  t.ok(await fitsScreen(phone), 'the dialog fits the phone');
  await phone.screenshot({ path: `${SHOTS}/save-view-390-ru.png` });
  await dialog.getByRole('button', { name: 'Сохранить' }).click();
  await dialog.waitFor({ state: 'detached' });
  // The drawer it was saved from stays open, with the new view in it.
  const mine = phone.locator('.sidebar .saved-view a', { hasText: 'Срочные 1С' });
  await mine.waitFor();
  t.equal(
    (await mine.textContent())!.replace(/\s+/g, ' ').trim(),
    'Срочные 1С · Поддержка 1С',
    'the sidebar says which team sees it',
  );
  t.equal(await mine.getAttribute('title'), 'Общий вид команды «Поддержка 1С»');

  // Olga, a member of the team, on a desktop in English, finds it in her sidebar and it opens the same queue.
  const { page: wide } = await openDeskPage(browser, 'en-GB', VIEWPORTS.wide, errors, /Failed to load resource/);
  await signIn(wide, desk.url, 'olga@views.test');
  const shared = wide.locator('.sidebar .saved-view a', { hasText: 'Срочные 1С' });
  await shared.waitFor();
  t.equal(await shared.getAttribute('title'), 'Shared with the team Поддержка 1С');
  t.equal(await wide.locator('.sidebar .saved-view:has-text("Срочные 1С") button.x').count(), 0, 'not hers to delete');
  await shared.click();
  await wide.waitForURL(/\/tickets\?status=active&priority=P1$/);
  await wide.screenshot({ path: `${SHOTS}/shared-view-1440-en.png` });

  // Ivan, in another team, does not see it.
  const { page: other } = await openDeskPage(browser, 'ru-RU', VIEWPORTS.wide, errors, /Failed to load resource/);
  await signIn(other, desk.url, 'ivan@views.test');
  await other.locator('.sidebar a', { hasText: 'Все заявки' }).waitFor();
  const views = await desk.app.inject({
    method: 'GET',
    url: '/api/v1/views',
    headers: { authorization: `Bearer ${desk.ivan.token}` },
  });
  t.same(views.json().items, [], 'no view reaches an agent outside the team');
  t.equal(await other.locator('.sidebar .saved-view').count(), 0, 'and his sidebar has none');
  t.same(errors, []);
});
