import t, { type Test } from 'tap';
import { createAgent } from '../../server/modules/agents/agents.service.js';
import { createApiToken } from '../../server/modules/auth/index.js';
import { launchChromium, openPage, signIn, startUiDesk } from '../helpers/browser.js';

const PASSWORD = 'calendar-test-password';
const ADMIN = 'admin@calendars.test';
const ENGINEER = 'engineer@calendars.test';

// Only the people the flow needs: the calendar pages depend on nothing else of the desk.
function startDesk(t: Test) {
  return startUiDesk(t, {
    seed: async (inst) => {
      const admin = await createAgent(inst.ctx(), {
        email: ADMIN,
        name: 'Администратор графиков',
        role: 'admin',
        password: PASSWORD,
        language: 'ru',
      });
      await createAgent(inst.ctx(), {
        email: ENGINEER,
        name: 'Инженер',
        role: 'engineer',
        password: PASSWORD,
        language: 'ru',
      });
      const { token } = await createApiToken(inst.ctx(), { agentId: admin.id, name: 'browser test' });
      return { token };
    },
  });
}

async function launch(t: Test) {
  const browser = await launchChromium(t);
  // The browser is in UTC while the calendar is in Moscow: times must be read in the calendar's zone.
  return openPage(browser, {
    locale: 'ru-RU',
    timezoneId: 'UTC',
    viewport: { width: 1400, height: 900 },
    ignoreConsole: /401|400|Failed to load resource/,
  });
}

t.test(
  'an admin creates a calendar from a preset, edits the week, sees the year and previews a deadline',
  async (t) => {
    const { url, app, token } = await startDesk(t);
    const { page, errors } = await launch(t);
    const api = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
      const res = await app.inject({
        method,
        url: `/api/v1${path}`,
        headers: { authorization: `Bearer ${token}` },
        ...(body !== undefined && { payload: body as object }),
      });
      return res.json();
    };

    await signIn(page, url, ADMIN, PASSWORD);

    // The list, reached from the navigation
    await page.click('.sidebar a[href="/calendars"]');
    await page.waitForSelector('.calendars-page h1');
    t.equal(await page.locator('.calendars-page h1').innerText(), 'Графики работы');
    // The heading comes before the list has loaded: wait for the list's answer, the empty state.
    await page.waitForSelector('.calendars-page .empty', { state: 'visible', timeout: 10_000 }).catch(() => null);
    t.ok(await page.locator('.calendars-page .empty').isVisible(), 'no calendars yet');
    t.match(
      await page.locator('.calendars-page').innerText(),
      /Производственный календарь РФ загружен за: 2024, 2025, 2026/,
    );

    // New from the Moscow preset
    await page.selectOption('select[name="preset"]', '8x5-moscow-production');
    await page.click('.new-calendar button[type="submit"]');
    await page.waitForURL(/\/calendars\/new\?preset=8x5-moscow-production$/);
    await page.waitForSelector('input[name="name"]');
    t.equal(
      await page.inputValue('input[name="name"]'),
      '8x5 Москва 10:00–19:00 по производственному календарю',
      'the preset name, translated',
    );
    t.equal(await page.inputValue('input[name="timezone"]'), 'Europe/Moscow');
    t.ok(await page.isChecked('input[name="production"]'), 'the production calendar is on');
    await page.fill('input[name="name"]', 'Поддержка 8x5, смена с перерывом');

    // A split shift on Wednesday: 10:00–14:00 and 15:00–19:00
    await page.fill('input[name="week.wed.0.1"]', '14:00');
    await page.click('button[aria-label="Добавить интервал: Среда"]');
    t.equal(
      await page.inputValue('input[name="week.wed.1.0"]'),
      '15:00',
      'a new interval starts after a one-hour break',
    );
    await page.fill('input[name="week.wed.1.1"]', '19:00');
    // an inline error from the server while the document is wrong: an overlap
    await page.fill('input[name="week.wed.1.0"]', '13:00');
    await page.waitForSelector('#week\\.wed-error');
    t.equal(
      await page.locator('#week\\.wed-error').innerText(),
      'Интервалы пересекаются.',
      'the server error is shown beside Wednesday, translated',
    );
    t.equal(await page.getAttribute('input[name="week.wed.1.0"]', 'aria-invalid'), 'true');
    await page.fill('input[name="week.wed.1.0"]', '15');
    await page.locator('input[name="week.wed.1.0"]').blur();
    t.equal(await page.inputValue('input[name="week.wed.1.0"]'), '15:00', '"15" becomes 15:00');
    await page.waitForSelector('#week\\.wed-error', { state: 'detached' });

    // Save: the page becomes the created calendar's
    await page.click('button[type="submit"][form="calendar-form"]');
    await page.waitForURL(/\/calendars\/\d+$/);
    const id = Number(new URL(page.url()).pathname.split('/').pop());
    await page.waitForSelector('.saved-note');
    t.equal(await page.locator('.saved-note').innerText(), 'График создан');
    const saved = await api('GET', `/calendars/${id}`);
    t.same(
      saved.week.wed,
      [
        ['10:00', '14:00'],
        ['15:00', '19:00'],
      ],
      'the split shift is saved',
    );
    t.equal(saved.production, 'RU');
    t.equal(saved.name, 'Поддержка 8x5, смена с перерывом');

    // The year view of 2026 (the saved calendar: no "unsaved" badge)
    for (let i = 0; i < 20 && (await page.getAttribute('.year-number', 'data-year')) !== '2026'; i++) {
      const current = Number(await page.getAttribute('.year-number', 'data-year'));
      await page.click(current > 2026 ? 'button[aria-label="Предыдущий год"]' : 'button[aria-label="Следующий год"]');
    }
    await page.waitForSelector('[data-date="2026-01-01"]');
    const jan1 = page.locator('[data-date="2026-01-01"]');
    t.equal(await jan1.getAttribute('data-kind'), 'production-holiday', '1 January 2026 is a public holiday');
    t.match(await jan1.getAttribute('class'), /from-production/, 'marked as coming from the production calendar');
    t.match(
      await jan1.getAttribute('title'),
      /Праздничный день: нерабочий\. Нерабочий праздничный или перенесённый выходной день \(производственный календарь\)/,
    );
    t.equal(await page.getAttribute('[data-date="2026-04-30"]', 'data-kind'), 'shortened');
    t.match(
      await page.getAttribute('[data-date="2026-04-30"]', 'title'),
      /10:00–18:00/,
      'the shortened day ends an hour early',
    );
    t.match(
      await page.getAttribute('[data-date="2026-04-29"]', 'title'),
      /10:00–14:00, 15:00–19:00/,
      'a Wednesday shows the split shift',
    );
    t.equal(await page.getAttribute('[data-date="2026-01-10"]', 'data-kind'), 'weekend');
    const yearApi = await api('GET', `/calendars/${id}/year/2026`);
    t.match(await page.locator('.year-totals').innerText(), new RegExp(`${yearApi.totals.workingDays} рабочих дней`));
    t.equal(await page.locator('.year-head .badge.unsaved').count(), 0, 'the year view shows the saved calendar');
    // keyboard: the dates are one tab stop; arrows move, the details follow
    await jan1.click();
    const focused = (date: string) =>
      page.waitForFunction((d) => document.activeElement?.getAttribute('data-date') === d, date).then(() => true);
    await page.keyboard.press('ArrowRight');
    t.ok(await focused('2026-01-02'), 'ArrowRight moves to the next day');
    t.match(await page.locator('.day-details').innerText(), /2 января 2026/);
    await page.keyboard.press('ArrowDown');
    t.ok(await focused('2026-01-09'), 'ArrowDown moves a week on');
    t.equal(await page.locator('.year-grid [tabindex="0"]').count(), 1, 'the dates are a single tab stop');
    await page.setViewportSize({ width: 1400, height: 1400 }); // the whole year card, details included
    await page.locator('.year-card').screenshot({ path: '/tmp/calendar-year.png' });
    await page.setViewportSize({ width: 1400, height: 900 });

    // The deadline preview: received Wed 29 Apr 17:00 Moscow, 4 h target → 2 h on Wednesday, 2 h on the shortened Thursday
    await page.fill('input[name="start"]', '2026-04-29T17:00');
    await page.fill('input[name="hours"]', '4');
    await page.fill('input[name="minutes"]', '0');
    await page.click('.preview button[type="submit"]');
    await page.waitForSelector('.preview-result time.due');
    const expected = await api('POST', `/calendars/${id}/deadline`, {
      start: '2026-04-29T17:00:00+03:00',
      minutes: 240,
      explain: true,
    });
    t.equal(expected.due, '2026-04-30T09:00:00.000Z');
    t.equal(
      await page.getAttribute('.preview-result time.due', 'datetime'),
      expected.due,
      'the due time shown is the API’s',
    );
    t.equal(
      await page.getAttribute('.preview-result time:not(.due)', 'datetime'),
      '2026-04-29T14:00:00.000Z',
      'the start was read in Moscow time, not the browser’s UTC',
    );
    const sentence = await page.locator('.preview-result .sentence').innerText();
    t.match(
      sentence,
      /Заявка, поступившая ср, 29 апр\. 2026 г\., 17:00, с нормативом 4 ч должна быть выполнена до чт, 30 апр\. 2026 г\., 12:00\./,
    );
    const rows = await page.locator('.explanation tbody tr').allInnerTexts();
    t.equal(rows.length, expected.intervals.length, 'one row per counted interval');
    t.match(rows[0], /17:00–19:00/);
    t.match(rows[1], /10:00–12:00[\s\S]*сокращённый предпраздничный день/);
    t.match(
      await page.locator('.zone-note').innerText(),
      /В вашем поясе \(UTC\)/,
      'the viewer’s own zone too, as it differs',
    );

    // A pause on Thursday morning moves the deadline
    await page.click('.preview .pauses button.link');
    await page.fill('input[name="pause-0-from"]', '2026-04-30T10:00');
    await page.fill('input[name="pause-0-to"]', '2026-04-30T11:00');
    await page.click('.preview button[type="submit"]');
    await page.waitForFunction(
      () => document.querySelector('.preview-result time.due')?.getAttribute('datetime') === '2026-04-30T10:00:00.000Z',
    );
    t.match(
      await page.locator('.explanation').innerText(),
      /ПАУЗЫ[\s\S]*10:00 — чт, 30 апр. 11:00 \(остановлено 1 ч рабочего времени\)/,
    );
    await page.evaluate(() => document.querySelector('.content')!.scrollTo(0, 0));
    await page.screenshot({ path: '/tmp/calendar-editor.png' });

    // Holidays of its own, edited from the year view; the preview follows unsaved edits
    await page.click('[data-date="2026-04-30"]');
    await page.click('.day-details button >> text=Сделать праздником');
    await page.waitForSelector('.date-chip');
    await page.waitForFunction(
      () => document.querySelector('[data-date="2026-04-30"]')?.getAttribute('data-kind') === 'holiday',
    );
    t.ok(await page.locator('.year-head .badge.unsaved').isVisible(), 'the year view says it previews unsaved changes');
    await page.waitForFunction(
      () => document.querySelector('.preview-result time.due')?.getAttribute('datetime') === '2026-05-04T09:00:00.000Z',
    );
    t.match(
      await page.locator('.explanation').innerText(),
      /праздник этого графика/,
      'the skipped own holiday is explained',
    );
    await page.click('button[type="submit"][form="calendar-form"]');
    await page.waitForSelector('.saved-note');
    t.same((await api('GET', `/calendars/${id}`)).holidays, ['2026-04-30']);

    // English, then delete
    await page.click('.topbar button.link >> text=English');
    await page.waitForSelector('.year-card h2 >> text=Year view');
    t.match(
      await page.locator('.preview-result .sentence').innerText(),
      /^A ticket at Wed, 29 Apr 2026, 17:00 with a target of 4 h is due at Mon, 4 May 2026, 12:00\.$/,
    );
    page.once('dialog', (dialog) => dialog.accept());
    await page.click('.head-actions button.danger');
    await page.waitForURL(/\/calendars$/);
    await page.waitForSelector('.calendars-page .empty');
    t.equal(
      (
        await app.inject({
          method: 'GET',
          url: `/api/v1/calendars/${id}`,
          headers: { authorization: `Bearer ${token}` },
        })
      ).statusCode,
      404,
      'deleted',
    );

    t.same(errors, [], 'no errors in the browser console');
  },
);

t.test('an engineer reads calendars and previews deadlines, but cannot change them', async (t) => {
  const { url, app, token } = await startDesk(t);
  const created = await app.inject({
    method: 'POST',
    url: '/api/v1/calendars',
    headers: { authorization: `Bearer ${token}` },
    payload: {
      name: '24x7',
      timezone: 'Europe/Moscow',
      week: {
        mon: [['00:00', '24:00']],
        tue: [['00:00', '24:00']],
        wed: [['00:00', '24:00']],
        thu: [['00:00', '24:00']],
        fri: [['00:00', '24:00']],
        sat: [['00:00', '24:00']],
        sun: [['00:00', '24:00']],
      },
    },
  });
  const { id } = created.json();
  const { page, errors } = await launch(t);
  await signIn(page, url, ENGINEER, PASSWORD);
  await page.click('.sidebar a[href="/calendars"]');
  await page.waitForSelector('.calendars-table tbody tr');
  t.equal(await page.locator('form.new-calendar').count(), 0, 'no "new calendar" form');
  await page.click(`a[href="/calendars/${id}"]`);
  await page.waitForSelector('[data-date]');
  t.equal(await page.locator('button[form="calendar-form"]').count(), 0, 'no save button');
  t.equal(await page.locator('.head-actions button.danger').count(), 0, 'no delete button');
  t.ok(await page.isDisabled('input[name="week.mon.0.0"]'), 'the week is read only');
  t.match(await page.locator('.head-actions').innerText(), /Только просмотр/);
  await page.fill('input[name="start"]', '2026-03-07T23:00');
  await page.fill('input[name="hours"]', '2');
  await page.click('.preview button[type="submit"]');
  await page.waitForSelector('.preview-result time.due');
  t.equal(
    await page.getAttribute('.preview-result time.due', 'datetime'),
    '2026-03-07T22:00:00.000Z',
    '24x7: plain addition',
  );
  t.same(errors, [], 'no errors in the browser console');
});
