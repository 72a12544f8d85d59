import { createHmac, timingSafeEqual } from 'node:crypto';
import { createChallenge, extractParams, verifySolution } from 'altcha-lib/v1';

/**
 * The web form's spam defence, all offline and all pure (no database, no HTTP): a hidden honeypot field, a
 * signed timestamp token with a minimum fill time and a maximum age, an ALTCHA proof-of-work (SHA-256 of
 * salt + number, signed by the desk), and hourly rate limits per IP, per e-mail and in total. What must be
 * remembered across requests — the spent proofs — is the service's business; the limits live in memory here.
 */

/** A person needs longer than this to fill a form; a script posting at once does not. */
export const MIN_FILL_MS = 3_000;
/** A page left open longer than this asks for a new token (and a new challenge). */
export const MAX_TOKEN_AGE_MS = 2 * 3600_000;
/**
 * The proof-of-work's range: the client tries numbers from 0 until the hash matches, so the median work is
 * half of it. Chosen so Chromium on this 2-core machine takes about 1.5 s (the browser test prints the median:
 * about 1.0 s at 200,000 over three runs of nine loads, so 300,000) while the server checks one hash and one HMAC
 * (well under 2 ms, see the bench).
 */
export const DEFAULT_POW_MAX_NUMBER = 300_000;

export type Refusal =
  | 'honeypot'
  | 'token_malformed'
  | 'token_forged'
  | 'too_fast'
  | 'token_expired'
  | 'proof_missing'
  | 'proof_invalid'
  | 'proof_expired'
  | 'proof_replayed';

/** What a person reads: it never says which layer failed beyond what they can act on. */
export const refusalMessages: Record<Refusal, { status: number; detail: string }> = {
  honeypot: { status: 400, detail: 'The form could not be sent. Reload the page and try again.' },
  token_malformed: { status: 400, detail: 'The form could not be sent. Reload the page and try again.' },
  token_forged: { status: 400, detail: 'The form could not be sent. Reload the page and try again.' },
  too_fast: { status: 400, detail: 'The form was sent too quickly. Wait a few seconds and send it again.' },
  token_expired: { status: 400, detail: 'The form was open too long. Reload the page and send it again.' },
  proof_missing: {
    status: 400,
    detail: 'The form could not be verified. Wait until the check finishes and try again.',
  },
  proof_invalid: { status: 400, detail: 'The form could not be verified. Reload the page and try again.' },
  proof_expired: { status: 400, detail: 'The form was open too long. Reload the page and send it again.' },
  proof_replayed: { status: 409, detail: 'This form was already sent. Reload the page to send another request.' },
};

const b64url = (buf: Buffer) => buf.toString('base64url');

function mac(secret: string, formKey: string, issuedMs: number, nonce: string): string {
  return b64url(createHmac('sha256', secret).update(`fill|${formKey}|${issuedMs}|${nonce}`).digest());
}

/** `<issued ms>.<nonce>.<hmac>`: binds the time the form was shown to this form; the client cannot move it. */
export function signFillToken(secret: string, formKey: string, issuedMs: number, nonce: string): string {
  return `${issuedMs}.${nonce}.${mac(secret, formKey, issuedMs, nonce)}`;
}

const TOKEN = /^(\d{10,16})\.([A-Za-z0-9_-]{8,64})\.([A-Za-z0-9_-]{43})$/;

export type FillCheck = { ok: true; issuedMs: number } | { ok: false; refusal: Refusal };

/** A token of this form, signed by this desk, at least MIN_FILL_MS and at most MAX_TOKEN_AGE_MS old. */
export function checkFillToken(
  secret: string,
  formKey: string,
  token: unknown,
  nowMs: number,
  opts: { minFillMs?: number; maxAgeMs?: number } = {},
): FillCheck {
  if (typeof token !== 'string') return { ok: false, refusal: 'token_malformed' };
  const m = TOKEN.exec(token);
  if (!m) return { ok: false, refusal: 'token_malformed' };
  const issuedMs = Number(m[1]);
  const expected = Buffer.from(mac(secret, formKey, issuedMs, m[2]!));
  const got = Buffer.from(m[3]!);
  if (got.length !== expected.length || !timingSafeEqual(got, expected)) return { ok: false, refusal: 'token_forged' };
  const age = nowMs - issuedMs;
  if (age < (opts.minFillMs ?? MIN_FILL_MS)) return { ok: false, refusal: 'too_fast' };
  if (age > (opts.maxAgeMs ?? MAX_TOKEN_AGE_MS)) return { ok: false, refusal: 'token_expired' };
  return { ok: true, issuedMs };
}

/** The hidden field people never see: any content in it means a script filled every input it found. */
export function honeypotFilled(value: unknown): boolean {
  return typeof value === 'string' ? value.length > 0 : value !== undefined && value !== null;
}

export interface PowChallenge {
  algorithm: 'SHA-256';
  challenge: string;
  maxnumber: number;
  salt: string;
  signature: string;
}

/** An ALTCHA challenge bound to this form, expiring with the fill token. */
export async function makeChallenge(
  hmacKey: string,
  formKey: string,
  nowMs: number,
  maxNumber = DEFAULT_POW_MAX_NUMBER,
): Promise<PowChallenge> {
  const c = await createChallenge({
    hmacKey,
    algorithm: 'SHA-256',
    maxnumber: maxNumber,
    expires: new Date(nowMs + MAX_TOKEN_AGE_MS),
    params: { form: formKey },
  });
  return {
    algorithm: 'SHA-256',
    challenge: c.challenge,
    maxnumber: c.maxnumber ?? maxNumber,
    salt: c.salt,
    signature: c.signature,
  };
}

export type ProofCheck = { ok: true; signature: string; expiresMs: number } | { ok: false; refusal: Refusal };

/**
 * The client's solution (`{algorithm, challenge, number, salt, signature}`, as JSON or base64 JSON as the
 * ALTCHA widget sends it): signed by this desk for this form, solved, and not expired by our clock. Whether it
 * was used before is the caller's check (the spent list); the signature is what it remembers.
 */
export async function checkProof(
  hmacKey: string,
  formKey: string,
  payload: unknown,
  nowMs: number,
): Promise<ProofCheck> {
  if (payload === undefined || payload === null || payload === '') return { ok: false, refusal: 'proof_missing' };
  let p: unknown = payload;
  if (typeof p === 'string') {
    try {
      p = JSON.parse(p.trim().startsWith('{') ? p : Buffer.from(p, 'base64').toString('utf8'));
    } catch {
      return { ok: false, refusal: 'proof_invalid' };
    }
  }
  if (!isPayload(p)) return { ok: false, refusal: 'proof_invalid' };
  const params = extractParams(p);
  if (params.form !== formKey) return { ok: false, refusal: 'proof_invalid' };
  const expiresMs = Number(params.expires) * 1000;
  if (!Number.isFinite(expiresMs)) return { ok: false, refusal: 'proof_invalid' };
  if (!(await verifySolution(p, hmacKey, false))) return { ok: false, refusal: 'proof_invalid' };
  if (expiresMs < nowMs) return { ok: false, refusal: 'proof_expired' };
  return { ok: true, signature: p.signature, expiresMs };
}

interface Payload {
  algorithm: 'SHA-256';
  challenge: string;
  number: number;
  salt: string;
  signature: string;
}

function isPayload(p: unknown): p is Payload {
  const o = p as Record<string, unknown>;
  return (
    typeof p === 'object' &&
    p !== null &&
    o.algorithm === 'SHA-256' &&
    typeof o.challenge === 'string' &&
    /^[0-9a-f]{64}$/.test(o.challenge) &&
    Number.isSafeInteger(o.number) &&
    (o.number as number) >= 0 &&
    typeof o.salt === 'string' &&
    o.salt.length <= 500 &&
    typeof o.signature === 'string' &&
    /^[0-9a-f]{64}$/.test(o.signature)
  );
}

export interface HourlyLimits {
  perIp: number;
  perEmail: number;
  total: number;
}

/** No lower than Zammad's 20 per IP an hour; a person rarely files more than five requests in an hour. */
export const DEFAULT_LIMITS: HourlyLimits = { perIp: 20, perEmail: 5, total: 500 };

const HOUR = 3600_000;

/**
 * Hourly limits kept in memory, bounded: a sliding hour of timestamps per key, the least recently used key
 * dropped past `maxKeys`. Memory rather than the database because a refused submission must write nothing,
 * the desk is one process, and a restart forgetting an hour of counts costs at most one more hour of allowance.
 * `take` checks every key and records all of them or none, synchronously (no await between check and record).
 */
export class HourlyLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(private readonly maxKeys = 50_000) {}

  take(
    keys: { key: string; limit: number }[],
    nowMs: number,
  ): { ok: true } | { ok: false; key: string; retryAfterMs: number } {
    const lists: number[][] = [];
    for (const { key, limit } of keys) {
      const list = (this.hits.get(key) ?? []).filter((t) => nowMs - t < HOUR);
      if (list.length >= limit) return { ok: false, key, retryAfterMs: Math.max(HOUR - (nowMs - list[0]!), 1_000) };
      lists.push(list);
    }
    keys.forEach(({ key }, i) => {
      lists[i]!.push(nowMs);
      this.hits.delete(key);
      this.hits.set(key, lists[i]!);
      if (this.hits.size > this.maxKeys) this.hits.delete(this.hits.keys().next().value!);
    });
    return { ok: true };
  }

  get size() {
    return this.hits.size;
  }
}

/** `https://Client.Example:443/` → `https://client.example`; null for anything that is not an http(s) origin. */
export function normalizeOrigin(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (url.username || url.password || (url.pathname !== '/' && url.pathname !== '') || url.search || url.hash)
    return null;
  return url.origin;
}
