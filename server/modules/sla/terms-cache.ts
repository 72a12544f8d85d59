import { briefCache } from '../../shared/brief-cache.js';

/**
 * Which agreement, target and calendar a new ticket gets: the answer changes only when agreements or
 * calendars do, which tell this cache through `slaTermsChanged` (agreement hooks, calendar writes).
 */
const cache = briefCache();

export const slaTermsChanged = (): void => cache.forget();
export const cachedTerms = <T>(key: string, load: () => Promise<T>): Promise<T> => cache.get(key, load);
