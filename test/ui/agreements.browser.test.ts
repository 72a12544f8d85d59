import t, { type Test } from 'tap';
import { launchChromium, openPage, signIn, startUiDesk } from '../helpers/browser.js';
import { uiAgent, uiContractDesk } from '../helpers/ui-desk.js';

const ADMIN = 'admin@agreements.test';

// The desk in this process: an admin who signs in, a manager who owns the contract data seeded through the services.
function startDesk(t: Test) {
  return startUiDesk(t, {
    seed: async (inst) => {
      const admin = await uiAgent(inst, 'admin', ADMIN, 'Администратор договоров');
      const manager = await uiAgent(inst, 'manager', 'manager@agreements.test', 'Мария Петрова');
      const desk = await uiContractDesk(inst, manager.actor, { agreement: true, number: '2026-014' });
      return { token: admin.token, desk };
    },
  });
}

async function launch(t: Test) {
  const browser = await launchChromium(t);
  // The browser is in UTC while the agreement's calendar is in Moscow: the SLA panel shows both.
  return openPage(browser, {
    locale: 'ru-RU',
    timezoneId: 'UTC',
    viewport: { width: 1400, height: 1000 },
    ignoreConsole: /401|Failed to load resource/,
  });
}

t.test(
  'a manager works an agreement: list, SLA matrix, renewal, copy, and a ticket with an SLA countdown',
  async (t) => {
    const { url, app, token, desk } = await startDesk(t);
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
    const agreementId = desk.agreement!.id;

    await signIn(page, url, ADMIN);

    // The list, from the navigation
    await page.click('.sidebar a[href="/agreements"]');
    await page.waitForSelector('.agreements-table tbody tr');
    t.equal(await page.locator('.agreements-page h1').innerText(), 'Договоры');
    const row = page.locator(`.agreements-table tr[data-id="${agreementId}"]`);
    t.match(
      await row.innerText(),
      /2026-014[\s\S]*Сопровождение 1С и сети[\s\S]*ООО «Ромашка»[\s\S]*Действует[\s\S]*24x7/,
    );
    t.match(await row.locator('.expiry').innerText(), /^истекает через \d+ (день|дня|дней)$/, 'days to expiry');
    // filters live in the URL: a status chip, then the expiry window, then text
    await page.click('.status-chips button:has-text("Запланирован")');
    await page.waitForURL(/status=planned/);
    await page.waitForSelector('.agreements-page .empty');
    t.equal(await page.locator('.agreements-table tbody tr').count(), 0, 'no planned agreements yet');
    await page.click('.status-chips button:has-text("Все")');
    await page.selectOption('select[name="expiring"]', '90');
    await page.waitForURL(/expiring=90/);
    await page.waitForSelector(`.agreements-table tr[data-id="${agreementId}"]`);
    await page.selectOption('select[name="expiring"]', '7');
    await page.waitForSelector('.agreements-page .empty');
    await page.goto(`${url}/agreements?q=${encodeURIComponent('нет такого')}`);
    await page.waitForSelector('.agreements-page .empty');
    t.equal(await page.inputValue('input[name="q"]'), 'нет такого', 'the search box shows the filter from the URL');

    // The agreement page
    await page.goto(`${url}/agreements`);
    await page.click(`.agreements-table tr[data-id="${agreementId}"] a`);
    await page.waitForURL(new RegExp(`/agreements/${agreementId}$`));
    await page.waitForSelector('.sla-matrix');
    t.match(await page.locator('.agreement-head h1').innerText(), /2026-014\s+Сопровождение 1С и сети/);
    t.match(await page.locator('.agreement-meta').innerText(), /Действует[\s\S]*ООО «Ромашка»/);
    t.equal(await page.locator('.sla-matrix tbody tr').count(), 4, 'P1–P4 for all types, from the 24x7 preset');
    t.equal(await page.inputValue('input[name$=".resolution.h"] >> nth=1'), '16', 'P2 resolution: 16 h');
    t.ok((await page.locator('.services-picker input[type="checkbox"]:checked').count()) === 1, 'one service covered');

    // Edit the SLA matrix: P2 reaction 30 min, resolution 4 h 30 min; a P1 row for incidents
    const p2 = page.locator('.sla-matrix tr[data-row="P2:"]');
    await p2.locator('input[name$=".reaction.h"]').fill('0');
    await p2.locator('input[name$=".reaction.m"]').fill('30');
    await p2.locator('input[name$=".resolution.h"]').fill('4');
    await p2.locator('input[name$=".resolution.m"]').fill('30');
    await page.selectOption('select[name="new-row-priority"]', 'P1');
    await page.selectOption('select[name="new-row-type"]', 'incident');
    await page.click('.add-row button');
    const p1incident = page.locator('.sla-matrix tr[data-row="P1:incident"]');
    await p1incident.locator('input[name$=".reaction.h"]').fill('0');
    await p1incident.locator('input[name$=".reaction.m"]').fill('15');
    // a resolution shorter than the reaction is refused beside the field
    await p1incident.locator('input[name$=".resolution.h"]').fill('0');
    await p1incident.locator('input[name$=".resolution.m"]').fill('10');
    await page.click('button:has-text("Сохранить нормативы")');
    await page.waitForSelector('.sla-matrix .field-error');
    t.equal(await p1incident.locator('.field-error').innerText(), 'Решение короче реакции.');
    await p1incident.locator('input[name$=".resolution.h"]').fill('2');
    await p1incident.locator('input[name$=".resolution.m"]').fill('0');
    await page.click('button:has-text("Сохранить нормативы")');
    await page.waitForSelector('.saved-note:has-text("Нормативы сохранены")');
    const saved = await api('GET', `/agreements/${agreementId}`);
    t.same(
      saved.targets.find((x: { priority: string; type: string | null }) => x.priority === 'P2' && !x.type),
      { priority: 'P2', type: null, reactionMinutes: 30, resolutionMinutes: 270 },
      'P2 saved in business minutes',
    );
    t.same(
      saved.targets.find((x: { type: string | null }) => x.type === 'incident'),
      { priority: 'P1', type: 'incident', reactionMinutes: 15, resolutionMinutes: 120 },
    );
    await page.waitForSelector('.agr-history .action-targets_changed');
    t.match(
      await page.locator('.agr-history li').first().innerText(),
      /Нормативы SLA изменены/,
      'the change is in the history',
    );

    // Copy to another client
    await page.click('button:has-text("Копировать клиентам")');
    await page.waitForSelector('[role="dialog"]');
    await page.check(`[role="dialog"] input[name="organizationIds"][value="${desk.other.id}"]`);
    await page.click('[role="dialog"] button[type="submit"]');
    await page.waitForSelector('.success:has-text("Создано копий: 1")');
    t.match(await page.locator('.success').innerText(), /2026-014-1 \(Гостиница «Волга»\)/);

    // Renew through the dialog: the new, planned agreement opens
    await page.click('.head-actions button:has-text("Продлить")');
    await page.waitForSelector('[role="dialog"] input[name="renew-number"]');
    t.match(await page.locator('[role="dialog"] #renew-start-hint').innerText(), /со дня после окончания этого/);
    await page.click('[role="dialog"] button[type="submit"]');
    await page.waitForURL((u) => /\/agreements\/\d+$/.test(u.pathname) && !u.pathname.endsWith(`/${agreementId}`));
    const renewedId = Number(new URL(page.url()).pathname.split('/').pop());
    await page.waitForSelector('.agreement-head h1:has-text("2026-014/2")');
    t.equal(
      await page.locator('.agreement-meta [data-status]').first().getAttribute('data-status'),
      'planned',
      'the renewal starts as planned',
    );
    t.match(await page.locator('.success').innerText(), /Договор № 2026-014\/2 создан как продление № 2026-014/);
    t.match(await page.locator('.agr-links').innerText(), /Продление договора\s+№ 2026-014/);
    const renewed = await api('GET', `/agreements/${renewedId}`);
    t.equal(renewed.status, 'planned');
    t.equal(renewed.renewedFromId, agreementId);
    t.equal(
      renewed.start,
      (() => {
        const d = new Date(`${saved.end}T00:00:00Z`);
        d.setUTCDate(d.getUTCDate() + 1);
        return d.toISOString().slice(0, 10);
      })(),
      'the next period starts the day after the end',
    );
    t.same(renewed.targets.length, saved.targets.length, 'the SLA matrix is carried over');
    await page.evaluate(() => document.querySelector('.content')?.scrollTo(0, 0));
    await page.screenshot({ path: '/tmp/agreement.png' });
    // the source now links to its renewal instead of offering another one
    await page.click('.agr-links a');
    await page.waitForSelector(`.head-actions a[href="/agreements/${renewedId}"]`);
    t.match(
      await page.locator(`.head-actions a[href="/agreements/${renewedId}"]`).innerText(),
      /Продлён договором № 2026-014\/2/,
    );

    // A ticket for the client: the agreement gives it deadlines, counted down on the ticket and in the queue
    await page.click('a.button.primary:has-text("Новая заявка")');
    await page.waitForSelector('form input[name="subject"]');
    await page.fill('input[name="subject"]', 'Доработать отчёт по продажам');
    await page.selectOption('select[name="organizationId"]', String(desk.org.id));
    await page.selectOption('select[name="type"]', 'request');
    await page.selectOption('select[name="priority"]', 'P2');
    await page.selectOption('select[name="serviceId"]', String(desk.support.id));
    await page.fill('textarea[name="description"]', 'Добавить в отчёт колонку с менеджером.');
    await page.click('button[type="submit"].primary');
    await page.waitForSelector('.sla-panel .sla-headline');
    const ticketId = Number(new URL(page.url()).pathname.split('/').pop());
    const ticket = await api('GET', `/tickets/${ticketId}`);
    t.equal(ticket.agreementId, agreementId, 'the ticket is under the active agreement');
    t.equal(ticket.slaState, 'ok');
    t.match(
      await page.locator('.sla-panel .sla-headline').innerText(),
      /Осталось (29|30) мин\s+до первого ответа, в рабочих часах/,
      'a business-time countdown to the first response',
    );
    t.match(await page.locator('.sla-panel .sla-agreement a').getAttribute('href'), `/agreements/${agreementId}`);
    t.match(
      await page.locator('.sla-panel .sla-deadlines').innerText(),
      /Первый ответ[\s\S]*\([^)]*\d\d:\d\d, Europe\/Moscow\)[\s\S]*Решение/,
      'deadlines in the viewer’s zone with the calendar’s beside',
    );
    await page.click('.sla-why summary');
    t.match(
      await page.locator('.sla-why-body').innerText(),
      /Учтённое рабочее время[\s\S]*Итого\s+30 мин/i,
      'why: 30 min counted',
    );

    // A manual deadline needs a reason
    await page.click('.sla-actions button:has-text("Задать срок вручную")');
    await page.fill('.sla-manual input[name="resolutionDue"]', '2030-01-15T12:00');
    await page.click('.sla-manual button[type="submit"]');
    t.equal(await page.locator('#sla-reason-error').innerText(), 'Укажите причину.');
    await page.fill('.sla-manual textarea[name="deadlineReason"]', 'Согласовано с клиентом по телефону');
    await page.click('.sla-manual button[type="submit"]');
    await page.waitForSelector('.sla-panel .badge.manual');
    t.match(await page.locator('.sla-panel .manual-reason').innerText(), /Согласовано с клиентом по телефону/);
    const manual = await api('GET', `/tickets/${ticketId}`);
    t.equal(manual.resolutionDue, '2030-01-15T12:00:00.000Z', 'the deadline was read in the viewer’s zone (UTC)');
    t.equal(manual.manualDeadline, true);
    await page.evaluate(() => document.querySelector('.content')?.scrollTo(0, 0));
    await page.screenshot({ path: '/tmp/ticket-sla.png' });

    // The queue: the SLA column counts down, nearest deadline first in the active view
    await page.click('.sidebar a:has-text("Активные")');
    await page.waitForSelector('table.grid tbody tr');
    t.equal(await page.inputValue('select[name="sort"]'), 'due', 'the active view sorts by the nearest deadline');
    const queueRow = page.locator('table.grid tbody tr', { hasText: 'Доработать отчёт по продажам' });
    t.match(await queueRow.locator('.col-sla').innerText(), /^осталось (29|30) мин$/, 'the queue shows the countdown');
    t.equal(await queueRow.locator('.sla-countdown').getAttribute('data-state'), 'ok');
    await page.selectOption('select[name="sort"]', '-created');
    await page.waitForURL(/sort=-created/);
    t.match(page.url(), /status=active/, 'the filters stay in the URL with the sort');

    // Terminate the copy through the reason dialog (Escape closes it without doing anything)
    const copy = (await api('GET', `/agreements?organizationId=${desk.other.id}`)).items[0];
    await page.goto(`${url}/agreements/${copy.id}`);
    await page.waitForSelector('.head-actions button.danger');
    await page.click('.head-actions button.danger');
    await page.waitForSelector('[role="dialog"] textarea[name="reason"]');
    await page.keyboard.press('Escape');
    await page.waitForSelector('[role="dialog"]', { state: 'detached' });
    await page.click('.head-actions button.danger');
    await page.click('[role="dialog"] button[type="submit"]');
    t.equal(await page.locator('#reason-error').innerText(), 'Укажите причину.', 'a reason is required');
    await page.fill('[role="dialog"] textarea[name="reason"]', 'Клиент отказался от поддержки');
    await page.click('[role="dialog"] button[type="submit"]');
    await page.waitForSelector('.agreement-meta [data-status="terminated"]');
    t.match(
      await page.locator('.agr-history li').first().innerText(),
      /Расторгнут[\s\S]*Клиент отказался от поддержки/,
      'the reason is in the history',
    );
    t.equal((await api('GET', `/agreements/${copy.id}`)).status, 'terminated');

    // The service catalogue
    await page.click('.sidebar a[href="/services"]');
    await page.waitForSelector('.services-table tbody tr');
    await page.fill('input[name="new-service-name"]', 'Резервное копирование');
    await page.fill('input[name="new-service-category"]', 'Инфраструктура');
    await page.click('.new-service button[type="submit"]');
    await page.waitForSelector('.services-table td:has-text("Резервное копирование")');
    t.equal((await api('GET', '/services?q=Резервное')).items[0]?.category, 'Инфраструктура');

    t.same(errors, [], 'no errors in the browser console');
  },
);
