import t from 'tap';
import fc from 'fast-check';
import { FIRST_TITLES, titledFirstPage } from '../../server/modules/search/titled-first.js';

/** The ranking as a whole slice gives it: titled documents first, then the others, each in slice order. */
const wholeRanking = (slice: number[], titled: Set<number>, skip: number, limit: number) =>
  [...slice.filter((d) => titled.has(d)), ...slice.filter((d) => !titled.has(d))].slice(skip, skip + limit);

t.test('a page is the page of the whole slice ranked, whatever is titled and wherever the page starts', async (t) => {
  await fc.assert(
    fc.asyncProperty(
      fc.uniqueArray(fc.integer({ min: 0, max: 1_000_000 }), { maxLength: 600 }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.nat({ max: 620 }),
      fc.integer({ min: 1, max: 100 }),
      fc.integer({ min: 1, max: 200 }),
      async (slice, share, skip, limit, first) => {
        // A fixed share of the slice has a matching title, spread over it by the documents' own values.
        const titled = new Set(slice.filter((d) => (d * 2654435761) % 1000 < share * 1000));
        const read: number[] = [];
        const page = await titledFirstPage(
          slice,
          async (docs) => {
            read.push(...docs);
            return new Set(docs.filter((d) => titled.has(d)));
          },
          skip,
          limit,
          first,
        );
        t.same(page, wholeRanking(slice, titled, skip, limit));
        t.ok(new Set(read).size === read.length, 'no title is read twice');
      },
    ),
    { numRuns: 300 },
  );
});

t.test('when the newest documents hold the page, the older titles are never read', async (t) => {
  const slice = Array.from({ length: 500 }, (_, i) => (500 - i) * 4);
  /** A page of `slice` where `holds` says which titles hold the query, and the sizes of the reads it took. */
  const pageWith = async (holds: (doc: number) => boolean, skip = 0) => {
    const reads: number[] = [];
    const page = await titledFirstPage(
      slice,
      async (docs) => {
        reads.push(docs.length);
        return new Set(docs.filter(holds));
      },
      skip,
      20,
    );
    return { page, reads };
  };

  const all = await pageWith(() => true);
  t.same(all.page, slice.slice(0, 20), 'the newest twenty');
  t.same(all.reads, [FIRST_TITLES], `one read of the ${FIRST_TITLES} newest`);

  const rare = await pageWith((d) => d % 400 === 0);
  t.same(
    rare.reads,
    [FIRST_TITLES, FIRST_TITLES, 2 * FIRST_TITLES, 500 - 4 * FIRST_TITLES],
    'too few titled in the whole slice: each read doubles what was read, to the end',
  );
  t.same(
    rare.page.slice(0, 5),
    slice.filter((d) => d % 400 === 0),
    'the five titled ones come first',
  );
  t.same(rare.page.slice(5), slice.filter((d) => d % 400 !== 0).slice(0, 15), 'then the newest others');

  const sparse = await pageWith((d) => d % 32 === 0);
  t.same(
    sparse.reads,
    [FIRST_TITLES, FIRST_TITLES, 2 * FIRST_TITLES],
    'one title in eight: twenty are among the 256 newest, and the older 244 are never read',
  );
  t.same(sparse.page, slice.filter((d) => d % 32 === 0).slice(0, 20));

  const deep = await pageWith(() => true, 480);
  t.same(deep.page, slice.slice(480, 500), 'a deep page');
  t.same(deep.reads, [500], 'a page beyond the first reads as far as it reaches at once');
  t.same(await titledFirstPage([], async () => new Set(), 0, 20), [], 'an empty slice');
});
