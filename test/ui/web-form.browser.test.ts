import t, { type Test } from 'tap';
import type { Page } from 'playwright-core';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { apiClient } from '../helpers/app.js';
import { launchChromium, openPage, signIn, startUiDesk } from '../helpers/browser.js';
import { uiAgent, uiContractDesk } from '../helpers/ui-desk.js';
import { footprint, solve, type Challenge } from '../web-forms/helpers.js';

/**
 * The form embedded in a client's page served from another origin (a second HTTP server on `localhost`, while
 * the desk listens on 127.0.0.1): a person fills it and a web_form ticket exists. Then, from that page's own
 * scripts, every kind of refused submission — and a page on an origin the form does not list — creates nothing.
 */

/** A plain page of the client's site that embeds the desk's form script. */
function clientSite(t: Test, page: (path: string) => string) {
  return new Promise<{ server: Server; origin: string }>((resolve) => {
    const server = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(page(req.url ?? '/'));
    });
    server.listen(0, 'localhost', () => {
      t.teardown(() => new Promise<void>((done) => server.close(() => done())));
      resolve({ server, origin: `http://localhost:${(server.address() as AddressInfo).port}` });
    });
  });
}

/** The whole page in one picture: the desk scrolls inside .content, so the viewport grows to its height for the shot. */
async function tallShot(page: Page, path: string) {
  const viewport = page.viewportSize()!;
  const height = await page.evaluate(() => {
    const content = document.querySelector('.content');
    return content ? content.getBoundingClientRect().top + content.scrollHeight : 0;
  });
  await page.setViewportSize({ width: viewport.width, height: Math.ceil(Math.max(viewport.height, height + 24)) });
  await page.screenshot({ path, fullPage: true });
  await page.setViewportSize(viewport);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

t.test('the form on another origin files a ticket; refused submissions create nothing', async (t) => {
  // The desk's time runs with the wall clock; `ahead` moves it forward to age a token past its limit.
  let ahead = 0;
  const clock = { now: () => new Date(Date.now() + ahead) };
  const desk = await startUiDesk(t, {
    clock,
    seed: async (inst) => {
      const admin = await uiAgent(inst, 'admin', 'admin@forms.test', 'Anna Admin', 'en');
      const contract = await uiContractDesk(inst, admin.actor, { agreement: true });
      return { admin, contract };
    },
  });
  const api = apiClient(desk.app, desk.admin.token, desk.admin.id);
  let formKey = '';
  const site = await clientSite(t, (path) =>
    path.startsWith('/div')
      ? `<!doctype html><html lang="ru"><head><meta name="viewport" content="width=device-width"><title>Клиент</title></head>
         <body style="font-family: serif; margin: 24px"><h1>Поддержка</h1><div data-ondesk-form="${formKey}"></div>
         <script src="${desk.url}/embed/form.js" async></script></body></html>`
      : `<!doctype html><html lang="ru"><head><meta name="viewport" content="width=device-width"><title>Клиент</title></head>
         <body style="font-family: serif; margin: 24px"><h1>Связаться с нами</h1>
         <script src="${desk.url}/embed/form.js" data-form-key="${formKey}" async></script></body></html>`,
  );
  const stranger = await clientSite(
    t,
    () => `<!doctype html><html><body><h1>Elsewhere</h1>
    <script src="${desk.url}/embed/form.js" data-form-key="${formKey}" async></script></body></html>`,
  );
  const created = await api.post('/api/v1/forms', {
    organizationId: desk.contract.org.id,
    origins: [site.origin],
    serviceId: desk.contract.support.id,
    priority: 'P2',
    name: 'Сайт Ромашки',
  });
  t.equal(created.statusCode, 201, created.body);
  formKey = (created.json() as { key: string }).key;

  const browser = await launchChromium(t);
  const { page, errors } = await openPage(browser, {
    viewport: { width: 1440, height: 900 },
    locale: 'ru-RU',
    ignoreConsole: /status of 4\d\d|blocked by CORS|Failed to fetch|net::ERR_FAILED/,
  });

  // The client's PoW time, measured by the script itself on each load.
  const powTimes: number[] = [];
  const powRates: number[] = [];
  for (let i = 0; i < 9; i++) {
    await page.goto(`${site.origin}/`);
    await page.waitForSelector('[data-ondesk-form-host][data-pow-ms]', { timeout: 30_000 });
    powTimes.push(Number(await page.getAttribute('[data-ondesk-form-host]', 'data-pow-ms')));
    powRates.push(Number(await page.getAttribute('[data-ondesk-form-host]', 'data-pow-number')) / powTimes.at(-1)!);
  }
  const powMedian = median(powTimes);
  // The solver's speed (numbers tried per ms) gives a steadier figure than nine random draws: the median
  // challenge needs half the range.
  const rate = median(powRates);
  const maxnumber = (
    (
      await desk.app.inject({
        method: 'GET',
        url: `/api/v1/forms/${formKey}/challenge`,
        headers: { origin: site.origin },
      })
    ).json() as Challenge
  ).challenge.maxnumber;
  t.comment(
    `client solver: ${Math.round(rate * 1000).toLocaleString('en-US')} hashes/s, so the median challenge (${maxnumber / 2} hashes) takes ${Math.round(maxnumber / 2 / rate)} ms`,
  );
  t.comment(
    `client proof-of-work in Chromium: median ${powMedian} ms over ${powTimes.length} loads (${powTimes.join(', ')})`,
  );
  t.ok(powMedian > 0 && powMedian < 8_000, `client PoW median ${powMedian} ms`);

  // A person fills the form (the shadow root is open, so the page's own selectors reach into it).
  const loadedAt = Date.now();
  await page.goto(`${site.origin}/`);
  await page.getByLabel('Ваше имя').fill('Ольга Смирнова');
  await page.getByLabel('Электронная почта').fill('olga@romashka.example');
  await page.getByLabel('Тема').fill('Не открывается сайт');
  await page.getByLabel('Сообщение').fill('С утра главная страница отвечает 502.');
  t.equal(
    await page.locator('input[name="website"]').getAttribute('tabindex'),
    '-1',
    'the honeypot is out of the tab order',
  );
  t.equal(await page.getByLabel('Сообщение').getAttribute('required'), '', 'required fields are marked required');
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.screenshot({ path: '/tmp/web-form-1440.png', fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: '/tmp/web-form-390.png', fullPage: true });
  const waited = Date.now() - loadedAt;
  if (waited < 3_500) await page.waitForTimeout(3_500 - waited);
  const before = await footprint(desk.inst);
  await page.getByRole('button', { name: 'Отправить' }).click();
  await page.waitForSelector('[data-ondesk-form-host][data-ticket-number]', { timeout: 30_000 });
  const number = Number(await page.getAttribute('[data-ondesk-form-host]', 'data-ticket-number'));
  await page.getByText(`Заявка №${number} принята`).waitFor();
  await page.screenshot({ path: '/tmp/web-form-sent-390.png', fullPage: true });
  const ticket = await desk.inst.database.db
    .selectFrom('tickets')
    .selectAll()
    .where('number', '=', number)
    .executeTakeFirstOrThrow();
  t.match(ticket, {
    channel: 'web_form',
    organization_id: desk.contract.org.id,
    contact_id: desk.contract.contact.id,
    service_id: desk.contract.support.id,
    priority: 'P2',
    subject: 'Не открывается сайт',
  });
  t.equal((await footprint(desk.inst)).tickets, before.tickets + 1);

  // The `<div data-ondesk-form>` way of embedding draws the same form.
  await page.goto(`${site.origin}/div`);
  await page.getByLabel('Сообщение').waitFor();
  t.pass('the div embedding draws the form');

  // Refusals, sent by the embedding page's own script (the browser adds its Origin) with values that would file.
  const values = { name: 'Bot', email: 'olga@romashka.example', message: 'Buy now' };
  const challenge = async () =>
    (await page.evaluate(async ({ base, key }) => (await fetch(`${base}/api/v1/forms/${key}/challenge`)).json(), {
      base: desk.url,
      key: formKey,
    })) as Challenge;
  const post = (body: unknown) =>
    page.evaluate(
      async ({ base, key, body }) => {
        const res = await fetch(`${base}/api/v1/forms/${key}/submit`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        return { status: res.status, body: await res.json() };
      },
      { base: desk.url, key: formKey, body },
    );
  const valid = async () => {
    const c = await challenge();
    await page.waitForTimeout(3_100);
    return { values, token: c.token, altcha: solve(c.challenge) };
  };
  // A proof and token the listed site was given, carried to a page of another origin.
  const validFor = async (origin: string) => {
    const c = (
      await desk.app.inject({ method: 'GET', url: `/api/v1/forms/${formKey}/challenge`, headers: { origin } })
    ).json() as Challenge;
    await page.waitForTimeout(3_100);
    return { values, token: c.token, altcha: solve(c.challenge) };
  };
  const accepted = await valid();
  t.equal((await post(accepted)).status, 201, 'a valid submission from the page is accepted');
  const baseline = await footprint(desk.inst);

  const refusals: [string, () => Promise<unknown>, number][] = [
    ['a filled honeypot', async () => ({ ...(await valid()), website: 'http://spam.example' }), 400],
    [
      'a fill time under 3 s',
      async () => {
        const c = await challenge();
        return { values, token: c.token, altcha: solve(c.challenge) };
      },
      400,
    ],
    ['a replayed proof-of-work', async () => accepted, 409],
    [
      'a missing proof-of-work',
      async () => {
        const { altcha: _none, ...rest } = await valid();
        return rest;
      },
      400,
    ],
    [
      'an expired token',
      async () => {
        const body = await valid();
        ahead = 2 * 3600_000 + 60_000;
        return body;
      },
      400,
    ],
  ];
  for (const [what, make, status] of refusals) {
    const body = await make();
    const res = await post(body);
    ahead = 0;
    t.equal(res.status, status, `${what}: ${JSON.stringify(res.body)}`);
    t.match(res.body, { detail: /./ }, `${what}: a message the page can show`);
    t.same(await footprint(desk.inst), baseline, `${what} creates nothing`);
  }

  // A page on an origin the form does not list: the form is not drawn, and its own request is refused.
  await page.goto(`${stranger.origin}/`);
  await page.waitForSelector('[data-ondesk-form-host] >> [role="alert"]');
  const alertText = await page.locator('[data-ondesk-form-host] [role="alert"]').textContent();
  t.equal(alertText, 'Форма сейчас недоступна.', 'the stranger page draws no form, only a notice');
  const fromStranger = await page.evaluate(
    async ({ base, key, body }) => {
      try {
        const res = await fetch(`${base}/api/v1/forms/${key}/submit`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        return `status ${res.status}`;
      } catch (err) {
        return `refused: ${(err as Error).message}`;
      }
    },
    { base: desk.url, key: formKey, body: await validFor(site.origin) },
  );
  t.match(fromStranger, /refused|status 403/, `a page of another origin cannot submit (${fromStranger})`);
  t.same(await footprint(desk.inst), baseline, 'a page on an origin not in the list creates nothing');
  t.same(errors, [], 'no page errors');
});

t.test('the Web forms page: empty state, a form created with its snippet, ru and en, phone and desktop', async (t) => {
  const desk = await startUiDesk(t, {
    seed: async (inst) => {
      const admin = await uiAgent(inst, 'admin', 'admin@forms.test', 'Anna Admin', 'ru');
      const manager = await uiAgent(inst, 'manager', 'manager@forms.test', 'Max Manager', 'en');
      const engineer = await uiAgent(inst, 'engineer', 'engineer@forms.test', 'Egor Engineer', 'en');
      const contract = await uiContractDesk(inst, admin.actor, { agreement: true });
      return { admin, manager, engineer, contract };
    },
  });
  const browser = await launchChromium(t);
  const errors: string[] = [];
  const { page } = await openPage(browser, { viewport: { width: 1440, height: 900 }, locale: 'ru-RU', errors });
  await signIn(page, desk.url, desk.admin.email);
  await page.getByRole('link', { name: 'Веб-формы' }).click();
  await page.getByRole('heading', { name: 'Веб-формы', level: 1 }).waitFor();
  await page.getByText('Веб-форм пока нет. Создайте первую ниже').waitFor();
  await page.screenshot({ path: '/tmp/web-forms-empty-1440.png', fullPage: true });

  const editor = page.getByRole('form', { name: 'Новая веб-форма' });
  await editor.getByLabel('Название').fill('Сайт Ромашки');
  await editor.getByLabel('Заявки получает').selectOption({ label: 'ООО «Ромашка»' });
  await editor
    .getByLabel('Сайты, где форма может стоять')
    .fill('https://romashka.example\nhttps://www.romashka.example');
  await editor.getByLabel('Услуга').selectOption({ label: 'Сопровождение 1С' });
  await editor.getByLabel('Приоритет').selectOption('P2');
  await editor.getByRole('button', { name: 'Добавить поле' }).click();
  await editor.getByLabel('Поле', { exact: true }).last().fill('site_url');
  await editor.getByLabel('Подпись (русская)').last().fill('Адрес страницы');
  await editor.getByLabel('Подпись (английская)').last().fill('Page address');
  await editor.getByRole('button', { name: 'Создать форму' }).click();
  await page.getByText('Форма «Сайт Ромашки» создана').waitFor();
  const card = page.locator('.web-form-card').first();
  const snippet = await card.locator('textarea').inputValue();
  const form = (await apiClient(desk.app, desk.admin.token, desk.admin.id).get('/api/v1/forms')).json() as {
    items: {
      key: string;
      organizationId: number;
      serviceId: number;
      priority: string;
      origins: string[];
      fields: { name: string }[];
    }[];
  };
  t.equal(form.items.length, 1, 'the form exists');
  t.match(form.items[0], {
    organizationId: desk.contract.org.id,
    serviceId: desk.contract.support.id,
    priority: 'P2',
    origins: ['https://romashka.example', 'https://www.romashka.example'],
  });
  t.ok(
    form.items[0]!.fields.some((f) => f.name === 'site_url'),
    'with its custom field',
  );
  t.match(
    snippet,
    new RegExp(`^<script src="${desk.url}/embed/form\\.js" data-form-key="${form.items[0]!.key}" async></script>$`),
  );
  await tallShot(page, '/tmp/web-forms-1440.png');
  await page.setViewportSize({ width: 390, height: 844 });
  await tallShot(page, '/tmp/web-forms-390.png');
  // The page's own area (the shell's row of ticket views scrolls sideways by design).
  const overflow = await page.evaluate(() => {
    const content = document.querySelector('.content');
    return content ? content.scrollWidth - content.clientWidth : -1;
  });
  t.ok(overflow >= 0 && overflow <= 1, `no sideways scrolling of the page at 390 px (${overflow})`);

  // A desk form asks whether to hold unknown domains; the manager works in English.
  const { page: en } = await openPage(browser, { viewport: { width: 390, height: 844 }, locale: 'en-GB', errors });
  await signIn(en, desk.url, desk.manager.email);
  await en.goto(`${desk.url}/web-forms`);
  await en.getByRole('heading', { name: 'Web forms', level: 1 }).waitFor();
  await en.getByRole('button', { name: 'Edit form Сайт Ромашки' }).click();
  const edit = en.getByRole('form', { name: 'Edit form Сайт Ромашки' });
  await edit.getByLabel('Tickets go to').selectOption({ label: 'The desk (by the sender’s domain)' });
  await edit.getByLabel('Hold senders from unknown domains').check();
  await edit.getByRole('button', { name: 'Save' }).click();
  await en.getByText('Senders from domains no client owns are held in Received mail for review.').waitFor();
  await tallShot(en, '/tmp/web-forms-en-390.png');
  const after = (
    await apiClient(desk.app, desk.admin.token, desk.admin.id).get(`/api/v1/forms/${form.items[0]!.key}`)
  ).json();
  t.match(after, { organizationId: null, holdUnknownDomains: true });

  // Engineers do not manage forms: no link.
  const { page: eng } = await openPage(browser, { viewport: { width: 1440, height: 900 }, locale: 'en-GB', errors });
  await signIn(eng, desk.url, desk.engineer.email);
  t.equal(await eng.getByRole('link', { name: 'Web forms' }).count(), 0, 'engineers see no Web forms link');
  t.same(errors, [], 'no page errors');
});
