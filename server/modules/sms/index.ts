// The sms module's public face: other modules and the composition root import only this file.
export { enqueueSms } from './sms-outbox.js';
export { SmsError, normalizePhone, smsProviderFrom } from './sms-provider.js';
export type { SmsProvider } from './sms-provider.js';
export * from './sms.service.js';
