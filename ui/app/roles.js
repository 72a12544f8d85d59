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
/** Every staff role reads the agent list and cards (agent.read); creating agents, roles and activity are for admins (agent.manage). */
export const canReadAgents = (me) => ['admin', 'manager', 'engineer', 'accountant'].includes(me?.role);
export const canManageAgents = (me) => me?.role === 'admin';
/** A free-text SMS from an agent's card (sms.send). */
export const canSendSms = (me) => ['admin', 'manager'].includes(me?.role);
/** The outbox and the notification rules and templates (outbox.manage, notification.manage): admins. */
export const canManageMail = (me) => me?.role === 'admin';
/** Received mail (inbound_mail.read), and what to do with held or rejected mail (inbound_mail.manage). */
export const canReadInbound = (me) => ['admin'].includes(me?.role);
export const canManageInbound = (me) => me?.role === 'admin';
/** A client's settings: e-mail acknowledgements and mail domains (organization.write). */
export const canEditOrganizations = (me) => ['admin', 'manager'].includes(me?.role);
