import { searchQueries } from './search-queries.js';

/**
 * The fixed search query set the desk bench runs (`search-queries.ts`, kept with the search work): common and rare
 * words, Russian inflected forms, error codes, a ticket number and a phrase, in a stable order.
 */
export async function searchQuerySet(): Promise<string[]> {
  return [...searchQueries];
}
