// The inbound-mail module's public face: other modules and the composition root import only this file.
export { inboundMailRoutes } from './inbound-mail.routes.js';
export { startMailReceivers } from './receivers.js';
export { fileWebSubmission, type WebSubmission, type WebSubmissionResult } from './web-submission.js';
