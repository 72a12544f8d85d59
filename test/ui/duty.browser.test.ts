import t from 'tap';
import type { Page } from 'playwright-core';
import type { Installation } from '../../server/installation.js';
import { VIEWPORTS, fitsScreen, launchChromium, openDeskPage, signIn, startUiDesk } from '../helpers/browser.js';
import { uiAgent } from '../helpers/ui-desk.js';
import { createTeam } from '../../server/modules/teams/index.js';
import { createSchedule } from '../../server/modules/duty/duty.service.js';

const IGNORE = /401|403|409|Failed to load resource/;

/** The shell scrolls its content pane; let the page grow so the PNG holds all of it (as npm run screenshots does). */
async function fullShot(page: Page, path: string) {
  await page.evaluate(() => {
    const shell = document.querySelector<HTMLElement>('.shell');
    const content = document.querySelector<HTMLElement>('.content');
    if (shell) shell.style.height = 'auto';
    if (content) content.style.overflow = 'visible';
  });
  await page.screenshot({ path, fullPage: true });
  await page.evaluate(() => {
    document.querySelector<HTMLElement>('.shell')?.style.removeProperty('height');
    document.querySelector<HTMLElement>('.content')?.style.removeProperty('overflow');
  });
}

async function seed(inst: Installation) {
  const manager = await uiAgent(inst, 'manager', 'manager@duty.test', 'Марина Руководитель', 'ru');
  const egor = await uiAgent(inst, 'engineer', 'egor@duty.test', 'Egor Nightly', 'en');
  const pavel = await uiAgent(inst, 'engineer', 'pavel@duty.test', 'Павел Сменный', 'ru');
  const team = await createTeam(inst.ctx(manager.actor), {
    name: 'Первая линия',
    memberIds: [manager.id, egor.id, pavel.id],
  });
  return { manager, egor, pavel, team };
}

t.test('a manager builds a night rotation, overrides it; on a phone and a desktop, in Russian', async (t) => {
  const browser = await launchChromium(t);
  const { url, egor, pavel } = await startUiDesk(t, { seed });
  const errors: string[] = [];
  const { page } = await openDeskPage(browser, 'ru-RU', VIEWPORTS.wide, errors, IGNORE);
  await signIn(page, url, 'manager@duty.test');

  await page.click('.sidebar a[href="/duty"]');
  await page.waitForSelector('.duty-page h1');
  t.equal(await page.locator('.duty-page h1').innerText(), 'Дежурства');
  t.match(
    await page.locator('.duty-empty').innerText(),
    /Графиков дежурств пока нет\.\s+Создайте график для команды ниже/,
  );

  // A weekly night-and-weekend rotation: Egor, then Pavel.
  const form = page.locator('form.duty-new');
  await form.locator('label', { hasText: egor.name }).locator('input[type="checkbox"]').check();
  await form.locator('label', { hasText: pavel.name }).locator('input[type="checkbox"]').check();
  t.match(await form.locator('.order').innerText(), `1. ${egor.name}, 2. ${pavel.name}`, 'the rotation order is shown');
  t.equal(await form.locator('select[name="layer-0-preset"]').inputValue(), 'nights', 'nights and weekends by default');
  await form.locator('button[type="submit"]').click();
  const card = page.locator('article.duty-schedule');
  await card.waitFor();
  t.match(await card.locator('h2').innerText(), 'Первая линия', 'named after the team');
  t.match(await card.locator('.layer-list').innerText(), `${egor.name} → ${pavel.name}`);
  t.match(await card.locator('.layer-list').innerText(), /неделя · пересменка в 10:00 · ночи 19:00–10:00 и выходные/);
  await card.locator('.shift-list .shift').first().waitFor();
  t.ok((await card.locator('.shift-list .shift').count()) >= 10, 'two weeks of nights listed');
  t.match(
    await card.locator('.shift-list').innerText(),
    /\d{2}\.\d{2}\.\d{4} \d{2}:\d{2} – /,
    'dates as 04.12.2026 19:00',
  );

  // An override: Pavel instead of everyone for a night.
  const override = card.locator('form[aria-label="Добавить замену"]');
  await override.locator('select[name="override-agent"]').selectOption({ label: pavel.name });
  await override.locator('input[name="override-reason"]').fill('Егор на конференции');
  await override.locator('button[type="submit"]').click();
  await card.locator('.duty-overrides li', { hasText: 'Егор на конференции' }).waitFor();
  t.match(await card.locator('.duty-overrides li').first().innerText(), `${pavel.name}`);
  t.match(await card.locator('.duty-overrides li').first().innerText(), 'вместо всех');
  await card.locator('.shift-list .chip', { hasText: 'замена' }).first().waitFor();
  t.pass('the override shows in the shift list');
  t.ok(await fitsScreen(page), 'fits 1440 px');
  await fullShot(page, '/tmp/ondesk-duty-ru-1440.png');

  await page.setViewportSize(VIEWPORTS.phone);
  await page.waitForTimeout(200);
  t.ok(await fitsScreen(page), 'fits 390 px');
  await fullShot(page, '/tmp/ondesk-duty-ru-390.png');
  t.same(errors, [], 'no errors in the page');
});

t.test('an engineer asks for a swap and records leave, the manager approves; in English on a phone', async (t) => {
  const browser = await launchChromium(t);
  const desk = await startUiDesk(t, { seed });
  const { url, egor, pavel, manager, team, inst } = desk;
  const errors: string[] = [];
  const { page } = await openDeskPage(browser, 'en-GB', VIEWPORTS.phone, errors, IGNORE);
  await signIn(page, url, 'egor@duty.test');
  await page.goto(`${url}/duty`);
  await page.waitForSelector('.duty-page h1');
  t.equal(await page.locator('.duty-page h1').innerText(), 'Duty');
  t.match(
    await page.locator('.duty-empty').innerText(),
    /No duty schedules yet\.\s+A manager sets up the duty schedules/,
  );
  t.equal(await page.locator('form.duty-new').count(), 0, 'engineers do not build schedules');
  t.match(await page.locator('.duty-me').innerText(), 'No leave recorded.');
  t.ok(await fitsScreen(page), 'the empty page fits 390 px');
  await fullShot(page, '/tmp/ondesk-duty-en-390-empty.png');

  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  await createSchedule(inst.ctx(manager.actor), {
    teamId: team.id,
    timezone: 'Europe/Moscow',
    layers: [{ members: [egor.id, pavel.id], shiftMinutes: 1440, handoff: '09:00', startsOn: yesterday }],
  });
  await page.reload();
  const card = page.locator('article.duty-schedule');
  await card.waitFor();
  t.match(await card.locator('.layer-list').innerText(), /daily · handoff at 09:00 · around the clock/);
  await card.locator('.duty-now b').waitFor();
  t.match(await card.locator('.duty-now').innerText(), /On call now: (Egor Nightly|Павел Сменный)/);

  // A swap: Pavel takes Egor's duty tomorrow.
  const swap = card.locator('form[aria-label="Ask for a swap"]');
  await swap.locator('select[name="swap-with"]').selectOption({ label: pavel.name });
  await swap.locator('button[type="submit"]').click();
  await card.locator('.duty-swaps li', { hasText: 'awaits approval' }).waitFor();
  t.match(await card.locator('.duty-swaps li').innerText(), `${pavel.name} takes ${egor.name}’s duty`);
  t.equal(await card.locator('.duty-swaps button', { hasText: 'Approve' }).count(), 0, 'an engineer cannot approve');

  // Leave over the next days: a warning in the schedule.
  const leave = page.locator('form[aria-label="Add leave"]');
  const inTwo = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
  const inThree = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
  await leave.locator('input[name="leave-from"]').fill(inTwo);
  await leave.locator('input[name="leave-to"]').fill(inThree);
  await leave.locator('input[name="leave-note"]').fill('family');
  await leave.locator('button[type="submit"]').click();
  await page.locator('.duty-me li', { hasText: 'family' }).waitFor();
  await page.reload();
  await card.locator('.duty-alert.leave').waitFor();
  t.match(await card.locator('.duty-alert.leave').innerText(), `${egor.name} is on leave but on duty`);
  t.ok(await fitsScreen(page), 'fits 390 px');
  await fullShot(page, '/tmp/ondesk-duty-en-390.png');
  await page.setViewportSize(VIEWPORTS.wide);
  await page.waitForTimeout(200);
  t.ok(await fitsScreen(page), 'fits 1440 px');
  await fullShot(page, '/tmp/ondesk-duty-en-1440.png');

  // The manager approves it from her own page.
  const mgr = await openDeskPage(browser, 'ru-RU', VIEWPORTS.wide, errors, IGNORE);
  await signIn(mgr.page, url, 'manager@duty.test');
  await mgr.page.goto(`${url}/duty`);
  const pending = mgr.page.locator('.duty-swaps li', { hasText: 'ждёт утверждения' });
  await pending.waitFor();
  t.match(await mgr.page.locator('.duty-swaps').innerText(), '1 обмен ждёт вашего решения.');
  await pending.locator('button', { hasText: 'Утвердить' }).click();
  await mgr.page.locator('.duty-swaps li', { hasText: 'утверждён' }).waitFor();
  await mgr.page.locator('.shift-list .chip', { hasText: 'обмен' }).first().waitFor();
  t.pass('the approved swap shows in the shift list');
  await page.reload();
  await card.locator('.duty-swaps li', { hasText: 'approved' }).waitFor();
  t.pass('the engineer sees it approved');
  t.same(errors, [], 'no errors in the pages');
});
