import { briefCache, type CacheScope } from '../../shared/brief-cache.js';

/**
 * Which agreement, target and calendar a new ticket gets: the answer changes only when agreements or
 * calendars do, which tell this cache through `slaTermsChanged` (agreement hooks, calendar writes). Both take
 * the caller's context so that a change or a load inside a transaction counts only once it commits.
 */
const cache = briefCache('sla-terms');

export const slaTermsChanged = (scope: CacheScope): void => cache.forget(scope);
export const cachedTerms = <T>(scope: CacheScope, key: string, load: () => Promise<T>): Promise<T> =>
  cache.get(scope, key, load);
