// The search module's public face: other modules and the composition root import only this file.
export { ftsQuery } from './fts-query.js';
export { ticketTextFilter } from './search.service.js';
export {
  compactSearchIndex,
  indexBacklog,
  indexBeforeSearch,
  rebuildProgress,
  startSearchIndexer,
} from './search-backlog.js';
export { searchRoutes } from './search.routes.js';
