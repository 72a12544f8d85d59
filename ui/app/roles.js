// What the server's policy (server/modules/auth/policy.ts) lets each role do, for what the UI offers.
// The server checks every request anyway; this only keeps the UI from offering what would be refused.
export const canReadCalendars = (me) => ['admin', 'manager', 'engineer', 'accountant'].includes(me?.role);
export const canEditCalendars = (me) => ['admin', 'manager'].includes(me?.role);
export const canUpdateTickets = (me) => ['admin', 'manager', 'engineer'].includes(me?.role);
export const canReadAgreements = (me) => ['admin', 'manager', 'engineer', 'accountant'].includes(me?.role);
export const canEditAgreements = (me) => ['admin', 'manager'].includes(me?.role);
/** The license page is for those who buy and renew it; applying tokens and removing nodes is for admins. */
export const canReadLicense = (me) => ['admin', 'manager'].includes(me?.role);
export const canManageLicense = (me) => me?.role === 'admin';
