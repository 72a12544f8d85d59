import { mkdirSync, readFileSync } from 'node:fs';
import t, { type Test } from 'tap';
import type { Browser, Page, Response } from 'playwright-core';
import { createAgreement } from '../../server/modules/agreements/agreements.service.js';
import { createContact } from '../../server/modules/organizations/organizations.service.js';
import { launchChromium, openPage, startUiDesk } from '../helpers/browser.js';
import { dayFromToday, uiAgent, uiContractDesk } from '../helpers/ui-desk.js';

/**
 * The client portal in a real browser. On a phone, in Russian, a contact asks for a sign-in link (the test reads
 * it off the answer, as the dev mode gives it), opens it, lands on the empty list, is refused on the service of
 * a planned agreement (the page names the agreement and its state), files a request with a file on the active
 * agreement's service, replies with another file; support answers publicly and in an internal note (never
 * shown), resolves it; the contact reopens it, reads the agreements and sets a password. On a desktop, in
 * English, another contact files a request and closes it; the first signs in with the password in Russian.
 * Every portal page is shot at both sizes, and on the phone none is wider than the screen.
 */

const SHOTS = '/tmp/portal-shots';
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1440, height: 900 };
const OLGA = 'olga@romashka.example';
const JOHN = 'john@romashka.example';
const ANNA = 'anna@volga.example';
const OLGA_PASSWORD = 'romashka-portal-2026';
/** The statuses the pages answer themselves (a refusal beside the form, another's request, /me before sign-in). */
const EXPECTED_CONSOLE = /Failed to load resource: the server responded with a status of (401|404|410|422)/;

async function startDesk(t: Test) {
  const desk = await startUiDesk(t, {
    overrides: { devLoginLinks: true },
    seed: async (inst) => {
      const manager = await uiAgent(inst, 'manager', 'manager@portal.test', 'Мария Петрова');
      const engineer = await uiAgent(inst, 'engineer', 'engineer@portal.test', 'Иван Инженеров');
      const contract = await uiContractDesk(inst, manager.actor, { agreement: true, number: '2026-014' });
      // Networks are covered from next month only: the contact sees why and cannot file on them yet.
      const planned = await createAgreement(inst.ctx(manager.actor), {
        organizationId: contract.org.id,
        number: '2027-003',
        title: 'Сеть и VPN',
        calendarId: contract.calendar.id,
        start: dayFromToday(30),
        end: dayFromToday(400),
        tier: '8x5',
        serviceIds: [contract.network.id],
        managerId: manager.id,
      });
      const john = await createContact(inst.ctx(manager.actor), contract.org.id, {
        name: 'John Smith',
        email: JOHN,
        language: 'en',
      });
      // A client with no agreement at all: every page says what to do instead.
      const anna = await createContact(inst.ctx(manager.actor), contract.other.id, {
        name: 'Anna Volkova',
        email: ANNA,
        language: 'en',
      });
      return { manager, engineer, contract, planned, john, anna };
    },
  });
  const agentApi = async (
    method: 'GET' | 'POST' | 'PATCH' | 'PUT',
    path: string,
    body?: object,
    token = desk.engineer.token,
  ) => {
    const res = await desk.app.inject({
      method,
      url: `/api/v1${path}`,
      headers: { authorization: `Bearer ${token}` },
      ...(body !== undefined && { payload: body }),
    });
    if (res.statusCode >= 400) throw new Error(`${method} ${path}: ${res.statusCode} ${res.body}`);
    return res.json();
  };
  return { ...desk, agentApi };
}

async function shot(page: Page, name: string) {
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

/** How far the page sticks out sideways (0: it fits the screen). */
const overflowOf = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

const heading = (page: Page) => page.locator('main h1').first().innerText();

/** The element that has focus: after a navigation, the new page's heading. */
const focusedTag = (page: Page) => page.evaluate(() => document.activeElement?.tagName ?? '');

/** Asks for a sign-in link through the login page; the answer's `link` (dev mode) is what the mail would carry. */
async function requestLink(page: Page, url: string, email: string) {
  await page.goto(`${url}/portal/login`);
  await page.waitForSelector('main h1');
  const answer = page.waitForResponse(
    (r: Response) => r.url().endsWith('/api/v1/portal/login-link') && r.request().method() === 'POST',
  );
  await page.fill('input[name="email"]', email);
  await page.click('form button[type="submit"]');
  const res = await answer;
  const body = (await res.json()) as { accepted: boolean; link?: string };
  await page.waitForSelector('.notice[role="status"]');
  const focused = await page.evaluate(() => document.activeElement?.closest('.notice') != null);
  return { status: res.status(), body, notice: await page.locator('.notice').innerText(), focused };
}

/** Opens a link the portal mailed (its path on this desk) and waits for the requests list. */
async function openLink(page: Page, url: string, link: string) {
  await page.goto(`${url}${new URL(link).pathname}`);
  await page.waitForURL(`${url}/portal/`);
  await page.waitForSelector('main h1');
}

async function checkPhoneFits(t: Test, page: Page, name: string) {
  t.equal(await overflowOf(page), 0, `${name} fits 390 px`);
  await checkAccessible(t, page, name);
}

/**
 * What a screen reader needs of every page: each field named by a label, one h1 and no skipped heading level,
 * buttons that are buttons (nothing clickable made of a div).
 */
async function checkAccessible(t: Test, page: Page, name: string) {
  const report = await page.evaluate(() => {
    const fields = [...document.querySelectorAll('input, select, textarea')] as HTMLInputElement[];
    const unlabelled = fields
      .filter((f) => f.type !== 'hidden' && !(f.labels && f.labels.length) && !f.getAttribute('aria-label'))
      .map((f) => f.name || f.outerHTML.slice(0, 60));
    const levels = [...document.querySelectorAll('h1, h2, h3, h4')].map((h) => Number(h.tagName[1]));
    const skipped = levels.some((level, i) => i > 0 && level > levels[i - 1]! + 1);
    const clickable = document.querySelectorAll('div[onclick], span[onclick], [role="button"]:not(button)').length;
    return { unlabelled, h1: levels.filter((l) => l === 1).length, first: levels[0], skipped, clickable };
  });
  t.same(report.unlabelled, [], `${name}: every field has a label`);
  t.equal(report.h1, 1, `${name}: one h1`);
  t.equal(report.first, 1, `${name}: the h1 comes first`);
  t.notOk(report.skipped, `${name}: no heading level is skipped`);
  t.equal(report.clickable, 0, `${name}: buttons are buttons`);
}

/** Every request the page makes goes to the desk: appliances run offline, nothing loads from another host. */
function watchHosts(page: Page, url: string, errors: string[]) {
  page.on('request', (r) => {
    if (!r.url().startsWith(url) && !r.url().startsWith('data:')) errors.push(`a request to another host: ${r.url()}`);
  });
}

const RU_DATE_TIME = /^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}$/;
const EN_DATE_TIME = /^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2}[\s\u202f][AP]M$/;

async function phoneFlow(t: Test, browser: Browser, desk: Awaited<ReturnType<typeof startDesk>>, errors: string[]) {
  const { url } = desk;
  const { page } = await openPage(browser, {
    locale: 'ru-RU',
    timezoneId: 'Europe/Moscow',
    viewport: PHONE,
    ignoreConsole: EXPECTED_CONSOLE,
    errors,
    label: 'olga phone',
  });
  watchHosts(page, url, errors);

  // The portal's own page, under a policy that allows its import map by hash and nothing inline besides.
  const first = await page.goto(`${url}/portal/login`);
  const policy = first?.headers()['content-security-policy'] ?? '';
  t.match(policy, /script-src 'self' 'sha256-[A-Za-z0-9+/=]+'/, 'the import map is allowed by its hash');
  t.notMatch(policy, /unsafe-inline|unsafe-eval/, 'nothing else inline');
  t.notMatch(await first!.text(), /\/app\/main\.js/, 'never the desk’s bundle');

  // An address nobody has reads the same as a known one: the page tells no one who is a client.
  const unknown = await requestLink(page, url, 'nobody@nowhere.example');
  t.equal(unknown.status, 202);
  t.match(unknown.notice, /Проверьте почту/);
  t.ok(unknown.focused, 'focus moves to the answer');
  await shot(page, 'login-sent-390-ru');
  const known = await requestLink(page, url, OLGA);
  t.equal(known.status, 202);
  t.equal(known.notice.replace(OLGA, '…'), unknown.notice.replace('nobody@nowhere.example', '…'), 'the same message');
  t.ok(known.body.link, 'the dev mode hands the link back');
  await page.reload();
  await page.waitForSelector('main h1');
  t.equal(await heading(page), 'Вход в личный кабинет');
  await checkPhoneFits(t, page, 'the sign-in page');
  await shot(page, 'login-390-ru');

  // The link signs her in; with nothing filed yet, the list says what to do.
  await openLink(page, url, known.body.link!);
  t.equal(await heading(page), 'Заявки');
  t.match(await page.locator('.topbar .org').innerText(), /Ромашка/);
  const empty = page.locator('.empty');
  t.match(await empty.innerText(), /Заявок пока нет|Открытых заявок нет/);
  await page.waitForSelector('.empty a:has-text("Создать первую заявку")');
  await checkPhoneFits(t, page, 'the empty list');
  await shot(page, 'tickets-empty-390-ru');

  // A used link is spent: the server's own page says so and points at the sign-in page.
  const reused = await page.context().newPage();
  const again = await reused.goto(`${url}${new URL(known.body.link!).pathname}`);
  t.equal(again?.status(), 410, 'a used link answers 410');
  t.ok(await reused.locator('a[href="/portal/login"]').count(), 'and links to the sign-in page');
  t.equal(await overflowOf(reused), 0, 'the spent link’s page fits 390 px');
  await shot(reused, 'link-used-390-ru');
  await reused.close();

  // The new request: the planned agreement's service cannot be chosen, and says why.
  await page.click('.empty a:has-text("Создать первую заявку")');
  await page.waitForURL(`${url}/portal/tickets/new`);
  await page.waitForSelector('select[name="serviceId"]');
  t.equal(await heading(page), 'Новая заявка');
  t.equal(await focusedTag(page), 'H1', 'focus moves to the new page heading');
  t.equal(await page.title(), 'Новая заявка — Ondesk', 'the title names the page');
  const network = page.locator(`select[name="serviceId"] option[value="${desk.contract.network.id}"]`);
  t.equal(await network.getAttribute('disabled'), '', 'the planned service is disabled');
  const why = await page.locator(`.unavailable li[data-service="${desk.contract.network.id}"]`).innerText();
  t.match(why, /Сеть и VPN/);
  t.match(why, /2027-003/, 'the reason names the agreement');
  t.match(why, /запланирован/, 'and its state');
  await checkPhoneFits(t, page, 'the new request form');
  await shot(page, 'new-ticket-390-ru');

  // A form opened before the agreement changed still sends it: the server refuses, the page shows its message.
  await page.evaluate((id) => {
    const select = document.querySelector('select[name="serviceId"]') as HTMLSelectElement;
    const option = select.querySelector(`option[value="${id}"]`) as HTMLOptionElement;
    option.disabled = false;
    select.value = String(id);
    select.dispatchEvent(new Event('change', { bubbles: true }));
  }, desk.contract.network.id);
  await page.fill('input[name="subject"]', 'Не работает VPN');
  await page.fill('textarea[name="description"]', 'С утра не подключается VPN в филиале');
  await page.click('form button[type="submit"]');
  const refusal = await page.waitForSelector('form .alert[role="alert"]');
  const refusalText = await refusal.innerText();
  t.match(refusalText, /2027-003/, 'the refusal names the agreement');
  t.match(refusalText, /запланирован/, 'and its state');
  await shot(page, 'new-ticket-refused-390-ru');

  // Filed on the active agreement's service, with a file.
  await page.selectOption('select[name="serviceId"]', String(desk.contract.support.id));
  await page.fill('input[name="subject"]', 'Ошибка при проведении реализации');
  await page.fill('textarea[name="description"]', 'Документ реализации не проводится: «Недостаточно прав».');
  await page.selectOption('select[name="priority"]', 'P2');
  await page.setInputFiles('form input[type="file"]', {
    name: 'oshibka.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('Недостаточно прав для проведения документа'),
  });
  await page.click('form button[type="submit"]');
  await page.waitForURL(/\/portal\/tickets\/\d+$/);
  const ticketId = Number(page.url().split('/').pop());
  await page.waitForSelector('.ticket-side .facts');
  t.match(await page.locator('.notice[role="status"]').first().innerText(), /Заявка №\d+ создана/);
  t.match(await heading(page), /Ошибка при проведении реализации/);
  t.match(await page.locator('.ticket-chips').innerText(), /Новая|Открыта/);
  t.match(await page.locator('.ticket-side').innerText(), /2026-014/, 'the agreement is named');
  for (const due of await page.locator('.ticket-side time').allInnerTexts())
    t.match(due, RU_DATE_TIME, `a due time reads as ru dates do: ${due}`);
  t.ok((await page.locator('.ticket-side time').count()) >= 1, 'the SLA due times are shown');
  t.equal(await page.locator('.files a', { hasText: 'oshibka.txt' }).count(), 1, 'the file is attached');

  // The file she attached comes back as she sent it.
  const download = page.waitForEvent('download');
  await page.click('.files a:has-text("oshibka.txt")');
  const file = await download;
  t.equal(file.suggestedFilename(), 'oshibka.txt');
  t.equal(readFileSync((await file.path())!, 'utf8'), 'Недостаточно прав для проведения документа');

  // Eleven files at once are refused before anything is sent; the reply keeps its text.
  await page.fill('textarea[name="body"]', 'Скриншот ошибки приложила.');
  await page.setInputFiles(
    'form.reply input[type="file"]',
    Array.from({ length: 11 }, (_, i) => ({ name: `f${i}.txt`, mimeType: 'text/plain', buffer: Buffer.from('x') })),
  );
  await page.click('form.reply button[type="submit"]');
  t.equal(await page.locator('form.reply .alert[role="alert"]').innerText(), 'Не больше 10 файлов за раз.');
  t.equal(await page.locator('textarea[name="body"]').inputValue(), 'Скриншот ошибки приложила.');

  // A reply with another file.
  await page.setInputFiles('form.reply input[type="file"]', {
    name: 'screen.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('скриншот'),
  });
  await page.click('form.reply button[type="submit"]');
  await page.waitForSelector('.conversation .comment.from-contact');
  await page.waitForSelector('.files a:has-text("screen.txt")');
  t.match(await page.locator('.conversation').innerText(), /Скриншот ошибки приложила/);
  await checkPhoneFits(t, page, 'the request');
  await shot(page, 'ticket-390-ru');

  // Support answers, notes something for itself, and resolves the request.
  await desk.agentApi('POST', `/tickets/${ticketId}/comments`, { body: 'Выдали права, проверьте.', public: true });
  await desk.agentApi('POST', `/tickets/${ticketId}/comments`, { body: 'ВНУТРЕННЕЕ: права выданы', public: false });
  await desk.agentApi('PATCH', `/tickets/${ticketId}`, { status: 'resolved' });
  await page.reload();
  await page.waitForSelector('.ticket-side .facts');
  const conversation = await page.locator('.conversation').innerText();
  t.match(conversation, /Выдали права, проверьте/, 'the public answer is shown');
  t.notMatch(conversation, /ВНУТРЕННЕЕ/, 'the internal note is not');
  t.match(await page.locator('.ticket-chips').innerText(), /Решена/);
  await shot(page, 'ticket-resolved-390-ru');

  // She reopens it within the window.
  await page.click('button:has-text("Открыть заявку снова")');
  await page.waitForSelector('.ticket-chips :text("Открыта")');
  t.equal(await page.locator('button:has-text("Открыть заявку снова")').count(), 0, 'reopened: no reopen button');

  // The list: the request in its card, and the search finds it.
  await page.click('nav a:has-text("Заявки")');
  await page.waitForSelector('.ticket-card');
  t.equal(await focusedTag(page), 'H1');
  t.match(await page.locator('.ticket-card').first().innerText(), /Ошибка при проведении реализации/);
  t.equal(await page.locator('.ticket-table').isVisible(), false, 'a phone shows cards, not the table');
  await checkPhoneFits(t, page, 'the list');
  await shot(page, 'tickets-390-ru');

  // The keyboard: the first Tab shows the skip link with a visible focus ring; it leads past the navigation.
  await page.reload();
  await page.waitForSelector('.ticket-card');
  await page.keyboard.press('Tab');
  const skip = await page.evaluate(() => {
    const el = document.activeElement as HTMLElement;
    const box = el.getBoundingClientRect();
    return { text: el.innerText, outline: getComputedStyle(el).outlineStyle, top: box.top };
  });
  t.equal(skip.text, 'К содержимому');
  t.not(skip.outline, 'none', 'the focus is visible');
  t.ok(skip.top >= 0, 'and on screen');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  t.equal(
    await page.evaluate(() => (document.activeElement as HTMLElement).innerText),
    'Новая заявка',
    'the next Tab is the page’s first control',
  );
  await page.fill('input[name="q"]', 'нет такого');
  const searched = page.waitForResponse((r) => /\/api\/v1\/portal\/tickets\?.*q=/.test(r.url()));
  await page.click('form.search button');
  t.equal((await searched).status(), 200, 'the search answers');
  await page.waitForSelector('.empty');
  t.match(await page.locator('.empty').innerText(), /ничего не найдено/);
  await shot(page, 'tickets-search-empty-390-ru');

  // The agreements: the active one only, with its services and targets.
  await page.click('nav a:has-text("Договоры")');
  await page.waitForSelector('.agreement');
  t.equal(await page.locator('.agreement').count(), 1, 'only the active agreement');
  const agreement = await page.locator('.agreement').innerText();
  t.match(agreement, /Договор 2026-014/);
  t.match(agreement, /Сопровождение 1С/);
  t.match(agreement, /Осталось \d+ д/);
  t.ok((await page.locator('.agreement .targets tbody tr').count()) >= 1, 'SLA targets per priority');
  await checkPhoneFits(t, page, 'the agreements');
  await shot(page, 'agreements-390-ru');

  // The profile: a password as the second way in.
  await page.click('nav a:has-text("Профиль")');
  await page.waitForSelector('input[name="password"]');
  await checkPhoneFits(t, page, 'the profile');
  await shot(page, 'profile-390-ru');
  await page.fill('input[name="password"]', 'short');
  await page.fill('input[name="repeat"]', 'short');
  await page.click('form:has(input[name="repeat"]) button[type="submit"]');
  t.equal(
    await page.locator('form:has(input[name="repeat"]) .alert[role="alert"]').innerText(),
    'В пароле должно быть не меньше 10 символов.',
  );
  await page.fill('input[name="password"]', OLGA_PASSWORD);
  await page.fill('input[name="repeat"]', OLGA_PASSWORD);
  await page.click('form:has(input[name="repeat"]) button[type="submit"]');
  await page.waitForSelector('.notice:has-text("Пароль сохранён")');
  return { ticketId };
}

async function desktopFlow(
  t: Test,
  browser: Browser,
  desk: Awaited<ReturnType<typeof startDesk>>,
  errors: string[],
  olgaTicketId: number,
) {
  const { url } = desk;
  const { page } = await openPage(browser, {
    locale: 'en-GB',
    timezoneId: 'Europe/Moscow',
    viewport: DESKTOP,
    ignoreConsole: EXPECTED_CONSOLE,
    errors,
    label: 'john desktop',
  });
  watchHosts(page, url, errors);
  const link = await requestLink(page, url, JOHN);
  t.match(link.notice, /Check your mail/);
  await shot(page, 'login-sent-1440-en');
  await openLink(page, url, link.body.link!);
  t.equal(await heading(page), 'Requests');
  await page.waitForSelector('.empty a:has-text("Create your first request")');
  await checkAccessible(t, page, 'the empty list at 1440 px');
  await shot(page, 'tickets-empty-1440-en');

  await page.click('nav a:has-text("New request")');
  await page.waitForSelector('select[name="serviceId"]');
  t.match(
    await page.locator(`.unavailable li[data-service="${desk.contract.network.id}"]`).innerText(),
    /2027-003.*planned/,
  );
  await checkAccessible(t, page, 'the new request form at 1440 px');
  await shot(page, 'new-ticket-1440-en');
  await page.selectOption('select[name="serviceId"]', String(desk.contract.support.id));
  await page.fill('input[name="subject"]', 'Exchange with the bank stopped');
  await page.fill('textarea[name="description"]', 'Statements have not arrived since Monday.');
  await page.click('form button[type="submit"]');
  await page.waitForURL(/\/portal\/tickets\/\d+$/);
  await page.waitForSelector('.ticket-side .facts');
  for (const due of await page.locator('.ticket-side time').allInnerTexts())
    t.match(due, EN_DATE_TIME, `a due time reads as en dates do: ${due}`);
  t.match(await page.locator('.ticket-side').innerText(), /First answer due/);
  await checkAccessible(t, page, 'the request at 1440 px');
  await shot(page, 'ticket-1440-en');

  // He closes it himself.
  await page.click('button:has-text("Close the request")');
  await page.click('button:has-text("Yes, close it")');
  await page.waitForSelector('.ticket-chips :text("Closed")');
  t.equal(await page.locator('.notice').count(), 0, 'the note about filing goes once he acts on the request');
  t.equal(await page.locator('form.reply').count(), 0, 'a closed request takes no reply');
  await shot(page, 'ticket-closed-1440-en');

  await page.click('nav a:has-text("Requests")');
  await page.waitForSelector('.empty');
  await page.click('.tabs a:has-text("Closed")');
  await page.waitForSelector('.ticket-table tbody tr');
  t.equal(await page.locator('.ticket-cards').isVisible(), false, 'a desktop shows the table, not cards');
  t.match(await page.locator('.ticket-table tbody').innerText(), /Exchange with the bank stopped/);
  t.notMatch(await page.locator('.ticket-table tbody').innerText(), /Ошибка при проведении/, 'own requests only');
  await checkAccessible(t, page, 'the list at 1440 px');
  await shot(page, 'tickets-closed-1440-en');

  // Olga's request is not his to see: the page answers as for a missing one, with the way back.
  await page.goto(`${url}/portal/tickets/${olgaTicketId}`);
  await page.waitForSelector('main .alert[role="alert"]');
  t.equal(
    await page.locator('main .alert').innerText(),
    'Not found: it does not exist or is not visible to you.',
    'in the portal’s words, the same as for a missing one',
  );
  t.notMatch(await page.locator('main').innerText(), /Ошибка при проведении/, 'nothing of it shows');
  t.equal(await page.locator('main a[href="/portal/"]').count(), 1, 'a link back to his requests');
  await checkAccessible(t, page, 'a request he may not see');
  await shot(page, 'ticket-hidden-1440-en');
  await page.click('main a[href="/portal/"]');
  await page.waitForSelector('.tabs');

  // The manager lets everyone at Romashka see the whole organization's requests: a column names who asked.
  await desk.agentApi(
    'PUT',
    `/organizations/${desk.contract.org.id}/portal`,
    { visibility: 'organization', reopenDays: 14, enabled: true },
    desk.manager.token,
  );
  await page.click('.tabs a:has-text("All")');
  await page.waitForFunction(() => document.querySelectorAll('.ticket-table tbody tr').length === 2);
  t.match(await page.locator('.ticket-table thead').innerText(), /Requester/);
  t.match(await page.locator('.ticket-table tbody').innerText(), /Ольга Смирнова/, 'Olga’s request, with her name');
  await checkAccessible(t, page, 'the organization’s list at 1440 px');
  await shot(page, 'tickets-organization-1440-en');

  // Made the billing contact, he gets the Documents tab: the balance, no documents yet, no reports yet.
  t.equal(await page.locator('nav a:has-text("Documents")').count(), 0, 'a requester has no Documents tab');
  await desk.agentApi(
    'PATCH',
    `/organizations/${desk.contract.org.id}/contacts/${desk.john.id}`,
    { portalRole: 'billing' },
    desk.manager.token,
  );
  await page.reload();
  await page.click('nav a:has-text("Documents")');
  await page.waitForSelector('.balance .balance-line');
  t.equal(await page.locator('.balance .balance-line').innerText(), 'All settled: nothing to pay.');
  t.match(await page.locator('.balance .facts').innerText(), /₽0\.00/);
  await page.waitForSelector('section[aria-labelledby="reports-heading"] .empty');
  t.match(await page.locator('main').innerText(), /No documents have been issued to your organization yet/);
  t.match(await page.locator('main').innerText(), /No reports have been mailed about your organization yet/);
  await checkAccessible(t, page, 'the documents at 1440 px');
  await shot(page, 'documents-1440-en');
  await page.setViewportSize(PHONE);
  await checkPhoneFits(t, page, 'the documents with five tabs');
  await shot(page, 'documents-390-en');
  await page.setViewportSize(DESKTOP);

  await page.click('nav a:has-text("Agreements")');
  await page.waitForSelector('.agreement');
  t.match(await page.locator('.agreement').innerText(), /days? left/);
  await checkAccessible(t, page, 'the agreements at 1440 px');
  await shot(page, 'agreements-1440-en');
  await page.click('nav a:has-text("Profile")');
  await page.waitForSelector('input[name="password"]');
  await checkAccessible(t, page, 'the profile at 1440 px');
  await shot(page, 'profile-1440-en');

  // His switch of language is his: kept on the server, so the next visit opens in it.
  await page.click('.topbar button.lang-switch');
  await page.waitForSelector('main h1:text("Профиль")');
  await page.reload();
  await page.waitForSelector('input[name="password"]');
  t.equal(await heading(page), 'Профиль', 'the chosen language survives a reload');
  t.equal(await page.locator('select[name="language"]').inputValue(), 'ru');

  // Support files 25 more for Olga (by phone, say): her list comes a page at a time.
  for (let i = 1; i <= 25; i++)
    await desk.agentApi('POST', '/tickets', {
      subject: `Плановая проверка ${i}`,
      description: 'Записано по телефону',
      organizationId: desk.contract.org.id,
      contactId: desk.contract.contact.id,
      serviceId: desk.contract.support.id,
      type: 'request',
      priority: 'P4',
    });

  // Olga on a desktop, by her password, in her own language.
  const olga = await openPage(browser, {
    locale: 'en-GB',
    timezoneId: 'Europe/Moscow',
    viewport: DESKTOP,
    ignoreConsole: EXPECTED_CONSOLE,
    errors,
    label: 'olga desktop',
  });
  const p = olga.page;
  watchHosts(p, url, errors);
  // She opens the agreements from a bookmark: signing in leads her back there.
  await p.goto(`${url}/portal/agreements`);
  await p.waitForURL(`${url}/portal/login`);
  await p.click('button:has-text("Password")');
  await checkAccessible(t, p, 'the password sign-in at 1440 px');
  await shot(p, 'login-password-1440-en');
  await p.fill('input[name="email"]', OLGA);
  await p.fill('input[name="password"]', 'not-her-password');
  await p.click('form button[type="submit"]');
  t.equal(
    await p.locator('form .alert[role="alert"]').innerText(),
    'Wrong e-mail or password. No password yet? Sign in by a link.',
    'a wrong password is refused in the page’s language',
  );
  await p.fill('input[name="password"]', OLGA_PASSWORD);
  await p.click('form button[type="submit"]');
  await p.waitForURL(`${url}/portal/agreements`);
  await p.waitForSelector('.agreement');
  t.equal(await heading(p), 'Договоры', 'the page she asked for, in her language, not the browser’s');
  t.equal(await p.locator('nav a:has-text("Документы")').count(), 0, 'a requester has no Documents tab');
  await p.click('nav a:has-text("Заявки")');
  await p.waitForSelector('.ticket-table tbody tr');
  t.equal(await p.locator('.ticket-table tbody tr').count(), 25, 'the first page');
  await checkAccessible(t, p, 'the list with a second page');
  await shot(p, 'tickets-1440-ru');
  await p.click('button:has-text("Показать ещё")');
  await p.waitForSelector('.ticket-table tbody tr:nth-child(26)');
  t.equal(await p.locator('.ticket-table tbody tr').count(), 26, 'the rest after "show more"');
  t.equal(await p.locator('button:has-text("Показать ещё")').count(), 0, 'and nothing more to show');

  // The search finds her request among them; the address keeps it.
  await p.fill('input[name="q"]', 'реализации');
  await p.click('form.search button');
  await p.waitForURL(/q=/);
  await p.waitForFunction(() => document.querySelectorAll('.ticket-table tbody tr').length === 1);
  t.match(await p.locator('.ticket-table tbody').innerText(), /Ошибка при проведении реализации/);
  await p.reload();
  await p.waitForSelector('.ticket-table tbody tr');
  t.equal(await p.locator('.ticket-table tbody tr').count(), 1, 'a reload shows the same search');
  t.equal(await p.locator('input[name="q"]').inputValue(), 'реализации');
  await shot(p, 'tickets-search-1440-ru');
  await p.click('.ticket-table tbody a');
  await p.waitForSelector('.ticket-side .facts');
  await shot(p, 'ticket-1440-ru');
}

/** On a phone in English, a client without agreements: each empty page says what to do next. */
async function emptyFlow(t: Test, browser: Browser, desk: Awaited<ReturnType<typeof startDesk>>, errors: string[]) {
  const { url } = desk;
  const { page } = await openPage(browser, {
    locale: 'en-GB',
    timezoneId: 'Europe/Moscow',
    viewport: PHONE,
    ignoreConsole: EXPECTED_CONSOLE,
    errors,
    label: 'anna phone',
  });
  watchHosts(page, url, errors);
  const link = await requestLink(page, url, ANNA);
  await checkPhoneFits(t, page, 'the sign-in page in English');
  await shot(page, 'login-sent-390-en');
  await openLink(page, url, link.body.link!);
  t.match(await page.locator('.topbar .org').innerText(), /Волга/);
  await page.waitForSelector('.empty a:has-text("Create your first request")');
  await checkPhoneFits(t, page, 'the empty list in English');
  await shot(page, 'tickets-empty-390-en');

  await page.click('nav a:has-text("New request")');
  await page.waitForSelector('.empty');
  t.match(await page.locator('.empty').innerText(), /no services under agreements[\s\S]*Write to your manager/);
  t.equal(await page.locator('form button[type="submit"]').count(), 0, 'no form to send without a service');
  await checkPhoneFits(t, page, 'the new request without services');
  await shot(page, 'new-ticket-none-390-en');

  await page.click('nav a:has-text("Agreements")');
  await page.waitForSelector('.empty');
  t.match(await page.locator('.empty').innerText(), /no active agreements[\s\S]*renew or sign one/);
  await checkPhoneFits(t, page, 'the agreements without any');
  await shot(page, 'agreements-none-390-en');

  await page.click('nav a:has-text("Profile")');
  await page.waitForSelector('input[name="password"]');
  t.match(await page.locator('.facts').innerText(), /Your own requests/, 'she sees her own requests');
  await checkPhoneFits(t, page, 'the profile in English');
  await shot(page, 'profile-390-en');
  await page.click('button:has-text("Sign out")');
  await page.waitForURL(`${url}/portal/login`);
  await page.goto(`${url}/portal/`);
  await page.waitForURL(`${url}/portal/login`);
  await page.waitForSelector('main h1');
  t.equal(await heading(page), 'Sign in to the client portal', 'signed out, the portal sends her to sign in');
}

t.test('a contact signs in by link, files, is refused on a planned service, replies, attaches, reopens', async (t) => {
  mkdirSync(SHOTS, { recursive: true });
  const desk = await startDesk(t);
  const browser = await launchChromium(t);
  const errors: string[] = [];
  const { ticketId } = await phoneFlow(t, browser, desk, errors);
  await desktopFlow(t, browser, desk, errors, ticketId);
  await emptyFlow(t, browser, desk, errors);
  t.same(errors, [], 'no page or console errors');
});
