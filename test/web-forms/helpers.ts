import { createHash } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Test } from 'tap';
import { sql } from 'kysely';
import type { Installation } from '../../server/installation.js';
import type { App } from '../../server/http/types.js';
import { fixedClock } from '../../server/shared/clock.js';
import { testDesk, type ApiClient, type TestDesk } from '../helpers/app.js';
import { makeCalendar, makeOrganization } from '../helpers/factories.js';
import { agreementFixture, serviceFixture } from '../sla/helpers.js';

export const SITE = 'https://client.example';

export interface Challenge {
  form: { key: string; language: string; attachments: boolean; fields: { name: string }[] };
  token: string;
  honeypot: string;
  minFillMs: number;
  challenge: { algorithm: string; challenge: string; maxnumber: number; salt: string; signature: string };
}

/** Solves an ALTCHA challenge as a browser would (SHA-256 of salt + number from 0), as the widget's base64 JSON. */
export function solve(c: Challenge['challenge']): string {
  for (let n = 0; n <= c.maxnumber; n++) {
    if (
      createHash('sha256')
        .update(c.salt + n)
        .digest('hex') === c.challenge
    )
      return Buffer.from(JSON.stringify({ ...c, number: n, maxnumber: undefined })).toString('base64');
  }
  throw new Error('unsolvable challenge');
}

export interface FormDesk extends TestDesk {
  admin: ApiClient;
  clock: ReturnType<typeof fixedClock>;
  organizationId: number;
  serviceId: number;
}

/** A desk at a fixed time with a client on an active agreement covering one service. */
export async function formDesk(t: Test): Promise<FormDesk> {
  const clock = fixedClock('2026-12-07T09:00:00.000Z');
  const desk = await testDesk(t, { clock });
  const admin = await desk.agent('admin');
  const org = await makeOrganization(admin, { name: 'SmartNut' });
  const calendar = await makeCalendar(admin);
  const serviceId = await serviceFixture(desk.inst, 'Site support');
  await agreementFixture(desk.inst, {
    organizationId: org.id,
    calendarId: calendar.id,
    serviceIds: [serviceId],
    targets: [{ priority: 'P3', reaction: 240, resolution: 2400 }],
  });
  return { ...desk, admin, clock, organizationId: org.id, serviceId };
}

export async function getChallenge(app: App, key: string, origin = SITE) {
  return app.inject({ method: 'GET', url: `/api/v1/forms/${key}/challenge`, headers: { origin } });
}

export function submitJson(app: App, key: string, body: unknown, opts: { origin?: string; ip?: string } = {}) {
  return app.inject({
    method: 'POST',
    url: `/api/v1/forms/${key}/submit`,
    headers: { origin: opts.origin ?? SITE, 'content-type': 'application/json' },
    remoteAddress: opts.ip ?? '203.0.113.7',
    payload: JSON.stringify(body),
  });
}

export const values = (email = 'anna@client.example', extra: Record<string, string> = {}) => ({
  name: 'Anna Petrova',
  email,
  subject: 'The site is down',
  message: 'Our home page answers 502 since this morning.',
  ...extra,
});

/** A challenge fetched, the person "types" for `fillMs`, the proof solved: the body of a valid submission. */
export async function filled(
  desk: { app: App; clock: ReturnType<typeof fixedClock> },
  key: string,
  v: Record<string, string> = values(),
  fillMs = 5_000,
) {
  const res = await getChallenge(desk.app, key);
  if (res.statusCode !== 200) throw new Error(`challenge: ${res.body}`);
  const c = res.json() as Challenge;
  desk.clock.advance(fillMs);
  return { values: v, token: c.token, altcha: solve(c.challenge) };
}

function countFiles(dir: string): number {
  if (!existsSync(dir)) return 0;
  let n = 0;
  for (const name of readdirSync(dir)) {
    if (name === 'tmp') continue;
    const p = join(dir, name);
    n += statSync(p).isDirectory() ? countFiles(p) : 1;
  }
  return n;
}

/** Everything a submission could leave behind: rows and stored files. */
export async function footprint(inst: Installation) {
  const count = async (table: string) =>
    Number(
      (await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(inst.database.db)).rows[0]!.n,
    );
  return {
    tickets: await count('tickets'),
    contacts: await count('contacts'),
    attachments: await count('attachments'),
    inbound: await count('inbound_messages'),
    outbox: await count('outbox'),
    spentProofs: await count('web_form_spent_proofs'),
    attachmentFiles: countFiles(join(inst.config.dataDir, 'attachments')),
    mailFiles: countFiles(join(inst.config.dataDir, 'mail')),
  };
}
