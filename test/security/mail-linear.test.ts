/**
 * Each step of reading inbound mail is linear in its input. These inputs made the old steps quadratic: 100 KB of
 * short quoted lines took over a minute in foldReply, a long From took seconds in addressOf. With linear code a
 * megabyte takes milliseconds; the bound below is generous for a shared CI machine and far under the old times.
 */
import t, { type Test } from 'tap';
import { normalizeMessageId } from '../../server/modules/inbound-mail/mail-classify.js';
import { addressOf } from '../../server/modules/inbound-mail/mail-read.js';
import { foldReply, htmlToText } from '../../server/modules/inbound-mail/mail-text.js';

const MB = 1024 * 1024;
const fill = (unit: string, bytes = MB) => unit.repeat(Math.ceil(bytes / unit.length));

function timed<T>(t: Test, what: string, run: () => T): T {
  const start = performance.now();
  const result = run();
  const ms = performance.now() - start;
  t.ok(ms < 1000, `${what}: ${ms.toFixed(0)} ms for 1 MB`);
  return result;
}

t.test('folding quoted history', async (t) => {
  const short = timed(t, 'short quoted lines then a fresh line', () => foldReply(`fresh\n${fill('>\n')}tail`));
  t.equal(short.fresh, `fresh\n${fill('>\n')}tail`.trim(), 'a quote followed by text is not a trailing quote run');
  const run = timed(t, 'a trailing quote run', () => foldReply(`fresh\n${fill('> > > > text\n')}`));
  t.equal(run.fresh, 'fresh');
  t.match(run.history, /^> > > > text/);
  timed(t, 'one long line', () => foldReply(fill('on ')));
  timed(t, 'underscores', () => foldReply(`${fill('_')}x`));
});

t.test('addresses, Message-IDs and HTML text', async (t) => {
  t.equal(
    timed(t, 'a long run without @', () => addressOf(fill('a.'))),
    null,
  );
  t.equal(addressOf('Ivan <Ivan@Romashka.example>'), 'ivan@romashka.example');
  t.equal(addressOf('"@x" <a@b>'), 'a@b', 'an @ at the edge of a word is not an address');
  t.equal(addressOf('@a@b'), '@a@b', 'the same answer as the old regex');
  t.equal(
    timed(t, 'a Message-ID of brackets', () => normalizeMessageId(`${fill('>')}x`)),
    null,
    'too long',
  );
  t.equal(normalizeMessageId(`x${fill('>')}`), 'x');
  t.equal(normalizeMessageId(' <<id@x>> '), 'id@x');
  t.equal(
    timed(t, 'a run of spaces', () => htmlToText(`<p>${fill(' ')}x</p>`)),
    'x',
  );
  t.equal(htmlToText('<p>a  \t</p><p>b</p>'), 'a\nb');
});
