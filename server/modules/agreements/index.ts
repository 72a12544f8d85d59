// The agreements module's public face: other modules and the composition root import only this file.
export { agreementRoutes } from './agreements.routes.js';
export { agreementLifecycleJob, createAgreement } from './agreements.service.js';
// Calendar dates and days-left words that the recurring services' notices say the same way.
export { longDate, ruDays, whenEn, whenRu } from './agreement-mail.js';
export { addDays, addMonths, daysBetween, parseAgreementDate } from './agreement-period.js';
// The API representation of an agreement, for what sends it elsewhere (webhooks' full payload).
export { getAgreement } from './agreements.service.js';
