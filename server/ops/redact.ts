/**
 * What never leaves the machine in a backup without --include-secrets, or in a support bundle: setting keys
 * that name a secret, and the credentials part of any URL. The list is documented in README ("Redacted keys").
 */
export const SECRET_KEY_PATTERN = /pass(word)?|secret|token|api[-_]?key|private[-_]?key|credential|auth/i;
export const REDACTED = '[redacted]';
/** `passwordFile` and the like hold a path, not the secret: kept, it tells the vendor where to look. */
const isSecretKey = (key: string) => SECRET_KEY_PATTERN.test(key) && !/File$/.test(key);

/** smtp://user:secret@host → smtp://user:[redacted]@host: the host stays, for diagnosis. */
export function redactUrl(value: string): string {
  return value.replace(/^([a-z][a-z0-9+.-]*:\/\/)([^/@\s]*)@/i, (_, scheme: string, userinfo: string) => {
    const user = userinfo.split(':')[0];
    return `${scheme}${userinfo.includes(':') ? `${user}:${REDACTED}` : REDACTED}@`;
  });
}

export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [
        k,
        isSecretKey(k) && v !== null && v !== undefined && v !== '' ? REDACTED : redactSecrets(v),
      ]),
    );
  }
  if (typeof value === 'string') return redactUrl(value);
  return value;
}

export function containsRedacted(value: unknown): boolean {
  return JSON.stringify(value ?? null).includes(REDACTED);
}
