/**
 * Browser protections (hardening issue, item 5): every HTML page carries a strict Content-Security-Policy with
 * frame-ancestors 'none' and X-Frame-Options; HSTS only when the desk is published over https. In Chromium the
 * real UI and the API docs run under their policies without a single violation, and a page of another origin
 * cannot frame the desk.
 */
import t, { type Test } from 'tap';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { openInstallation } from '../../server/installation.js';
import { buildApp } from '../../server/app.js';
import { seedDemoIfEmpty } from '../../server/demo/seed.js';
import { tempDir } from '../helpers/installation.js';
import { launchChromium, openPage, startUiDesk } from '../helpers/browser.js';

async function deskWith(t: Test, publicUrl?: string) {
  const inst = await openInstallation({
    dataDir: tempDir(t),
    env: {},
    overrides: { logLevel: 'warn', ...(publicUrl !== undefined && { publicUrl }) },
  });
  t.teardown(() => inst.close());
  const app = await buildApp({ installation: inst, logRequests: false });
  t.teardown(() => app.close());
  return app;
}

const directives = (csp: string) =>
  new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/) as [string, ...string[]])
      .map(([k, ...v]) => [k, v]),
  );

t.test('every HTML response has a CSP with frame-ancestors none, and X-Frame-Options', async (t) => {
  const app = await deskWith(t);
  for (const url of ['/', '/tickets', '/tickets/42', '/agreements/7?tab=sla', '/api/docs', '/api/docs/']) {
    const res = await app.inject({ method: 'GET', url });
    t.equal(res.statusCode, 200, `${url}: 200`);
    t.match(res.headers['content-type'], /^text\/html/, `${url}: an HTML page`);
    const csp = directives(String(res.headers['content-security-policy'] ?? ''));
    t.same(csp.get('frame-ancestors'), ["'none'"], `${url}: frame-ancestors 'none'`);
    t.same(csp.get('object-src'), ["'none'"], `${url}: no plugins`);
    t.same(csp.get('base-uri'), ["'none'"], `${url}: no <base> redirecting relative URLs`);
    t.notOk(
      csp.get('script-src')?.some((s) => /unsafe|\*|data:|https?:/.test(s)),
      `${url}: scripts from self only`,
    );
    t.equal(res.headers['x-frame-options'], 'DENY', `${url}: X-Frame-Options DENY`);
    t.equal(res.headers['x-content-type-options'], 'nosniff', `${url}: nosniff kept`);
    t.equal(res.headers['referrer-policy'], 'same-origin', `${url}: referrer policy kept`);
    t.notOk(res.headers['strict-transport-security'], `${url}: no HSTS without an https publicUrl`);
  }
  const desk = directives(String((await app.inject({ method: 'GET', url: '/' })).headers['content-security-policy']));
  t.same(desk.get('style-src'), ["'self'"], 'the desk allows no inline styles');
  t.match(desk.get('script-src')?.join(' '), /^'self' 'sha256-[A-Za-z0-9+/]+=*'$/, 'only the import map inline');
  const download = await app.inject({ method: 'GET', url: '/api/v1/tickets/1/attachments/1' });
  t.equal(download.headers['x-frame-options'], 'DENY', 'API answers are not frameable either');
});

t.test('an https publicUrl adds HSTS to every response; an http one does not', async (t) => {
  const https = await deskWith(t, 'https://desk.example.com');
  for (const url of ['/', '/healthz', '/api/docs'])
    t.equal(
      (await https.inject({ method: 'GET', url })).headers['strict-transport-security'],
      'max-age=31536000; includeSubDomains',
      `https: ${url}`,
    );
  const http = await deskWith(t, 'http://desk.example.com');
  for (const url of ['/', '/healthz'])
    t.notOk((await http.inject({ method: 'GET', url })).headers['strict-transport-security'], `http: ${url}`);
});

/** Collects every CSP violation the page reports, from the DOM event and from the console. */
async function watchViolations(page: Page, into: string[]) {
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  page.on('console', (msg) => {
    if (/Content Security Policy|CSP violation|Refused to/i.test(msg.text())) into.push(msg.text());
  });
}

t.test('in Chromium the desk and the API docs run without a CSP violation; no other origin frames them', async (t) => {
  const { url } = await startUiDesk(t, {
    seed: async (inst) => {
      await seedDemoIfEmpty(inst, { tickets: 8 });
      return {};
    },
  });
  const browser = await launchChromium(t);
  const { page, errors } = await openPage(browser, {
    locale: 'ru-RU',
    viewport: { width: 1400, height: 900 },
    ignoreConsole: /401|Failed to load resource|CSP violation|Content Security Policy|Refused to/,
  });
  const violations: string[] = [];
  await watchViolations(page, violations);

  await page.goto(`${url}/`);
  await page.fill('input[name="email"]', 'admin@demo.ondesk');
  await page.fill('input[name="password"]', 'demo-password');
  await page.click('button[type="submit"]');
  await page.waitForSelector('.sidebar');
  // Pages with style props (teams, license meter), lists, a ticket, search snippets (HTML from the server).
  for (const path of ['/tickets', '/tickets/1', '/search?q=1С', '/teams', '/license', '/agreements', '/calendars']) {
    await page.goto(`${url}${path}`);
    await page.waitForSelector('.sidebar');
    await page.waitForLoadState('networkidle');
  }
  t.same(violations, [], 'the desk: no CSP violation');
  t.same(errors, [], 'the desk: no page errors');

  await page.goto(`${url}/api/docs`);
  await page.waitForSelector('.swagger-ui .info .title', { timeout: 30_000 });
  await page.waitForSelector('.opblock', { timeout: 30_000 });
  t.match(await page.textContent('.swagger-ui .info .title'), /Ondesk API/, 'the API docs render');
  t.same(violations, [], 'the API docs: no CSP violation');

  // A page on another port of the same host (another origin, same site) tries to frame the signed-in queue.
  const attacker = createServer((_req, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(`<!doctype html><iframe id="f" src="${url}/tickets" width="800" height="600"></iframe>`);
  });
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
  t.teardown(() => attacker.close());
  const attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`;
  const framed: string[] = [];
  page.on('console', (msg) => framed.push(msg.text()));
  await page.goto(attackerUrl);
  await page.waitForTimeout(1500);
  const frame = page.frames().find((f) => f !== page.mainFrame());
  t.ok(frame, 'the attacker page holds a frame');
  const deskLoaded = await frame!.evaluate(() => document.querySelector('.sidebar, #app') !== null).catch(() => false);
  t.notOk(deskLoaded, 'the desk did not load inside the frame');
  t.ok(
    framed.some((m) => /frame-ancestors|X-Frame-Options|Refused to (display|frame)/i.test(m)),
    'Chromium refused to frame it',
  );
});
