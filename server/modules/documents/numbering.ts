/**
 * Document numbers: one gap-free sequence per legal entity, document kind and calendar year of the
 * document's date. The counter row is incremented in the same transaction that inserts the document, so a
 * creation that fails anywhere gives its number back with the rollback, and SQLite's single writer makes two
 * creations never read the same last number. What is printed is the number alone ("15"): the year is in the
 * document's date next to it («Счёт № 15 от 04.12.2026»), which is how Russian primary documents read.
 */
export const yearOf = (date: string) => Number(date.slice(0, 4));

export const numberText = (number: number) => String(number);

/** Whether numbers (in any order) are exactly 1..n: no gap, no duplicate. */
export function isGapFree(numbers: readonly number[]): boolean {
  const sorted = [...numbers].sort((a, b) => a - b);
  return sorted.every((n, i) => n === i + 1);
}
