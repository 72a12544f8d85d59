import t, { type Test } from 'tap';
import type { Page } from 'playwright-core';
import { launchChromium, openPage, signIn, startUiDesk } from '../helpers/browser.js';
import { mintLicense, mintNode, trustTestKeys } from '../helpers/licenses.js';
import { uiAgent } from '../helpers/ui-desk.js';

const ADMIN = 'admin@license.test';
const DAY = 86_400_000;

// The app runs in this process, so the test key set trusted here is the one the license check uses.
trustTestKeys();

function startDesk(t: Test) {
  return startUiDesk(t, {
    seed: async (inst) => {
      const admin = await uiAgent(inst, 'admin', ADMIN, 'Администратор лицензий');
      await uiAgent(inst, 'engineer', 'engineer@license.test', 'Инженер');
      return { token: admin.token };
    },
  });
}

async function launch(t: Test) {
  const browser = await launchChromium(t);
  // A refused token answers 422: the page shows why, the console notes the status.
  return openPage(browser, {
    locale: 'ru-RU',
    timezoneId: 'Europe/Moscow',
    viewport: { width: 1400, height: 1000 },
    ignoreConsole: /401|422|Failed to load resource/,
  });
}

const applyFromTextarea = async (page: Page, token: string) => {
  await page.fill('textarea[name="token"]', token);
  await page.click('.apply-token button[type="submit"]');
};

t.test(
  'an admin sees the free mode, is told why a token is refused, applies a license and its node token, and is warned of the term end',
  async (t) => {
    const { url, app, inst, token } = await startDesk(t);
    const { page, errors } = await launch(t);
    const api = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
      const res = await app.inject({
        method,
        url: `/api/v1${path}`,
        headers: { authorization: `Bearer ${token}` },
        ...(body !== undefined && { payload: body as object }),
      });
      return { status: res.statusCode, body: res.json() };
    };

    await signIn(page, url, ADMIN);
    t.equal(await page.locator('.license-banner').count(), 0, 'no banner in the free mode');

    // The free mode
    await page.click('.sidebar a[href="/license"]');
    await page.waitForSelector('.license-page [data-mode]');
    t.equal(await page.getAttribute('.license-page [data-mode]', 'data-mode'), 'free');
    t.equal(await page.locator('.license-page .chip.mode').innerText(), 'Бесплатный режим');
    t.match(await page.locator('.license-page .lead').innerText(), /до 4 активных сотрудников на одном узле/);
    t.equal(await page.locator('[data-seats-used]').innerText(), '2', 'two agents active');
    t.match(await page.locator('.seat-numbers').innerText(), /из 4 мест занято/, '4 seats in the free mode');
    t.equal(await page.getAttribute('.meter-bar', 'aria-valuemax'), '4');
    t.equal(await page.inputValue('#node-id'), inst.nodeId, 'the node id to send to the vendor');
    t.match(await page.locator('.license-page').innerText(), /Отправьте этот идентификатор поставщику/);
    t.ok((await page.locator('.seat-chart svg rect.bar').count()) >= 1, 'the 30-day chart has today’s usage');

    // A bad token: the server's reason is shown
    const bad = 'eyJhbGciOiJub25lIiwidHlwIjoib25kZXNrLWxpY2Vuc2Urand0In0.eyJzZWF0cyI6MTAwMH0.';
    const refused = await api('POST', '/license', { token: bad });
    t.equal(refused.status, 422);
    await applyFromTextarea(page, bad);
    await page.waitForSelector('.token-error');
    t.equal(
      await page.locator('.token-error').innerText(),
      `Токен отклонён: ${refused.body.reason}`,
      'the refusal reason, from problem+json',
    );
    t.equal(await page.getAttribute('.license-page [data-mode]', 'data-mode'), 'free', 'still free');

    // A license whose paid term ends in 30 days, then this node's token read from a file
    const termEnd = Date.now() + 30 * DAY;
    const license = await mintLicense({
      customerId: 'romashka',
      customerName: 'ООО «Ромашка»',
      seats: 10,
      nodes: 2,
      tier: '24x7',
      features: ['sla', 'reports'],
      termEnd,
    });
    const node = await mintNode(license.claims, inst.nodeId);
    await applyFromTextarea(page, license.token);
    await page.waitForSelector('.apply-token .success');
    t.match(
      await page.locator('.apply-token .success').innerText(),
      new RegExp(`Лицензия ${license.claims.jti} применена`),
    );
    await page.waitForSelector('.license-warning[data-code="no-node-token"]');
    t.match(
      await page.locator('.license-warning[data-code="no-node-token"]').innerText(),
      new RegExp(`у этого узла \\(${inst.nodeId}\\) нет токена узла`),
      'the missing node token, translated',
    );
    await page.setInputFiles('input[name="tokenFile"]', {
      name: 'node.jwt',
      mimeType: 'text/plain',
      buffer: Buffer.from(`${node.token}\n`),
    });
    await page.waitForFunction(
      (value) => (document.querySelector('textarea[name="token"]') as HTMLTextAreaElement).value === value,
      node.token,
    );
    t.equal(await page.locator('.file-name').innerText(), 'node.jwt', 'the file read in the browser');
    await page.click('.apply-token button[type="submit"]');
    await page.waitForSelector('.license-page [data-mode="licensed"]');
    t.match(await page.locator('.apply-token .success').innerText(), /Токен узла .* применён/);

    // Customer, seats, nodes, term end, features, the warning — and the state the API reports
    const status = (await api('GET', '/license')).body;
    t.equal(status.mode, 'licensed');
    t.equal(await page.locator('[data-customer] b').innerText(), 'ООО «Ромашка»');
    t.match(await page.locator('.seat-numbers').innerText(), /2\s+из 10 мест занято/);
    // The desk's one Russian date format: 04.01.2027.
    const termEndText = new Intl.DateTimeFormat('ru-RU', {
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
      timeZone: 'Europe/Moscow',
    }).format(new Date(status.termEnd));
    t.match(
      await page.locator('[data-term-end]').innerText(),
      new RegExp(`${termEndText.replaceAll('.', '\\.')} \\(осталось (29|30) дней\\)`),
      'term end with days left',
    );
    t.match(
      await page.locator('.nodes-table').innerText(),
      new RegExp(`${inst.nodeId}[\\s\\S]*этот узел`),
      'this node is registered',
    );
    t.same(await page.locator('.feature-list li').allInnerTexts(), status.features, 'the licensed features');
    t.same([...status.features].sort(), ['reports', 'sla']);
    t.match(
      await page.locator('.license-warning[data-code="term-ending"]').innerText(),
      new RegExp(`Срок лицензии заканчивается ${termEndText.replaceAll('.', '\\.')} \\(осталось (29|30) дней\\)`),
    );
    t.equal(await page.locator('.license-banner').count(), 0, 'the license page shows warnings itself, not the banner');
    await page.evaluate(() => document.querySelector('.content')?.scrollTo(0, 0));
    await page.screenshot({ path: '/tmp/license.png', fullPage: true });

    // The banner above other pages, dismissed for this session only
    await page.click('.sidebar a:has-text("Активные")');
    await page.waitForSelector('.license-banner');
    t.match(await page.locator('.license-banner').innerText(), /Срок лицензии заканчивается/);
    t.equal(await page.getAttribute('.license-banner a', 'href'), '/license');
    await page.click('.license-banner button[aria-label="Скрыть до следующего сеанса"]');
    await page.waitForSelector('.license-banner', { state: 'detached' });
    await page.reload();
    await page.waitForSelector('.sidebar');
    await page.waitForTimeout(300);
    t.equal(await page.locator('.license-banner').count(), 0, 'stays hidden in this session');
    const second = await page.context().newPage();
    await second.goto(`${url}/tickets`);
    await second.waitForSelector('.license-banner');
    t.pass('a new session (tab) shows it again');
    await second.close();

    // English: the same warning, said from its code
    await page.click('.topbar button.link >> text=English');
    await page.goto(`${url}/license`);
    await page.waitForSelector('.license-warning[data-code="term-ending"]');
    t.match(
      await page.locator('.license-warning[data-code="term-ending"]').innerText(),
      /^The license ends on .+ \((29|30) days left\)\. Renew it in time\.$/,
    );

    t.same(errors, [], 'no errors in the browser console');
  },
);
