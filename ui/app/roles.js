// What the server's policy (server/modules/auth/policy.ts) lets each role do, for what the UI offers.
// The server checks every request anyway; this only keeps the UI from offering what would be refused.
export const canReadCalendars = (me) => ['admin', 'manager', 'engineer', 'accountant'].includes(me?.role);
export const canEditCalendars = (me) => ['admin', 'manager'].includes(me?.role);
