import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/**
 * The Standard Webhooks scheme (standardwebhooks.com): a secret `whsec_<base64>`, and per message the headers
 * `webhook-id`, `webhook-timestamp` (seconds) and `webhook-signature: v1,<base64 HMAC-SHA256 of
 * "id.timestamp.body">`, several signatures space-separated while a rotated secret overlaps the new one.
 */
export const SECRET_PREFIX = 'whsec_';

/** A fresh secret: 24 random bytes, as the specification asks (at least 24, at most 64). */
export function newSecret(): string {
  return SECRET_PREFIX + randomBytes(24).toString('base64');
}

const keyBytes = (secret: string) => Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64');

export function signatureOf(secret: string, messageId: string, timestampSeconds: number, body: string): string {
  const mac = createHmac('sha256', keyBytes(secret))
    .update(`${messageId}.${timestampSeconds}.${body}`)
    .digest('base64');
  return `v1,${mac}`;
}

/** GitHub's `X-Hub-Signature-256`: hex HMAC-SHA256 of the body alone, keyed by the secret's text as written. */
export function githubSignatureOf(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** The value of `webhook-signature`: one signature per secret that still signs (the newest first). */
export function signatureHeader(secrets: readonly string[], messageId: string, timestampSeconds: number, body: string) {
  return secrets.map((s) => signatureOf(s, messageId, timestampSeconds, body)).join(' ');
}

/**
 * Seals a secret under the installation's webhook key (AES-256-GCM), so a copy of the database read without
 * that key's row — an export of one table, a log line, a support bundle that redacts settings — holds nothing
 * that signs. `v1.<iv>.<tag>.<ciphertext>`, base64url.
 */
export function sealSecret(key: Buffer, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), data]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.');
}

export function openSecret(key: Buffer, sealed: string): string {
  const [version, iv, tag, data] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || data === undefined) throw new Error('not a sealed webhook secret');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
}

/**
 * When each attempt of a message goes, counted from the previous one: at once, 5 s, 5 min, 30 min, 2 h, 5 h,
 * 10 h, 14 h, 20 h and 24 h (the Standard Webhooks reference schedule, stretched to about three days).
 */
export const RETRY_DELAYS_MS: readonly number[] = [
  0,
  5_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3_600_000,
  5 * 3_600_000,
  10 * 3_600_000,
  14 * 3_600_000,
  20 * 3_600_000,
  24 * 3_600_000,
];

/** The delay before attempt number `attempt + 1` after `attempt` failed ones; null when there is none left. */
export function nextRetryDelay(failedAttempts: number): number | null {
  return RETRY_DELAYS_MS[failedAttempts] ?? null;
}

/** An endpoint failing this long without one success is turned off and its admins are told. */
export const DISABLE_AFTER_MS = 3 * 86_400_000;
/** A rotated secret keeps signing this long, so receivers can switch without dropping a message. */
export const ROTATION_OVERLAP_MS = 86_400_000;
/** Delivery log rows older than this are deleted. */
export const LOG_RETENTION_MS = 30 * 86_400_000;
/** What the log keeps of a response body. */
export const RESPONSE_BODY_LIMIT = 4096;
export const DELIVERY_TIMEOUT_MS = 10_000;
