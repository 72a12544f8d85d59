/**
 * Attachment names must show a person what they are: no bidi controls (U+202E makes "invoice\u202Efdp.exe"
 * read as a PDF), no zero-width or other invisible format characters, and nothing a download header cannot
 * carry.
 */
import t from 'tap';
import fc from 'fast-check';
import { contentDisposition, safeFileName } from '../../server/modules/attachments/file-name.js';

/** The code points named in the hardening issue, plus the other invisible ones safeFileName removes. */
const invisible = [
  0x061c, 0x200b, 0x200c, 0x200d, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2060, 0x2066, 0x2067,
  0x2068, 0x2069, 0xfeff, 0xe0041,
];
const invisibleChar = fc.constantFrom(...invisible.map((cp) => String.fromCodePoint(cp)));
/** Names mixing ordinary text, path parts, invisible characters, controls and lone surrogates. */
const hostileName = fc
  .array(
    fc.oneof(
      { weight: 4, arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }) },
      { weight: 3, arbitrary: invisibleChar },
      { weight: 1, arbitrary: fc.constantFrom('.', ' ', '/', '\\', '\u0000', '\u0085', '\u2028', '"', '.exe') },
      { weight: 1, arbitrary: fc.constantFrom('\uD800', '\uDFFF', '😀') },
    ),
    { maxLength: 80 },
  )
  .map((parts) => parts.join(''));

const codePoints = (s: string) => Array.from(s, (c) => c.codePointAt(0)!);

t.test('no output holds a bidi control or another invisible format character', async (t) => {
  fc.assert(
    fc.property(hostileName, (name) => {
      const safe = safeFileName(name);
      for (const cp of codePoints(safe))
        if (invisible.includes(cp) || /\p{Cf}/u.test(String.fromCodePoint(cp))) return false;
      return true;
    }),
    { numRuns: 2000 },
  );
  t.pass('2000 hostile names');
});

t.test('every output is a usable name a download header can carry', async (t) => {
  fc.assert(
    fc.property(fc.oneof(hostileName, fc.string({ unit: 'binary', maxLength: 400 })), (name) => {
      const safe = safeFileName(name);
      const chars = Array.from(safe);
      if (chars.length < 1 || chars.length > 200) return false;
      if (/[/\\\p{Cc}\u2028\u2029]/u.test(safe)) return false;
      if (/^[\s.]|[\s.]$/.test(safe)) return false;
      if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(safe)) return false;
      contentDisposition(safe); // throws on a lone surrogate
      return safeFileName(safe) === safe; // already safe names stay as they are
    }),
    { numRuns: 2000 },
  );
  t.pass('2000 names');
});

t.test('examples', async (t) => {
  t.equal(
    safeFileName('invoice\u202Efdp.exe'),
    'invoicefdp.exe',
    'right-to-left override removed: the real extension shows',
  );
  t.equal(safeFileName('\u2067report\u2069.pdf'), 'report.pdf', 'isolates removed');
  t.equal(safeFileName('\u200Epay\u200Fslip\u061C.pdf'), 'payslip.pdf', 'marks removed');
  t.equal(safeFileName('\u202Aa\u202Bb\u202Cc\u202Dd.txt'), 'abcd.txt', 'embeddings and overrides removed');
  t.equal(safeFileName('in\u200Bvoice\u200C\u200D\uFEFF.pdf'), 'invoice.pdf', 'zero-width characters and BOM removed');
  t.equal(safeFileName('\uFEFF\u202E.pdf'), 'pdf', 'leading dots are trimmed once the invisible ones are gone');
  t.equal(safeFileName('\u202E\u200B'), 'file', 'nothing visible left: a default name');
  t.equal(safeFileName('Отчёт за март.xlsx'), 'Отчёт за март.xlsx', 'ordinary names are kept');
  t.equal(safeFileName('👩‍💻 notes.txt'), '👩💻 notes.txt', 'emoji stay; the joiner between them goes');
  t.equal(safeFileName('a\uD800b.txt'), 'a\uFFFDb.txt', 'a lone surrogate becomes the replacement character');
  t.equal(Array.from(safeFileName('x'.repeat(199) + '😀😀')).length, 200, 'cut by characters, not halves of one');
  t.equal(safeFileName('line\u2028break\u0085.txt'), 'line_break_.txt', 'separators and C1 controls replaced');
  t.equal(safeFileName('../../etc/passwd'), 'passwd', 'last path segment only (unchanged)');
});
