import t from 'tap';
import { readTnef } from '../../server/modules/inbound-mail/tnef.js';
import { existsSync, readFileSync } from 'node:fs';
import { basename, relative } from 'node:path';
import { testInstallation } from '../helpers/installation.js';
import { compose, copiedFixtures, fixtureRoot, ingest, listFiles, sharedFixtures } from './helpers.js';

const files = listFiles(fixtureRoot).filter((f) => !/(LICENSE|README\.md|\.gitattributes)$/.test(f));

t.test(
  'the fixture copy is identical to the shared original',
  { skip: !existsSync(sharedFixtures) && 'no shared/ beside this checkout' },
  async (t) => {
    const shared = listFiles(sharedFixtures).map((f) => relative(sharedFixtures, f));
    t.same(
      listFiles(copiedFixtures).map((f) => relative(copiedFixtures, f)),
      shared,
    );
    for (const name of shared)
      t.ok(readFileSync(sharedFixtures + name).equals(readFileSync(copiedFixtures + name)), name);
  },
);

t.test('every real-world message becomes a ticket, a comment, or a rejection with its reason', async (t) => {
  t.ok(files.length >= 200, `${files.length} fixture files`);
  const outcomes: Record<string, number> = {};
  // Several fixtures share a Message-ID, and one desk files a Message-ID once (idempotency, tested apart):
  // such a message goes to the first desk of a small pool that has not seen its id, so every file is filed.
  const desks: Awaited<ReturnType<typeof testInstallation>>[] = [];
  for (const file of files) {
    const raw = readFileSync(file);
    const name = relative(fixtureRoot, file);
    let result;
    for (let i = 0; ; i++) {
      desks[i] ??= await testInstallation(t);
      result = await ingest(desks[i]!, raw);
      if (result.outcome !== 'duplicate') break;
    }
    outcomes[result.outcome] = (outcomes[result.outcome] ?? 0) + 1;
    t.not(result.outcome, 'duplicate', name);
    if (result.outcome === 'ticket') t.ok(result.ticketId, `${name}: ticket`);
    else if (result.outcome === 'comment') t.ok(result.commentId, `${name}: comment`);
    else t.ok(result.reason && result.reason.length > 5, `${name}: ${result.outcome} with a reason (${result.reason})`);
  }
  for (const desk of desks) {
    const rows = await desk.database.db
      .selectFrom('inbound_messages')
      .select(['raw_sha256', 'status', 'reason'])
      .execute();
    t.ok(
      rows.every((r) => r.raw_sha256),
      'every raw message is kept',
    );
    t.ok(
      rows.every((r) => r.status === 'ticket' || r.status === 'comment' || r.reason),
      'every refusal has its reason',
    );
  }
  t.comment(`outcomes: ${JSON.stringify(outcomes)} over ${desks.length} desks`);
  t.ok((outcomes.ticket ?? 0) > 150, 'most fixtures became tickets');
  t.ok((outcomes.rejected ?? 0) > 0, 'bounces and reports are listed as rejected');
});

t.test(
  'winmail.dat (TNEF) bodies are unpacked into the files inside; unreadable ones are kept as they came',
  async (t) => {
    const inst = await testInstallation(t);
    const tnef = files.filter((f) => f.endsWith('.tnef'));
    t.ok(tnef.length > 10);
    for (const file of tnef) {
      const raw = await compose({
        from: 'Outlook User <user@outlook.example>',
        to: 'support@desk.test',
        subject: `Outlook message ${basename(file)}`,
        text: 'See the attachment',
        attachments: [{ filename: 'winmail.dat', content: readFileSync(file), contentType: 'application/ms-tnef' }],
      });
      const result = await ingest(inst, raw);
      t.equal(result.outcome, 'ticket', basename(file));
      const files = await inst.database.db
        .selectFrom('attachments')
        .selectAll()
        .where('ticket_id', '=', result.ticketId!)
        .execute();
      const inside = readTnef(readFileSync(file));
      const expected = [
        ...inside.files.map((f) => [f.name, f.data.length]),
        // A stream that could not be read to its end is also kept whole, so nothing in it is lost.
        ...(inside.problem ? [['winmail.dat', readFileSync(file).length]] : []),
      ];
      t.same(
        files.map((f) => [f.file_name, f.size]),
        expected,
        `${basename(file)}: ${inside.files.length} file(s) inside${inside.problem ? ', original kept' : ''}`,
      );
    }
  },
);
