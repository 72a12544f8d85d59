import t from 'tap';
import { VIEWPORTS, fitsScreen, launchChromium, openDeskPage, signIn, startUiDesk } from '../helpers/browser.js';
import { uiAgent } from '../helpers/ui-desk.js';
import { acquire, joinCluster } from '../../server/cluster/index.js';
import { openInstallation } from '../../server/installation.js';
import { licenseNodes } from '../helpers/cluster.js';
import { trustTestKeys } from '../helpers/licenses.js';

const ADMIN = 'admin@cluster.test';
const ADMIN_EN = 'admin-en@cluster.test';
const ENGINEER = 'engineer@cluster.test';

// The desk runs in this process: the test key set trusted here is the one its license check uses.
trustTestKeys();

t.test(
  'the license page lists the running nodes and the work each holds (admins), at both sizes and languages',
  async (t) => {
    const { url, inst } = await startUiDesk(t, {
      seed: async (inst) => {
        await uiAgent(inst, 'admin', ADMIN, 'Администратор');
        await uiAgent(inst, 'admin', ADMIN_EN, 'Administrator', 'en');
        await uiAgent(inst, 'engineer', ENGINEER, 'Инженер');
        return {};
      },
    });
    const browser = await launchChromium(t);
    const errors: string[] = [];

    // No node has started `serve` on this data dir yet: the card says how a node appears.
    {
      const { page } = await openDeskPage(browser, 'en-GB', VIEWPORTS.wide, errors, /Failed to load resource/);
      await signIn(page, url, ADMIN_EN);
      await page.goto(`${url}/license`);
      await page.waitForSelector('[data-cluster-empty]');
      t.equal(
        await page.locator('[data-cluster-empty]').innerText(),
        'No node has registered yet: a node registers when it starts (ondesk serve).',
      );
    }

    // Two nodes join (a license of two, both tokens); the first holds the scheduler.
    await licenseNodes(inst, 2, [inst.nodeId, 'node-b']);
    const first = await joinCluster(inst, { address: '10.0.0.11:8080' });
    t.teardown(() => first.leave());
    const other = await openInstallation({
      dataDir: inst.config.dataDir,
      env: {},
      overrides: { logLevel: 'warn', nodeId: 'node-b' },
    });
    t.teardown(() => other.close());
    const second = await joinCluster(other, { address: '10.0.0.12:8080' });
    t.teardown(() => second.leave());
    await acquire(inst.ctx(), 'scheduler');
    await acquire(other.ctx(), 'imap:support');

    for (const [locale, viewport] of [
      ['en-GB', VIEWPORTS.wide],
      ['ru-RU', VIEWPORTS.phone],
    ] as const) {
      const { page } = await openDeskPage(browser, locale, viewport, errors, /Failed to load resource/);
      await signIn(page, url, locale === 'en-GB' ? ADMIN_EN : ADMIN);
      await page.goto(`${url}/license`);
      await page.waitForSelector('.cluster-table tbody tr');
      const rows = page.locator('.cluster-table tbody tr');
      t.equal(await rows.count(), 2, `${locale}: two nodes`);
      const mine = page.locator(`.cluster-table tr[data-node="${inst.nodeId}"]`);
      t.match(await mine.innerText(), locale === 'en-GB' ? /this node/i : /этот узел/i);
      t.match(await mine.innerText(), /10\.0\.0\.11:8080/);
      t.equal(await mine.locator('[data-state]').getAttribute('data-state'), 'live');
      t.match(await mine.innerText(), /scheduler/);
      const b = page.locator('.cluster-table tr[data-node="node-b"]');
      t.match(await b.innerText(), /imap:support/);
      t.match(
        await b.locator('[data-state]').innerText(),
        locale === 'en-GB' ? /^live$/ : /^работает$/,
        'the state in the page language',
      );
      t.match(
        await page.locator('#cluster-title').innerText(),
        locale === 'en-GB' ? 'Running nodes' : 'Работающие узлы',
      );
      t.ok(await fitsScreen(page), `${locale} ${viewport.width}: the page fits the screen`);
      await page.locator('.cluster-table').scrollIntoViewIfNeeded();
      await page.screenshot({ path: `/tmp/cluster-nodes-${locale}-${viewport.width}.png`, fullPage: true });
    }

    // An engineer sees the license but not the nodes of the installation.
    const { page } = await openDeskPage(browser, 'ru-RU', VIEWPORTS.wide, errors, /Failed to load resource/);
    await signIn(page, url, ENGINEER);
    await page.goto(`${url}/license`);
    await page.waitForSelector('.license-page [data-mode]');
    t.equal(await page.locator('#cluster-title').count(), 0, 'no nodes card for an engineer');
    t.same(errors, [], 'no console errors');
  },
);
