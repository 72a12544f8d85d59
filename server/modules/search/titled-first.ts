/**
 * How many of a slice's newest documents have their titles read first. A page whose words are in many titles (a
 * common word of subjects: "принтер") is filled from them, and the rest of the slice — up to SLICE documents, a
 * primary-key read and the stems of a title each — is never read. Otherwise each further read doubles how many have
 * been read, so a page found among the newest few hundred costs a read or two more, and a whole slice four reads.
 */
export const FIRST_TITLES = 64;

/**
 * The page `[skip, skip + limit)` of a slice ranked titles first: the documents whose title holds the query, then
 * the others, each group in slice order (newest first). `titled` answers which of the given documents have such a
 * title. The result is the page the whole slice ranked would give; titles are read only as far as the page needs:
 * once the documents read hold `skip + limit` titled ones, none after them can come before them.
 */
export async function titledFirstPage(
  slice: readonly number[],
  titled: (docs: number[]) => Promise<ReadonlySet<number>>,
  skip: number,
  limit: number,
  first = FIRST_TITLES,
): Promise<number[]> {
  const end = skip + limit;
  const withTitle: number[] = [];
  const others: number[] = [];
  for (let read = 0, upTo = Math.max(first, end); read < slice.length; read = upTo, upTo *= 2) {
    const part = slice.slice(read, upTo);
    const hits = await titled(part);
    for (const doc of part) (hits.has(doc) ? withTitle : others).push(doc);
    if (withTitle.length >= end) return withTitle.slice(skip, end);
  }
  return [...withTitle, ...others].slice(skip, end);
}
