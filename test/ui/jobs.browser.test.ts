import t, { type Test } from 'tap';
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { openInstallation } from '../../server/installation.js';
import { buildApp } from '../../server/app.js';
import { tempDir } from '../helpers/installation.js';
import { UI_PASSWORD, uiAgent } from '../helpers/ui-desk.js';

const CHROMIUM = '/usr/bin/chromium';

async function startDesk(t: Test) {
  const inst = await openInstallation({ dataDir: tempDir(t), overrides: { logLevel: 'warn' } });
  t.teardown(() => inst.close());
  await uiAgent(inst, 'admin', 'admin@jobs.test', 'Администратор', 'en');
  await uiAgent(inst, 'engineer', 'engineer@jobs.test', 'Инженер', 'en');
  const app = await buildApp({ installation: inst, logRequests: false });
  t.teardown(() => app.close());
  return app.listen({ port: 0, host: '127.0.0.1' });
}

t.test('admins see the scheduled jobs, run one by hand and see the run recorded; engineers do not see them', async (t) => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)`);
  const url = await startDesk(t);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  t.teardown(() => browser.close());
  const context = await browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/Moscow' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));

  const signIn = async (email: string) => {
    await page.goto(`${url}/`);
    await page.fill('input[name="email"]', email);
    await page.fill('input[name="password"]', UI_PASSWORD);
    await page.click('button[type="submit"]');
    await page.waitForSelector('.sidebar');
  };
  await signIn('admin@jobs.test');
  await page.click('.sidebar a[href="/jobs"]');
  await page.waitForSelector('[data-job="sla-sweep"]');
  const names = await page.locator('.job h2').allTextContents();
  t.same(names.sort(), ['agreement-lifecycle', 'backup', 'license-check', 'sla-sweep'], 'every job of the registry');
  const sweep = page.locator('[data-job="sla-sweep"]');
  t.match(await sweep.locator('code').textContent(), '* * * * *');
  await sweep.locator('button', { hasText: 'Run now' }).click();
  await sweep.locator('.job-last .chip', { hasText: 'OK' }).waitFor();
  t.match(await sweep.locator('.job-last').textContent(), /checked 0 · warnings 0 · breaches 0/, 'the run and its counts are shown');
  await page.screenshot({ path: '/tmp/jobs.png', fullPage: true });

  await page.evaluate(() => fetch('/api/v1/auth/logout', { method: 'POST', headers: { 'x-csrf-token': document.cookie } }).catch(() => undefined));
  await context.clearCookies();
  await signIn('engineer@jobs.test');
  t.equal(await page.locator('.sidebar a[href="/jobs"]').count(), 0, 'no jobs entry for engineers');
  t.same(errors, [], 'no page errors');
});
