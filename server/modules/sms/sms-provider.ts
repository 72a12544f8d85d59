import type { Config } from '../../config/config.js';
import { httpGateway } from './http-gateway.js';
import { smppProvider } from './smpp-provider.js';
import type { SmsProvider } from './sms-provider-contract.js';

/** The configured provider, or null: SMS then wait in the outbox like mail without SMTP. */
export function smsProviderFrom(config: Config): SmsProvider | null {
  switch (config.smsProvider) {
    case 'http':
      if (!config.smsHttpUrl) throw new Error('smsProvider is "http" but smsHttpUrl (ONDESK_SMS_HTTP_URL) is not set');
      return httpGateway({
        url: config.smsHttpUrl,
        method: config.smsHttpMethod ?? 'POST',
        body: config.smsHttpBody,
        contentType: config.smsHttpContentType,
        authHeader: config.smsHttpAuthHeader,
        from: config.smsFrom,
      });
    case 'smpp':
      if (!config.smsSmppUrl) throw new Error('smsProvider is "smpp" but smsSmppUrl (ONDESK_SMS_SMPP_URL) is not set');
      return smppProvider({
        url: config.smsSmppUrl,
        systemId: config.smsSmppSystemId ?? '',
        password: config.smsSmppPassword ?? '',
        from: config.smsFrom,
      });
    default:
      return null;
  }
}

/** +7 (912) 345-67-89 → +79123456789; null when it cannot be a phone number. */
export function normalizePhone(raw: string): string | null {
  const trimmed = raw.trim();
  const digits = trimmed.replace(/[\s()\-.]/g, '');
  return /^\+?\d{5,15}$/.test(digits) ? digits : null;
}
