/**
 * The client portal's pages at 100,000 tickets over 200 organizations (one big client holds about a tenth of
 * them): the API calls its pages make — the ticket list (open tab), the list with a word search, and a
 * ticket's detail — through a real listening server with a contact's cookie, sequential fetches, p50/p95.
 * Also prints the list query's plan: it must read by the organization's (or the requester's) index.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../../server/app.js';
import { openInstallation } from '../../server/installation.js';
import { indexBacklog } from '../../server/modules/search/search-backlog.js';
import type { BenchRow } from './business-time.bench.js';
import { seedTickets } from './seed-tickets.js';

const TICKETS = Number(process.env.BENCH_PORTAL_TICKETS ?? 100_000);
const ORGANIZATIONS = 200;
const SAMPLES = Number(process.env.BENCH_PORTAL_SAMPLES ?? 200);
const BUDGET_MS = 200;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

export async function benchPortal(): Promise<BenchRow[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ondesk-portal-bench-'));
  const inst = await openInstallation({
    dataDir,
    env: { ONDESK_DEV_LOGIN_LINKS: '1' },
    overrides: { logLevel: 'warn' },
  });
  try {
    const db = inst.database.sqlite;
    const stamp = new Date().toISOString();
    const orgs: number[] = [];
    const contacts = new Map<number, number[]>();
    db.transaction(() => {
      const org = db.prepare(`insert into organizations (name, created_at, updated_at) values (?, ?, ?)`);
      const contact = db.prepare(
        `insert into contacts (organization_id, name, email, created_at, updated_at) values (?, ?, ?, ?, ?)`,
      );
      for (let i = 1; i <= ORGANIZATIONS; i++) {
        const id = Number(org.run(`Client ${i}`, stamp, stamp).lastInsertRowid);
        orgs.push(id);
        contacts.set(
          id,
          [1, 2, 3].map((c) =>
            Number(contact.run(id, `Contact ${c} of ${i}`, `c${c}@client${i}.example`, stamp, stamp).lastInsertRowid),
          ),
        );
      }
    })();
    const big = orgs[0]!;
    // The big client is named 20 times among 219: about 9 % of the tickets, 9,000 at 100,000.
    seedTickets(inst, { count: TICKETS, organizations: [...orgs, ...Array(19).fill(big)], agents: [] });
    db.exec(
      `update tickets set contact_id = (select min(id) + (tickets.id % 3) from contacts c where c.organization_id = tickets.organization_id)`,
    );
    // A long conversation on the tickets whose detail is read: 20 replies and 5 internal notes each.
    const sampleTickets = (
      db.prepare(`select id from tickets where organization_id = ? order by id desc limit 50`).all(big) as {
        id: number;
      }[]
    ).map((r) => r.id);
    db.transaction(() => {
      const comment = db.prepare(
        `insert into comments (ticket_id, author_agent_id, author_contact_id, body, public, created_at) values (?, null, null, ?, ?, ?)`,
      );
      for (const id of sampleTickets)
        for (let i = 0; i < 25; i++)
          comment.run(id, `Reply ${i} on ticket ${id}: `.padEnd(400, 'x'), i % 5 === 4 ? 0 : 1, stamp);
    })();
    db.exec('ANALYZE');
    await indexBacklog(inst.ctx());

    const app = await buildApp({ installation: inst, logRequests: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    try {
      const signIn = async (email: string) => {
        const asked = (await (
          await fetch(`${base}/api/v1/portal/login-link`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ email }),
          })
        ).json()) as { link: string };
        const opened = await fetch(`${base}${new URL(asked.link).pathname}`, { redirect: 'manual' });
        const cookie = /ondesk_portal=([^;]+)/.exec(opened.headers.get('set-cookie') ?? '')?.[1];
        if (!cookie) throw new Error(`no portal cookie (${opened.status})`);
        return { cookie: `ondesk_portal=${cookie}` };
      };
      const bigContacts = contacts.get(big)!;
      // The big client sees every ticket of the organization (its supervisor), its requesters their own.
      db.prepare(
        `insert into organization_portal_settings (organization_id, visibility, reopen_days, enabled, updated_at) values (?, 'chosen', 14, 1, ?)`,
      ).run(big, stamp);
      db.prepare(`update contacts set portal_role = 'supervisor' where id = ?`).run(bigContacts[0]);
      const supervisor = await signIn(`c1@client1.example`);
      const requester = await signIn(`c2@client1.example`);
      const small = await signIn(`c1@client77.example`);

      const measure = async (
        name: string,
        who: { cookie: string },
        url: (i: number) => string,
      ): Promise<BenchRow[]> => {
        for (let i = 0; i < 20; i++)
          await (await fetch(`${base}${url(i)}`, { headers: { cookie: who.cookie } })).arrayBuffer();
        const times: number[] = [];
        for (let i = 0; i < SAMPLES; i++) {
          const started = performance.now();
          const res = await fetch(`${base}${url(i)}`, { headers: { cookie: who.cookie } });
          await res.arrayBuffer();
          times.push(performance.now() - started);
          if (res.status !== 200) throw new Error(`${name}: ${res.status}`);
        }
        times.sort((a, b) => a - b);
        const p95 = percentile(times, 0.95);
        return [
          { name: `${name} p50`, value: percentile(times, 0.5), unit: 'ms' },
          { name: `${name} p95`, value: p95, unit: 'ms', budget: `≤ ${BUDGET_MS} ms`, pass: p95 <= BUDGET_MS },
        ];
      };
      const words = ['принтер', 'Outlook', 'ошибка', 'сервер', '1С', 'зависает'];
      const rows: BenchRow[] = [
        ...(await measure(
          'tickets list, open tab (big client, 9k tickets, supervisor)',
          supervisor,
          () => '/api/v1/portal/tickets',
        )),
        ...(await measure(
          'tickets list, all, page 2 (big client)',
          supervisor,
          () =>
            '/api/v1/portal/tickets?status=all&limit=25&cursor=' +
            Buffer.from(JSON.stringify([null, sampleTickets[25]])).toString('base64url'),
        )),
        ...(await measure(
          'tickets list, own (big client, requester)',
          requester,
          () => '/api/v1/portal/tickets?status=all',
        )),
        ...(await measure('tickets list, small client', small, () => '/api/v1/portal/tickets?status=all')),
        ...(await measure(
          'tickets list with q (a common word, big client)',
          supervisor,
          (i) => `/api/v1/portal/tickets?status=all&q=${encodeURIComponent(words[i % words.length]!)}`,
        )),
        ...(await measure(
          'tickets list with q (a common word, small client: the worst case)',
          small,
          (i) => `/api/v1/portal/tickets?status=all&q=${encodeURIComponent(words[i % words.length]!)}`,
        )),
        ...(await measure(
          'ticket detail (20 replies, 5 internal notes)',
          supervisor,
          (i) => `/api/v1/portal/tickets/${sampleTickets[i % sampleTickets.length]}`,
        )),
      ];
      const plan = (sql: string, ...args: unknown[]) =>
        (db.prepare(`explain query plan ${sql}`).all(...args) as { detail: string }[]).map((r) => r.detail).join('; ');
      const listSql = `select tickets.id from tickets left join services on services.id = tickets.service_id
        left join contacts as requester on requester.id = tickets.contact_id and requester.organization_id = tickets.organization_id
        where tickets.organization_id = ? and tickets.status in ('new','open','in_progress','waiting_for_client','on_approval') order by tickets.id desc limit 26`;
      console.log(`  plan, organization list: ${plan(listSql, big)}`);
      console.log(
        `  plan, own list: ${plan(listSql.replace('where tickets.organization_id = ?', 'where tickets.organization_id = ? and tickets.contact_id = ?'), big, bigContacts[1])}`,
      );
      const searchSql = `select tickets.id from search_index join search_keys on search_keys.key = search_index.rowid
        join tickets on tickets.id = search_keys.doc / 4
        where search_index match 'принтер' and search_index.rowid % 4 = 0 and tickets.organization_id = ? order by search_index.rowid desc limit 26`;
      console.log(`  plan, word search: ${plan(searchSql, big)}`);
      return rows;
    } finally {
      await app.close();
    }
  } finally {
    await inst.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
