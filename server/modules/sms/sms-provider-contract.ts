// What every SMS provider promises, apart from the providers themselves: the factory in sms-provider.ts
// imports each provider, and each provider needs these, so they cannot live in the factory's file.

/** One SMS gateway. `send` resolves with the gateway's message id, or throws an SmsError. */
export interface SmsProvider {
  /** The counter key (sms_counters.provider): the kind and where it sends to. */
  readonly name: string;
  send(to: string, text: string): Promise<{ messageId: string | null }>;
}

/** `permanent`: resending the same SMS cannot succeed (bad number, refused credentials); no retries. */
export class SmsError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'SmsError';
  }
}
