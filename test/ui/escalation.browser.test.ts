import t from 'tap';
import type { Page } from 'playwright-core';
import { VIEWPORTS, fitsScreen, launchChromium, openDeskPage, signIn, startUiDesk } from '../helpers/browser.js';
import { uiAgent } from '../helpers/ui-desk.js';
import { apiClient, type ApiClient } from '../helpers/app.js';
import { fixedClock } from '../../server/shared/clock.js';
import { findJob } from '../../server/jobs/registry.js';
import type { Installation } from '../../server/installation.js';

const IGNORE = /401|403|409|Failed to load resource/;
/** Saturday 13 March 2027, 02:00 in Moscow. */
const NIGHT = '2027-03-12T23:00:00.000Z';

async function seed(inst: Installation) {
  const admin = await uiAgent(inst, 'admin', 'admin@esc.test', 'Anna Admin', 'en');
  const egor = await uiAgent(inst, 'engineer', 'egor@esc.test', 'Егор Дежурный', 'ru');
  const lena = await uiAgent(inst, 'engineer', 'lena@esc.test', 'Lena Second', 'en');
  await inst.database.db
    .updateTable('agents')
    .set({ phone: '+79001234567' })
    .where('id', 'in', [egor.id, lena.id])
    .execute();
  return { admin, egor, lena };
}

/** Two lines with a duty engineer each, a 24x7 client, a night P1 (paged) and a night question of an 8x5 client. */
async function desk(api: ApiClient, egor: number, lena: number) {
  const ok = async (p: Promise<{ statusCode: number; body: string; json(): unknown }>, what: string) => {
    const res = await p;
    if (res.statusCode >= 300) throw new Error(`${what}: ${res.body}`);
    return res.json() as { id: number; number: number };
  };
  const calendar = await ok(
    api.post('/api/v1/calendars', {
      name: 'Будни 9–18 (Москва)',
      timezone: 'Europe/Moscow',
      week: {
        mon: [['09:00', '18:00']],
        tue: [['09:00', '18:00']],
        wed: [['09:00', '18:00']],
        thu: [['09:00', '18:00']],
        fri: [['09:00', '18:00']],
        sat: [],
        sun: [],
      },
    }),
    'calendar',
  );
  const teams: number[] = [];
  for (const [name, member] of [
    ['Первая линия', egor],
    ['Вторая линия', lena],
  ] as const) {
    const team = await ok(api.post('/api/v1/teams', { name, memberIds: [member] }), 'team');
    await ok(api.patch(`/api/v1/teams/${team.id}`, { calendarId: calendar.id }), 'team calendar');
    await ok(
      api.post('/api/v1/duty-schedules', {
        teamId: team.id,
        timezone: 'Europe/Moscow',
        layers: [{ members: [member], shiftMinutes: 10080, handoff: '10:00', startsOn: '2027-01-04' }],
      }),
      'schedule',
    );
    teams.push(team.id);
  }
  await ok(
    api.request('PUT', '/api/v1/support-lines', {
      lines: [
        { name: 'L1', teamId: teams[0], kind: 'support' },
        { name: 'L2', teamId: teams[1], kind: 'support' },
      ],
    }),
    'lines',
  );
  const ticketOf = async (tier: string, name: string, subject: string, priority: string) => {
    const org = await ok(api.post('/api/v1/organizations', { name }), 'organization');
    const agreement = await ok(
      api.post('/api/v1/agreements', {
        organizationId: org.id,
        calendarId: calendar.id,
        number: `${tier}-1`,
        title: 'Поддержка',
        start: '2027-01-01',
        end: '2027-12-31',
        tier,
        serviceIds: [],
      }),
      'agreement',
    );
    await ok(api.post(`/api/v1/agreements/${agreement.id}/activate`, {}), 'activate');
    return ok(
      api.post('/api/v1/tickets', {
        subject,
        description: 'Не работает',
        organizationId: org.id,
        type: 'incident',
        priority,
      }),
      'ticket',
    );
  };
  const p1 = await ticketOf('24x7', 'ООО «Ромашка»', 'Встал сервер 1С', 'P1');
  const quiet = await ticketOf('8x5', 'ИП Сидоров', 'Вопрос по отчёту', 'P4');
  return { p1, quiet };
}

async function shot(page: Page, name: string) {
  await page.screenshot({ path: `/tmp/escalation-${name}.png`, fullPage: true });
}

t.test(
  'the duty engineer sees the frozen chain of a night P1 and acknowledges it; in Russian, on a desktop and a phone',
  async (t) => {
    const browser = await launchChromium(t);
    const clock = fixedClock(NIGHT);
    const ui = await startUiDesk(t, { seed, clock });
    const admin = apiClient(ui.app, ui.admin.token, ui.admin.id);
    const { p1, quiet } = await desk(admin, ui.egor.id, ui.lena.id);
    // Twenty minutes pass unanswered: the second line is paged by the minute job.
    clock.advance(20 * 60_000);
    await findJob('escalations')!.run(ui.inst.ctx());
    const errors: string[] = [];

    const { page } = await openDeskPage(browser, 'ru-RU', VIEWPORTS.wide, errors, IGNORE);
    await signIn(page, ui.url, 'egor@esc.test');
    await page.goto(`${ui.url}/tickets/${p1.id}`);
    const panel = page.locator('.escalation-panel');
    await panel.locator('h3', { hasText: 'Цепочка эскалации' }).waitFor();
    const text = await panel.innerText();
    t.match(text, /Уровень 24x7/);
    t.match(text, /Дежурный 1-й линии\s+сразу/, 'step 1: the first line at once');
    t.match(text, /Дежурный 2-й линии\s+через 30 мин/, 'step 2: the second line after 30 minutes (the default)');
    t.match(text, /Дежурный руководитель/);
    t.match(text, /Зафиксирована при запуске, 13\.03\.2027 02:00/, 'frozen at the start, in the desk’s date format');
    t.match(
      text,
      /Егор Дежурный\s+· Дежурный 1-й линии · SMS \+ e-mail · 13\.03\.2027 02:00/,
      'who was paged, how, when',
    );
    t.match(text, /Следующий вызов 13\.03\.2027 02:30: шаг 2, круг 1/, 'the next page');
    t.equal(
      await page.locator('.ticket-side select[name="assigneeId"]').inputValue(),
      String(ui.egor.id),
      'assigned to the duty engineer',
    );
    await shot(page, 'ticket-ru-1440');

    await panel.locator('button', { hasText: 'Подтвердить' }).click();
    await panel.locator('.escalation-ack').waitFor();
    t.match(await panel.locator('.escalation-ack').innerText(), /Подтвердил\(а\) Егор Дежурный, 13\.03\.2027 02:20/);
    t.equal(await panel.locator('button', { hasText: 'Подтвердить' }).count(), 0, 'no button once acknowledged');
    t.match(await panel.innerText(), /подтверждено/, 'his page is marked acknowledged');
    const timeline = page.locator('.timeline');
    await timeline.locator('.event', { hasText: 'подтвердил(а) заявку' }).waitFor();
    t.match(await timeline.innerText(), /Система вызвал\(а\) Егор Дежурный \(SMS \+ e-mail\)/);
    t.match(await timeline.innerText(), /Егор Дежурный подтвердил\(а\) заявку: цепочка эскалации остановлена/);

    // On a phone the chain is in the details drawer, and nothing runs off the screen.
    const phone = await openDeskPage(browser, 'ru-RU', VIEWPORTS.phone, errors, IGNORE);
    await signIn(phone.page, ui.url, 'egor@esc.test');
    await phone.page.goto(`${ui.url}/tickets/${p1.id}`);
    await phone.page.locator('.details-toggle').click();
    await phone.page.locator('.escalation-panel .escalation-ack').waitFor();
    t.ok(await fitsScreen(phone.page), 'fits a 390 px screen');
    await phone.page.locator('.escalation-panel').scrollIntoViewIfNeeded();
    await phone.page.screenshot({ path: '/tmp/escalation-ticket-ru-390.png' });

    // The second line's engineer reads the same chain in English.
    const english = await openDeskPage(browser, 'en-GB', VIEWPORTS.wide, errors, IGNORE);
    await signIn(english.page, ui.url, 'lena@esc.test');
    await english.page.goto(`${ui.url}/tickets/${p1.id}`);
    const enPanel = english.page.locator('.escalation-panel');
    await enPanel.locator('.escalation-ack').waitFor();
    const enText = await enPanel.innerText();
    t.match(enText, /Tier 24x7 · Up to 2 rounds/);
    t.match(enText, /Line 1 on duty\s+at once/);
    t.match(enText, /Line 2 on duty\s+after 30 min/);
    t.match(
      enText,
      /Acknowledged by Егор Дежурный, Mar 13, 2027, 2:20 AM/,
      'English dates in the desk’s English format',
    );
    await english.page.screenshot({ path: '/tmp/escalation-ticket-en-1440.png' });

    // A ticket of an 8x5 client at night has no chain: the panel says when one starts.
    await page.goto(`${ui.url}/tickets/${quiet.id}`);
    await page.locator('.escalation-panel[data-state="none"]').waitFor();
    t.match(
      await page.locator('.escalation-panel').innerText(),
      /Цепочки эскалации нет\. Она запускается для P1 и для заявки, пришедшей в нерабочее время по договору 24x7 или премиум\./,
    );
    t.same(errors, [], 'no page errors');
  },
);

t.test('an admin sets the chain of a tier on the policies page; in English, on a desktop and a phone', async (t) => {
  const browser = await launchChromium(t);
  const ui = await startUiDesk(t, { seed, clock: fixedClock(NIGHT) });
  const api = apiClient(ui.app, ui.admin.token, ui.admin.id);
  const errors: string[] = [];
  const { page } = await openDeskPage(browser, 'en-GB', VIEWPORTS.wide, errors, IGNORE);
  await signIn(page, ui.url, 'admin@esc.test');
  await page.click('.sidebar a[href="/escalation-policies"]');
  const card = page.locator('form.policy-card[data-tier="24x7"]');
  await card.waitFor();
  t.equal(await page.locator('form.policy-card').count(), 4, 'one card per tier');
  t.match(await card.innerText(), /Built-in default: save it to make it your own\./);
  t.match(await page.locator('form.policy-card[data-tier="8x5"]').innerText(), /not paged: only 24x7 and premium are/);
  await shot(page, 'policies-en-1440');

  await card.locator('input[name="delay-1"]').fill('20');
  await card.locator('button', { hasText: 'Add step' }).click();
  await card.locator('select[name="target-3"]').selectOption({ label: 'Lena Second' });
  await card.locator('input[name="delay-3"]').fill('10');
  await card.locator('input[name="repeatCount"]').fill('3');
  await card.locator('button[type="submit"]').click();
  await card.locator('[role="status"]', { hasText: 'Policy 24x7 saved.' }).waitFor();
  // The card says when it was saved once the page has read the policies again.
  await card.locator('p.muted', { hasText: /Saved/ }).waitFor();
  t.match(await card.innerText(), /Saved 13 Mar 2027|Saved Mar 13, 2027/, 'the saved date in the English format');
  const saved = (await api.get('/api/v1/escalation-policies/24x7')).json();
  t.same(saved.steps, [
    { target: 'line:1', delayMinutes: 0 },
    { target: 'line:2', delayMinutes: 20 },
    { target: 'duty_manager', delayMinutes: 30 },
    { target: `agent:${ui.lena.id}`, delayMinutes: 10 },
  ]);
  t.equal(saved.repeatCount, 3);

  // A delay the server refuses says why, in the form.
  await card.locator('input[name="delay-0"]').fill('5000');
  await card.locator('button[type="submit"]').click();
  await card.locator('[role="alert"]').waitFor();
  t.match(
    await card.locator('[role="alert"]').innerText(),
    'Step 1: the delay is a whole number of minutes from 0 to 1440 (a day).',
  );
  t.equal((await api.get('/api/v1/escalation-policies/24x7')).json().steps[0].delayMinutes, 0, 'nothing saved');
  await shot(page, 'policies-en-1440-error');

  const phone = await openDeskPage(browser, 'en-GB', VIEWPORTS.phone, errors, IGNORE);
  await signIn(phone.page, ui.url, 'admin@esc.test');
  await phone.page.goto(`${ui.url}/escalation-policies`);
  await phone.page.locator('form.policy-card[data-tier="premium"]').waitFor();
  t.ok(await fitsScreen(phone.page), 'fits a 390 px screen');
  await phone.page.screenshot({ path: '/tmp/escalation-policies-en-390.png', fullPage: true });
  t.same(errors, [], 'no page errors');
});
