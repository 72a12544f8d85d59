import t from 'tap';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { testDesk } from '../helpers/app.js';
import { makeContact, makeOrganization, makeTicket } from '../helpers/factories.js';
import { fsyncPath, type DurablePath } from '../../server/db/durability.js';
import type { Installation } from '../../server/installation.js';
import { sql } from 'kysely';
import { compose, ingest } from '../mail/helpers.js';

const SLOW_MS = 300;

/** Rows of `table` a reader sees now: read on the SQLite handle at once, on PostgreSQL through the pool. */
async function committedRows(inst: Installation, table: string): Promise<number> {
  if (inst.database.dialect === 'sqlite')
    return (inst.database.sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
  const { rows } = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(inst.database.db);
  return rows[0]!.n;
}

/** One column of the row `id` of `table`, whichever database the desk runs on. */
async function columnOf(inst: Installation, table: string, column: string, id: number): Promise<string> {
  const { rows } = await sql<{
    v: string;
  }>`select ${sql.ref(column)} as v from ${sql.table(table)} where id = ${id}`.execute(inst.database.db);
  return rows[0]!.v;
}

/**
 * A real fsync that answers only after SLOW_MS, recording when each call finished and how many rows of
 * `table` were committed when it was asked (the file must be durable before the row naming it exists).
 */
function slowDurable() {
  const calls: { path: string; finishedAt: number; rowsWhenAsked: number | null }[] = [];
  const state = { inst: null as Installation | null, table: '' };
  const durable: DurablePath = async (path) => {
    const rowsWhenAsked = state.inst ? await committedRows(state.inst, state.table) : null;
    await fsyncPath(path);
    await new Promise((resolve) => setTimeout(resolve, SLOW_MS));
    calls.push({ path, finishedAt: performance.now(), rowsWhenAsked });
  };
  return { durable, calls, watch: (inst: Installation, table: string) => Object.assign(state, { inst, table }) };
}

function multipart(fileName: string, content: string) {
  const boundary = '----ondesk' + Math.random().toString(16).slice(2);
  const payload = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n` +
      `Content-Type: text/plain\r\n\r\n${content}\r\n--${boundary}--\r\n`,
  );
  return { payload, contentType: `multipart/form-data; boundary=${boundary}` };
}

const mode = (path: string) => statSync(path).mode & 0o777;

t.test('an attachment upload is answered only after its file and folder were made durable', async (t) => {
  const slow = slowDurable();
  const desk = await testDesk(t, { durable: slow.durable });
  const eng = await desk.agent('engineer');
  const org = await makeOrganization(await desk.agent('admin'));
  const ticket = await makeTicket(eng, org.id);
  slow.watch(desk.inst, 'attachments');
  const body = multipart('report.txt', 'the printer log');

  const started = performance.now();
  const up = await desk.app.inject({
    method: 'POST',
    url: `/api/v1/tickets/${ticket.id}/attachments`,
    headers: { authorization: `Bearer ${eng.token}`, 'content-type': body.contentType },
    payload: body.payload,
  });
  const answeredAt = performance.now();
  t.equal(up.statusCode, 201, up.body);

  const root = join(desk.inst.config.dataDir, 'attachments');
  const sha256 = await columnOf(desk.inst, 'attachments', 'sha256', up.json().id);
  const file = join(root, sha256.slice(0, 2), sha256);
  const folderSync = slow.calls.find((c) => c.path === dirname(file));
  t.ok(folderSync, 'the folder holding the new name was fsynced');
  t.ok(
    slow.calls.some((c) => c.path.startsWith(join(root, 'tmp'))),
    'the data was fsynced (under its temporary name, before the rename)',
  );
  t.ok(
    slow.calls.every((c) => c.finishedAt <= answeredAt),
    'every fsync finished before the reply arrived',
  );
  t.ok(answeredAt - started >= 2 * SLOW_MS, `the reply waited for the slow fsyncs (${answeredAt - started} ms)`);
  t.equal(folderSync!.rowsWhenAsked, 0, 'the row naming the file was not committed before the file was durable');
  t.equal(mode(file), 0o600, 'the file is readable by the desk alone');
  t.equal(mode(dirname(file)), 0o700, 'and so is its folder');
});

t.test('an ingested message is answered only after its raw .eml was made durable', async (t) => {
  const slow = slowDurable();
  const desk = await testDesk(t, { durable: slow.durable });
  const admin = await desk.agent('admin');
  const org = await makeOrganization(admin, { name: 'Romashka LLC' });
  await makeContact(admin, org.id, { name: 'Ivan Petrov', email: 'ivan@romashka.example' });
  slow.watch(desk.inst, 'inbound_messages');
  const raw = await compose({
    from: 'Ivan Petrov <ivan@romashka.example>',
    to: 'support@desk.test',
    subject: 'The printer is down',
    messageId: '<durable-1@romashka.example>',
    text: 'It prints blank pages.',
  });

  const started = performance.now();
  const result = await ingest(desk.inst, raw);
  const answeredAt = performance.now();
  t.equal(result.outcome, 'ticket');

  const rawSha256 = await columnOf(desk.inst, 'inbound_messages', 'raw_sha256', result.inboundId);
  const eml = join(desk.inst.config.dataDir, 'mail', rawSha256.slice(0, 2), rawSha256);
  t.ok(existsSync(eml), 'the raw message is kept');
  const folderSync = slow.calls.find((c) => c.path === dirname(eml));
  t.ok(folderSync, 'the folder holding the raw message was fsynced');
  t.equal(folderSync!.rowsWhenAsked, 0, 'before the inbound record naming it was committed');
  t.ok(
    slow.calls.every((c) => c.finishedAt <= answeredAt),
    'every fsync finished before ingestion answered',
  );
  t.ok(answeredAt - started >= 2 * SLOW_MS, `ingestion waited for the slow fsyncs (${answeredAt - started} ms)`);
  t.equal(mode(eml), 0o600);
  t.equal(mode(dirname(eml)), 0o700);
});
