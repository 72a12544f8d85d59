import t from 'tap';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openPage, signIn, startUiDesk } from '../helpers/browser.js';
import { uiAgent, uiContractDesk } from '../helpers/ui-desk.js';
import { createTicket, updateTicket } from '../../server/modules/tickets/index.js';
import { surveysJob } from '../../server/modules/surveys/index.js';
import { fixedClock } from '../../server/shared/clock.js';

const MANAGER = 'manager@csat.test';
const ENGINEER = 'engineer@csat.test';

const viewports = { wide: { width: 1440, height: 900 }, phone: { width: 390, height: 844 } };

/** Nothing is wider than the screen: no sideways scroll on a phone. */
const fits = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

async function open(
  browser: Browser,
  locale: 'ru-RU' | 'en-GB',
  viewport: { width: number; height: number },
  errors: string[],
) {
  return (
    await openPage(browser, {
      locale,
      timezoneId: 'Europe/Moscow',
      viewport,
      ignoreConsole: /401|404|Failed to load resource/,
      errors,
      label: `${locale} ${viewport.width}`,
    })
  ).page;
}

t.test('a contact scores from the mail; the desk shows it on the ticket, the client and the agreement', async (t) => {
  // The server's clock runs an hour ahead once the ticket is resolved, so the survey is due at once.
  const clock = fixedClock(new Date());
  const desk = await startUiDesk(t, {
    clock,
    seed: async (inst) => {
      const manager = await uiAgent(inst, 'manager', MANAGER, 'Мария Петрова');
      const engineer = await uiAgent(inst, 'engineer', ENGINEER, 'Egor Engineer', 'en');
      const contract = await uiContractDesk(inst, manager.actor, { agreement: true });
      const ticket = await createTicket(inst.ctx(manager.actor), {
        subject: 'Не печатает принтер в бухгалтерии',
        description: 'Замятие бумаги',
        organizationId: contract.org.id,
        contactId: contract.contact.id,
        assigneeId: engineer.id,
        type: 'incident',
        priority: 'P3',
      });
      await updateTicket(inst.ctx(engineer.actor), ticket.id, { status: 'resolved' });
      clock.advance(61 * 60_000);
      await surveysJob(inst.ctx(), { baseUrl: 'http://desk.invalid' });
      const mail = await inst.database.db
        .selectFrom('outbox')
        .select('body')
        .where('dedupe_key', 'like', 'survey:%')
        .executeTakeFirstOrThrow();
      const token = /\/survey\/([A-Za-z0-9_-]{43})\/4/.exec(mail.body)![1]!;
      return { ...contract, ticket, token };
    },
  });
  const { url, ticket, token, org, other, agreement } = desk;
  const browser = await launchChromium(t);
  const errors: string[] = [];

  // The contact, on a phone, in Russian: one click records the score; the comment goes with the form.
  const contact = await open(browser, 'ru-RU', viewports.phone, errors);
  const cspViolations: string[] = [];
  contact.on('console', (m) => /Content Security Policy/i.test(m.text()) && cspViolations.push(m.text()));
  const scored = await contact.goto(`${url}/survey/${token}/4`);
  t.equal(scored!.status(), 200);
  t.equal(await contact.locator('h1').innerText(), 'Спасибо за оценку!');
  t.match(await contact.locator('.score').innerText(), /Ваша оценка: 4 — хорошо/);
  t.ok(await fits(contact), 'the thank-you page fits 390 px');
  await contact.screenshot({ path: '/tmp/csat-survey-ru-390.png', fullPage: true });
  await contact.fill('textarea[name="comment"]', 'Быстро починили, спасибо!');
  await contact.click('button[type="submit"]');
  await contact.waitForSelector('text=Спасибо, комментарий сохранён.');
  t.equal(await contact.locator('textarea[name="comment"]').inputValue(), 'Быстро починили, спасибо!');
  t.same(cspViolations, [], 'the page keeps to its strict policy');
  await contact.screenshot({ path: '/tmp/csat-comment-ru-390.png', fullPage: true });

  // The manager, wide, in Russian: the ticket, the client and the agreement.
  const ru = await open(browser, 'ru-RU', viewports.wide, errors);
  await signIn(ru, url, MANAGER);
  await ru.goto(`${url}/tickets/${ticket.id}`);
  await ru.waitForSelector('.csat-ticket');
  t.match(await ru.locator('.csat-ticket').innerText(), /Оценка клиента\s+★ 4 из 5\s*хорошо/);
  t.match(await ru.locator('.csat-comment').innerText(), 'Быстро починили, спасибо!');
  await ru.screenshot({ path: '/tmp/csat-ticket-ru-1440.png' });

  await ru.goto(`${url}/organizations/${org.id}`);
  await ru.waitForSelector('.csat-org .csat-average');
  t.match(await ru.locator('.csat-org .csat-average').innerText(), /Средняя оценка 4 из 5\s*· 1 ответ/);
  await ru.locator('.csat-org').scrollIntoViewIfNeeded();
  await ru.screenshot({ path: '/tmp/csat-org-ru-1440.png' });

  await ru.goto(`${url}/agreements/${agreement!.id}`);
  await ru.waitForSelector('.csat-settings form');
  t.match(await ru.locator('.csat-settings').innerText(), /Действуют общие настройки службы/);
  await ru.fill('input[name="csatSample"]', '30');
  await ru.fill('input[name="csatDelay"]', '120');
  await ru.click('.csat-settings button[type="submit"]');
  await ru.waitForSelector('.csat-settings .saved-note');
  t.match(await ru.locator('.csat-settings').innerText(), /Собственные настройки этого договора/);
  await ru.locator('.csat-settings').scrollIntoViewIfNeeded();
  await ru.screenshot({ path: '/tmp/csat-agreement-ru-1440.png' });
  const saved = await desk.inst.database.db
    .selectFrom('survey_settings')
    .selectAll()
    .where('agreement_id', '=', agreement!.id)
    .executeTakeFirstOrThrow();
  t.match(saved, { enabled: 1, sample_percent: 30, delay_minutes: 120 });

  // The desk's own settings, under the agreements list: what tickets without an agreement follow.
  await ru.goto(`${url}/agreements`);
  await ru.waitForSelector('.csat-settings form');
  t.match(await ru.locator('.csat-settings h2').innerText(), 'Опрос удовлетворённости: общие настройки службы');
  t.match(await ru.locator('.csat-settings').innerText(), /по заявкам без договора/);
  t.equal(await ru.locator('.csat-settings button[type="submit"]').isDisabled(), true, 'nothing to save yet');
  await ru.fill('.csat-settings input[name="csatSample"]', '50');
  await ru.click('.csat-settings button[type="submit"]');
  await ru.waitForSelector('.csat-settings .saved-note');
  await ru.locator('.csat-settings').scrollIntoViewIfNeeded();
  await ru.screenshot({ path: '/tmp/csat-desk-ru-1440.png' });
  const desk0 = await desk.inst.database.db.selectFrom('survey_defaults').selectAll().executeTakeFirstOrThrow();
  t.match(desk0, { enabled: 1, sample_percent: 50, delay_minutes: 60 });

  // The engineer, on a phone, in English: the same score; the agreement's settings read-only; an empty client.
  const en = await open(browser, 'en-GB', viewports.phone, errors);
  await signIn(en, url, ENGINEER);
  await en.goto(`${url}/tickets/${ticket.id}`);
  // On a phone the ticket's details are a drawer behind their button, as the engineer opens them.
  await en.click('.details-toggle');
  await en.waitForSelector('.details-toggle[aria-expanded="true"]');
  await en.waitForSelector('.ticket-side.open .csat-ticket', { state: 'visible' });
  t.match(await en.locator('.csat-ticket').innerText(), /Satisfaction\s+★ 4 of 5/);
  t.ok(await fits(en), 'the ticket fits 390 px');
  await en.locator('.csat-ticket').scrollIntoViewIfNeeded();
  await en.screenshot({ path: '/tmp/csat-ticket-en-390.png' });
  await en.goto(`${url}/agreements/${agreement!.id}`);
  // The card and its heading show at once; the settings (a paragraph, read-only here) once they are loaded.
  await en.waitForSelector('.csat-settings p');
  t.match(await en.locator('.csat-settings').innerText(), /30 % of resolved tickets, 120 min after the resolve/);
  t.equal(await en.locator('.csat-settings form').count(), 0, 'an engineer may not change them');
  await en.goto(`${url}/organizations/${other.id}`);
  await en.waitForSelector('.csat-org .empty');
  t.match(await en.locator('.csat-org .empty').innerText(), /No survey answers in the last 90 days\. Surveys go out/);
  t.ok(await fits(en), 'the client page fits 390 px');
  await en.locator('.csat-org').scrollIntoViewIfNeeded();
  await en.screenshot({ path: '/tmp/csat-org-empty-en-390.png' });

  t.same(errors, [], 'no page errors');
});
