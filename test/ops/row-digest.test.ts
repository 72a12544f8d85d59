import t from 'tap';
import fc from 'fast-check';
import { encodeValue, TableDigest, toTargetValue, ValueRefused } from '../../server/ops/row-digest.js';

t.test('two rows encode alike only when their values are equal', async (t) => {
  const value = fc.oneof(
    fc.constant(null),
    fc.integer(),
    fc.double({ noNaN: true }),
    fc.string(),
    fc.uint8Array({ maxLength: 8 }).map((a) => Buffer.from(a)),
  );
  fc.assert(
    fc.property(fc.array(value, { maxLength: 4 }), fc.array(value, { maxLength: 4 }), (a, b) => {
      const same = a.length === b.length && a.every((v, i) => encodeValue(v) === encodeValue(b[i]));
      const digest = (row: unknown[]) => {
        const d = new TableDigest();
        d.add(row);
        return d.hex();
      };
      return (digest(a) === digest(b)) === same;
    }),
  );
  t.not(encodeValue('1'), encodeValue(1), 'text "1" is not the number 1');
  t.not(encodeValue(''), encodeValue(null), 'empty text is not null');
  t.not(encodeValue(Buffer.from('ab')), encodeValue('ab'), 'bytes are not text');
  const ab = new TableDigest();
  ab.add(['a', 'b']);
  const joined = new TableDigest();
  joined.add(['ab', '']);
  t.not(ab.hex(), joined.hex(), 'no two splits of the same characters collide');
  t.equal(
    new TableDigest().hex(),
    'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    'no rows: sha256 of nothing',
  );
});

t.test('SQLite values in the PostgreSQL column types', async (t) => {
  t.equal(toTargetValue(5, 'text'), '5', 'a number in a text column is its text');
  t.equal(toTargetValue('42', 'bigint'), 42);
  t.equal(toTargetValue(null, 'bigint'), null);
  t.same(toTargetValue('x', 'bytea'), Buffer.from('x'));
  t.equal(toTargetValue(2, 'double precision'), 2);
  t.throws(
    () => toTargetValue(1.5, 'bigint'),
    /1.5 is not a whole number/,
    'a fraction in an integer column is refused, not rounded',
  );
  t.throws(() => toTargetValue('abc', 'double precision'), /is not a number/);
  t.ok(catchOf(() => toTargetValue(1.5, 'bigint')) instanceof ValueRefused, 'refusals are ValueRefused');
  t.throws(() => toTargetValue('a\0b', 'text'), /NUL character/);
});

function catchOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  return null;
}
