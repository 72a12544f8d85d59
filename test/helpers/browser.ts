import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Test } from 'tap';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { openInstallation, type Installation } from '../../server/installation.js';
import { buildApp } from '../../server/app.js';
import type { App } from '../../server/http/types.js';
import type { Clock } from '../../server/shared/clock.js';
import { useCheapPasswordHashesInThisTestProcess } from '../../server/modules/auth/index.js';
import { tempDir } from './installation.js';
import { UI_PASSWORD } from './ui-desk.js';

/** Browser tests: Debian's Chromium driven by playwright-core, and a desk listening on a real port for it. */

// A browser flow signs people in and creates them by the dozen; their passwords' hashing is not its subject (the
// auth and security tests keep OWASP's cost), and at that cost it was a fifth of the flows' CPU.
useCheapPasswordHashesInThisTestProcess();

const CHROMIUM = '/usr/bin/chromium';

/** Debian's Chromium, closed after the test. Its absence is an error, not a skip: a skipped UI suite looks green. */
export async function launchChromium(t: Test): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)`);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  t.teardown(async () => {
    if (!t.passing()) await reportOpenPages(browser);
    await browser.close();
  });
  return browser;
}

/** What each page saw go wrong (4xx/5xx answers, failed requests, console errors), its last 40 lines. */
const pageTrouble = new WeakMap<Page, string[]>();

function watchTrouble(page: Page) {
  const lines: string[] = [];
  pageTrouble.set(page, lines);
  const note = (line: string) => {
    lines.push(`${new Date().toISOString().slice(11, 23)} ${line}`);
    if (lines.length > 40) lines.shift();
  };
  page.on('response', (r) => r.status() >= 400 && note(`${r.status()} ${r.request().method()} ${r.url()}`));
  page.on('requestfailed', (r) => note(`failed ${r.method()} ${r.url()}: ${r.failure()?.errorText ?? ''}`));
  page.on('console', (m) => m.type() === 'error' && note(`console: ${m.text()}`));
  page.on('pageerror', (err) => note(`page error: ${err.message}`));
}

/**
 * After a failed browser flow, each page still open as the person left it: its address, its text, what went wrong
 * on it, and a screenshot under the temp dir. On stderr, which the suite's runner prints below a failing file: a
 * flow that fails once in a CI run can then be read rather than guessed at.
 */
async function reportOpenPages(browser: Browser) {
  const pages = browser.contexts().flatMap((context) => context.pages());
  for (const [index, page] of pages.entries()) {
    try {
      const shot = join(tmpdir(), `ondesk-failed-flow-${process.pid}-${index + 1}.png`);
      await page.screenshot({ path: shot, timeout: 5000 });
      const text = (await page.locator('body').innerText({ timeout: 5000 })).replace(/\s+/g, ' ').slice(0, 1500);
      process.stderr.write(
        `# page ${index + 1} of ${pages.length} at ${page.url()} (${page.viewportSize()?.width ?? '?'} px), screenshot ${shot}\n` +
          `#   text: ${text}\n` +
          (pageTrouble.get(page) ?? []).map((line) => `#   ${line}\n`).join(''),
      );
    } catch (err) {
      process.stderr.write(`# page ${index + 1} of ${pages.length}: could not be read (${(err as Error).message})\n`);
    }
  }
}

export interface PageOptions extends Pick<BrowserContextOptions, 'locale' | 'timezoneId' | 'viewport'> {
  /**
   * Console errors count too, except those matching this: the statuses the page answers itself (a refused
   * sign-in, a 4xx shown beside a field) are logged by the browser but are not faults. Left out, only uncaught
   * page errors count.
   */
  ignoreConsole?: RegExp;
  /** An array to collect into, so one assertion covers the pages of several people. */
  errors?: string[];
  /** Put before each error, to tell whose page it came from when the array is shared. */
  label?: string;
}

/** A page in a context of its own (its own cookies), with the errors the test asserts to be none. */
export async function openPage(
  browser: Browser,
  opts: PageOptions,
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const { ignoreConsole, errors = [], label, ...contextOptions } = opts;
  const context = await browser.newContext(contextOptions);
  const page = await context.newPage();
  watchTrouble(page);
  const prefix = label === undefined ? '' : `${label}: `;
  page.on('pageerror', (err) => errors.push(`${prefix}${err.message}`));
  if (ignoreConsole)
    page.on(
      'console',
      (msg) => msg.type() === 'error' && !ignoreConsole.test(msg.text()) && errors.push(`${prefix}${msg.text()}`),
    );
  return { context, page, errors };
}

/** The two screens every page is checked at: a desktop and a phone. */
export const VIEWPORTS = { wide: { width: 1440, height: 900 }, phone: { width: 390, height: 844 } };

/**
 * A page of a person in Moscow (where the desk's dates are), in this language and at this size, its errors
 * labelled by both and collected into `errors`; `ignoreConsole` as in {@link PageOptions}.
 */
export function openDeskPage(
  browser: Browser,
  locale: 'ru-RU' | 'en-GB',
  viewport: { width: number; height: number },
  errors: string[],
  ignoreConsole: RegExp,
) {
  return openPage(browser, {
    locale,
    timezoneId: 'Europe/Moscow',
    viewport,
    ignoreConsole,
    errors,
    label: `${locale} ${viewport.width}`,
  });
}

/** Neither the page nor a table is wider than the screen: nothing hides behind a sideways scroll. */
export function fitsScreen(page: Page): Promise<boolean> {
  return page.evaluate(
    () =>
      document.documentElement.scrollWidth <= window.innerWidth &&
      [...document.querySelectorAll('.table-wrap')].every((w) => w.scrollWidth <= w.clientWidth),
  );
}

/** Signs in through the form and waits for the desk's sidebar. */
export async function signIn(page: Page, url: string, email: string, password = UI_PASSWORD): Promise<void> {
  await page.goto(`${url}/`);
  await page.fill('input[name="email"]', email);
  await page.fill('input[name="password"]', password);
  await page.click('button[type="submit"]');
  await page.waitForSelector('.sidebar');
}

type Overrides = NonNullable<Parameters<typeof openInstallation>[0]['overrides']>;

export interface UiDesk {
  inst: Installation;
  app: App;
  url: string;
}

/**
 * A desk in this process on a temp dir, listening on 127.0.0.1 for the browser. `seed` runs before the app is
 * built, so what it makes is there on the first request; what it returns is handed back with the desk. A `clock`
 * (shared/clock.ts fixedClock) lets a test move the server's time, e.g. between a timer's start and stop.
 */
export async function startUiDesk<T extends object = object>(
  t: Test,
  opts: { overrides?: Overrides; seed?: (inst: Installation) => Promise<T>; clock?: Clock } = {},
): Promise<UiDesk & T> {
  const inst = await openInstallation({
    dataDir: tempDir(t),
    overrides: { logLevel: 'warn', ...opts.overrides },
    ...(opts.clock && { clock: opts.clock }),
  });
  t.teardown(() => inst.close());
  const seeded = opts.seed ? await opts.seed(inst) : ({} as T);
  const app = await buildApp({ installation: inst, logRequests: false });
  t.teardown(() => app.close());
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { ...seeded, inst, app, url };
}
