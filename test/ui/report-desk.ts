import type { Browser, Page } from 'playwright-core';
import type { Test } from 'tap';
import { fixedClock } from '../../server/shared/clock.js';
import { slaSweep } from '../../server/modules/sla/index.js';
import { createContact, createOrganization } from '../../server/modules/organizations/organizations.service.js';
import { openPage, signIn, startUiDesk } from '../helpers/browser.js';
import { uiAgent } from '../helpers/ui-desk.js';
import { agreementFixture, allDay } from '../sla/helpers.js';

/**
 * November of one client for the report pages' browser tests: ООО «Ромашка» under a round-the-clock agreement
 * (P1 reaction 1 h, resolution 4 h; P2 2 h and 8 h), tickets filed, answered and resolved by the manager at the
 * times of `timeline`, and the SLA sweep run on 2 December.
 */

export const SHOTS = '/tmp/report-shots';
export const NOVEMBER = 'from=2026-11-01&to=2026-11-30';
export const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1440, height: 900 };

export const msk = (local: string) => new Date(`${local}:00+03:00`);

/** What happens to a ticket, at a Moscow time: filed (with its priority), answered in public, resolved. */
export type Step = [at: string, ticket: string, what: 'P1' | 'P2' | 'reply' | 'resolve'];

export async function novemberReportDesk(
  t: Test,
  opts: { admin: string; manager: string; contact?: boolean; timeline: readonly Step[] },
) {
  const clock = fixedClock(msk('2026-11-01T09:00'));
  const desk = await startUiDesk(t, {
    clock,
    seed: async (inst) => {
      const admin = await uiAgent(inst, 'admin', opts.admin, 'Анна Админова');
      const manager = await uiAgent(inst, 'manager', opts.manager, 'Мария Петрова', 'en');
      const org = await createOrganization(inst.ctx(admin.actor), { name: 'ООО «Ромашка»' });
      if (opts.contact)
        await createContact(inst.ctx(admin.actor), org.id, { name: 'Ольга Смирнова', email: 'olga@romashka.example' });
      const agreementId = await agreementFixture(inst, {
        organizationId: org.id,
        calendarId: await allDay(inst),
        number: '2026-SLA-7',
        targets: [
          { priority: 'P1', reaction: 60, resolution: 240 },
          { priority: 'P2', reaction: 120, resolution: 480 },
        ],
      });
      return { admin, manager, org, agreement: { id: agreementId } };
    },
  });
  const api = async (method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown) => {
    const res = await desk.app.inject({
      method,
      url: `/api/v1${path}`,
      headers: { authorization: `Bearer ${desk.manager.token}` },
      ...(body !== undefined && { payload: body as object }),
    });
    if (res.statusCode >= 400) throw new Error(`${method} ${path}: ${res.statusCode} ${res.body}`);
    return res;
  };
  const ids = new Map<string, number>();
  for (const [at, ticket, what] of opts.timeline) {
    clock.set(msk(at));
    if (what === 'P1' || what === 'P2') {
      const res = await api('POST', '/tickets', {
        subject: ticket,
        description: ticket,
        organizationId: desk.org.id,
        type: 'incident',
        priority: what,
      });
      ids.set(ticket, res.json().id);
    } else if (what === 'reply')
      await api('POST', `/tickets/${ids.get(ticket)}/comments`, { body: 'Смотрим', public: true });
    else await api('PATCH', `/tickets/${ids.get(ticket)}`, { status: 'resolved' });
  }
  clock.set(msk('2026-12-02T09:00'));
  await slaSweep(desk.inst.ctx());
  return { ...desk, clock };
}

export async function shot(page: Page, name: string) {
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

/** How far the page sticks out sideways, in the document or in the shell's scrolling content (0: it fits). */
export const overflowOf = (page: Page) =>
  page.evaluate(() => {
    const content = document.querySelector('.content');
    return Math.max(
      document.documentElement.scrollWidth - window.innerWidth,
      content ? content.scrollWidth - content.clientWidth : 0,
    );
  });

/** A signed-in page on a desktop or a phone. */
export async function openReportPage(
  browser: Browser,
  url: string,
  email: string,
  locale: 'ru-RU' | 'en-GB',
  phone: boolean,
  errors: string[],
) {
  const { page } = await openPage(browser, {
    locale,
    timezoneId: 'Europe/Moscow',
    viewport: phone ? PHONE : DESKTOP,
    ignoreConsole: /401|409|Failed to load resource/,
    errors,
    label: `${email} ${phone ? 'phone' : 'desktop'}`,
  });
  await signIn(page, url, email);
  return page;
}
