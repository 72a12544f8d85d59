// The sms module's public face: other modules and the composition root import only this file.
export { enqueueSms } from './sms-outbox.js';
export { smsDeliveryChannel } from './sms-channel.js';
export { normalizePhone, smsProviderFrom } from './sms-provider.js';
export { SmsError } from './sms-provider-contract.js';
export type { SmsProvider } from './sms-provider-contract.js';
export * from './sms.service.js';
