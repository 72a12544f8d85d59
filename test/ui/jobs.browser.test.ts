import t, { type Test } from 'tap';
import { launchChromium, openPage, signIn, startUiDesk } from '../helpers/browser.js';
import { uiAgent } from '../helpers/ui-desk.js';
import { jobs } from '../../server/jobs/registry.js';

async function startDesk(t: Test) {
  const { url } = await startUiDesk(t, {
    seed: async (inst) => {
      await uiAgent(inst, 'admin', 'admin@jobs.test', 'Администратор', 'en');
      await uiAgent(inst, 'engineer', 'engineer@jobs.test', 'Инженер', 'en');
      return {};
    },
  });
  return url;
}

t.test(
  'admins see the scheduled jobs, run one by hand and see the run recorded; engineers do not see them',
  async (t) => {
    const browser = await launchChromium(t);
    const url = await startDesk(t);
    const { context, page, errors } = await openPage(browser, { locale: 'en-GB', timezoneId: 'Europe/Moscow' });

    await signIn(page, url, 'admin@jobs.test');
    await page.click('.sidebar a[href="/jobs"]');
    await page.waitForSelector('[data-job="sla-sweep"]');
    const names = await page.locator('.job h2').allTextContents();
    t.same(names.sort(), jobs.map((j) => j.name).sort(), 'every job of the registry');
    const sweep = page.locator('[data-job="sla-sweep"]');
    t.match(await sweep.locator('code').textContent(), '* * * * *');
    await sweep.locator('button', { hasText: 'Run now' }).click();
    await sweep.locator('.job-last .chip', { hasText: 'OK' }).waitFor();
    t.match(
      await sweep.locator('.job-last').textContent(),
      /checked 0 · warnings 0 · breaches 0/,
      'the run and its counts are shown',
    );
    await page.screenshot({ path: '/tmp/jobs.png', fullPage: true });
    // In Russian the counts and the duration are Russian too.
    await page.locator('.topbar button', { hasText: 'Русский' }).click();
    await sweep.locator('.job-last', { hasText: 'проверено 0' }).waitFor();
    t.match(
      await sweep.locator('.job-last').textContent(),
      /проверено 0 · предупреждений 0 · нарушений 0/,
      'the counts in Russian',
    );
    t.match(await sweep.locator('.job-last').textContent(), /\d+ мс|\d+,\d с/, 'the duration in Russian units');
    await page.locator('.topbar button', { hasText: 'English' }).click();

    await page.evaluate(() =>
      fetch('/api/v1/auth/logout', { method: 'POST', headers: { 'x-csrf-token': document.cookie } }).catch(
        () => undefined,
      ),
    );
    await context.clearCookies();
    await signIn(page, url, 'engineer@jobs.test');
    t.equal(await page.locator('.sidebar a[href="/jobs"]').count(), 0, 'no jobs entry for engineers');
    t.same(errors, [], 'no page errors');
  },
);
