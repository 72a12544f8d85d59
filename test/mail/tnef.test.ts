import t from 'tap';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { testDesk } from '../helpers/app.js';
import { makeContact, makeOrganization } from '../helpers/factories.js';
import { isTnef, readTnef } from '../../server/modules/inbound-mail/tnef.js';
import { compose, fixtureRoot, ingest, listFiles } from './helpers.js';

const tnefDir = join(fixtureRoot, 'tnef');
const fixture = (name: string) => readFileSync(join(tnefDir, name));
const names = (name: string) => readTnef(fixture(name)).files.map((f) => f.name);

t.test('the files inside real winmail.dat streams, by name and content', async (t) => {
  t.same(names('one-file.tnef'), ['AUTHORS']);
  t.same(names('two-files.tnef'), ['AUTHORS', 'README']);
  const two = readTnef(fixture('two-files.tnef'));
  t.match(two.files[0]!.data.toString('latin1'), /Authors of tnef/);
  t.same(
    two.files.map((f) => f.data.length),
    [244, 893],
  );
  t.same(names('attachments.tnef'), ['zappa_av1.jpg', 'bookmark.htm'], 'the long file name wins over the 8.3 title');
  t.same(
    [...readTnef(fixture('attachments.tnef')).files[0]!.data.subarray(0, 3)],
    [0xff, 0xd8, 0xff],
    'a JPEG is a JPEG',
  );
  t.same(names('long-filename.tnef'), ['allproductsmar2000.dat']);
  t.same(
    names('data-before-name.tnef'),
    ['AUTOEXEC.BAT', 'CONFIG.SYS', 'boot.ini'],
    'the data may come before the name',
  );
  t.same(names('missing-filenames.tnef'), [
    'generpts.src',
    'TechlibDEC99.doc',
    'TechlibDEC99-JAN00.doc',
    'TechlibNOV99.doc',
  ]);
  t.same(
    names('MAPI_ATTACH_DATA_OBJ.tnef'),
    ['VIA_Nytt_1402.doc', 'VIA_Nytt_1402.pdf', 'VIA_Nytt_14021.htm'],
    'data kept as a MAPI object',
  );
  t.same(names('unicode-mapi-attr-name.tnef'), ['spaconsole2.cfg', 'image001.png', 'image002.png', 'image003.png']);
  t.match(readTnef(fixture('unicode-mapi-attr-name.tnef')).files[1], { contentType: 'image/png' });
  t.same(names('multi-value-attribute.tnef'), ['208225__5_seconds__Voice_Mail.mp3']);
  t.equal(readTnef(fixture('triples.tnef')).body, 'Sample description\r\n', 'the plain body');
  t.match(readTnef(fixture('body.tnef')).html, /^<!DOCTYPE HTML/, 'the HTML body');
});

t.test('corrupt streams: the files before the damage, and the reason', async (t) => {
  const panic = readTnef(fixture('panic.tnef'));
  t.same(
    panic.files.map((f) => f.name),
    ['image001.jpg', 'image002.jpg', 'image003.png'],
  );
  t.match(panic.problem, /corrupt after offset \d+/);
  t.match(readTnef(fixture('garbage-at-end.tnef')), { files: [], problem: /corrupt/ });
  t.match(readTnef(fixture('badchecksum.tnef')), { files: [], problem: /not a TNEF stream/ });
  t.notOk(isTnef(Buffer.from('plain text')));
  for (const file of listFiles(tnefDir).filter((f) => f.endsWith('.tnef'))) {
    const data = readFileSync(file);
    for (const cut of [7, 100, Math.floor(data.length / 2), data.length - 1]) {
      t.doesNotThrow(() => readTnef(data.subarray(0, cut)), `${file} cut at ${cut}`);
    }
  }
});

t.test('random and mutated streams never throw, and files stay inside the input', async (t) => {
  const seeds = listFiles(tnefDir)
    .filter((f) => f.endsWith('.tnef'))
    .map((f) => readFileSync(f))
    .filter((b) => b.length < 20_000);
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => {
      const withSignature = Buffer.concat([Buffer.from([0x78, 0x9f, 0x3e, 0x22, 0, 0]), Buffer.from(bytes)]);
      const read = readTnef(withSignature);
      return read.files.every((f) => f.data.length <= withSignature.length);
    }),
    { numRuns: 2000 },
  );
  fc.assert(
    fc.property(
      fc.nat(seeds.length - 1),
      fc.array(fc.tuple(fc.nat(), fc.nat(255)), { minLength: 1, maxLength: 8 }),
      (which, flips) => {
        const data = Buffer.from(seeds[which]!);
        for (const [at, value] of flips) data[at % data.length] = value;
        const read = readTnef(data);
        return read.files.length <= 500 && read.files.every((f) => f.data.length <= data.length);
      },
    ),
    { numRuns: 1000 },
  );
  t.pass('no input made the reader throw');
});

t.test(
  'a mail with winmail.dat becomes a ticket with the files inside; an unreadable one is kept as it came',
  async (t) => {
    const desk = await testDesk(t);
    const admin = await desk.agent('admin');
    const org = await makeOrganization(admin);
    await makeContact(admin, org.id, { email: 'outlook@client.example' });
    const filesOf = (ticketId: number) =>
      desk.inst.database.db
        .selectFrom('attachments')
        .select(['file_name', 'size', 'content_type'])
        .where('ticket_id', '=', ticketId)
        .orderBy('id')
        .execute();

    const good = await ingest(
      desk.inst,
      await compose({
        from: 'outlook@client.example',
        to: 'support@desk.test',
        subject: 'Two files',
        text: 'See attached',
        attachments: [
          { filename: 'winmail.dat', content: fixture('two-files.tnef'), contentType: 'application/ms-tnef' },
        ],
      }),
    );
    t.equal(good.outcome, 'ticket');
    t.same(await filesOf(good.ticketId!), [
      { file_name: 'AUTHORS', size: 244, content_type: 'application/octet-stream' },
      { file_name: 'README', size: 893, content_type: 'application/octet-stream' },
    ]);

    const onlyBody = await ingest(
      desk.inst,
      await compose({
        from: 'outlook@client.example',
        to: 'support@desk.test',
        subject: 'Rich text only',
        attachments: [
          { filename: 'winmail.dat', content: fixture('triples.tnef'), contentType: 'application/ms-tnef' },
        ],
      }),
    );
    const ticket = await desk.inst.database.db
      .selectFrom('tickets')
      .select('description')
      .where('id', '=', onlyBody.ticketId!)
      .executeTakeFirstOrThrow();
    t.match(ticket.description, /Sample description/, 'the body inside winmail.dat becomes the text');
    t.same(await filesOf(onlyBody.ticketId!), [], 'nothing else inside, nothing attached');

    const broken = await ingest(
      desk.inst,
      await compose({
        from: 'outlook@client.example',
        to: 'support@desk.test',
        subject: 'Broken',
        text: 'x',
        attachments: [
          { filename: 'winmail.dat', content: fixture('garbage-at-end.tnef'), contentType: 'application/ms-tnef' },
        ],
      }),
    );
    t.same(
      (await filesOf(broken.ticketId!)).map((f) => f.file_name),
      ['winmail.dat'],
      'unreadable: kept as the file it came as',
    );
  },
);
