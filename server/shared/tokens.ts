import { createHash, randomBytes } from 'node:crypto';

/** Random secrets (session ids, API tokens, CSRF tokens): 256 bits, URL-safe. */
export const randomToken = (bytes = 32) => randomBytes(bytes).toString('base64url');

/** Secrets are stored as their SHA-256: a copy of the database yields no usable session or token. */
export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
