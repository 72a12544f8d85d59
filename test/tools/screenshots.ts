import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { openInstallation } from '../../server/installation.js';
import { buildApp } from '../../server/app.js';
import { seedDemoIfEmpty, DEMO_LOGIN } from '../../server/demo/seed.js';
import { VIEWPORTS } from '../helpers/browser.js';
import { deskAddresses, openAddress } from '../helpers/desk-routes.js';

/**
 * `npm run screenshots [folder]`: a demo desk on a temp dir, every route of ui/app/routes.js (and the not-found
 * page) at 390 × 844 and 1440 × 900 in Russian and English, one PNG each (the whole page), into the folder
 * (./screenshots by default, git-ignored), so a reviewer can look at the whole desk at once. Prints the folder.
 */

const out = resolve(process.argv[2] ?? 'screenshots');
mkdirSync(out, { recursive: true });
const dataDir = mkdtempSync(join(tmpdir(), 'ondesk-screenshots-'));
const inst = await openInstallation({ dataDir, overrides: { logLevel: 'warn' } });
await seedDemoIfEmpty(inst);
const app = await buildApp({ installation: inst, logRequests: false });
const url = await app.listen({ port: 0, host: '127.0.0.1' });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
let count = 0;
try {
  for (const [size, viewport] of [
    ['390', VIEWPORTS.phone],
    ['1440', VIEWPORTS.wide],
  ] as const)
    for (const lang of ['ru', 'en'] as const) {
      const context = await browser.newContext({
        viewport,
        locale: lang === 'ru' ? 'ru-RU' : 'en-GB',
        timezoneId: 'Europe/Moscow',
      });
      const page = await context.newPage();
      await page.goto(`${url}/`);
      await page.evaluate((l) => localStorage.setItem('ondesk.lang', l), lang);
      await page.fill('input[name="email"]', DEMO_LOGIN.email);
      await page.fill('input[name="password"]', DEMO_LOGIN.password);
      await page.click('button[type="submit"]');
      await page.waitForSelector('.sidebar', { state: 'attached' });
      const { paths } = await deskAddresses(page, inst);
      for (const path of paths) {
        await openAddress(page, url, path);
        // The shell scrolls its content pane; let the page grow instead so the PNG holds all of it.
        await page.evaluate(() => {
          // Through the CSSOM: the desk's CSP allows no inline style sheet.
          const shell = document.querySelector<HTMLElement>('.shell');
          const content = document.querySelector<HTMLElement>('.content');
          if (shell) shell.style.height = 'auto';
          if (content) content.style.overflow = 'visible';
        });
        const name = path.replace(/^\//, '').replace(/[/?=&]+/g, '_') || 'root';
        await page.screenshot({ path: join(out, `${name}.${size}.${lang}.png`), fullPage: true });
        count++;
      }
      await context.close();
    }
} finally {
  await browser.close();
  await app.close();
  await inst.close();
  rmSync(dataDir, { recursive: true, force: true });
}
console.log(`${count} screenshots in ${out}`);
console.log(out);
