// The board module's public face: the kanban board and the engineers' workload, read from tickets.
export { boardRoutes } from './board.routes.js';
