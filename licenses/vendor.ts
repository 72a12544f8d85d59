import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import { randomUUID } from 'node:crypto';
import {
  AUDIENCE,
  ISSUER,
  TIERS,
  TOKEN_TYPES,
  type LicenseClaims,
  type NodeClaims,
  type RevocationClaims,
  type Tier,
  type TokenKind,
} from './claims.js';
import { KID_PATTERN, type PublicJwk } from './key-set.js';

/** The vendor's toolkit: key generation and signing. Runs on the vendor's machine, never in an installation. */

export interface PrivateJwk extends PublicJwk {
  d: string;
}

export async function generateSigningKey(kid?: string): Promise<{ privateJwk: PrivateJwk; publicJwk: PublicJwk }> {
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const pub = (await exportJWK(publicKey)) as { x: string };
  const priv = (await exportJWK(privateKey)) as { x: string; d: string };
  const keyId =
    kid ??
    `ondesk-${new Date().getUTCFullYear()}-${(await calculateJwkThumbprint({ kty: 'OKP', crv: 'Ed25519', x: pub.x })).slice(0, 8)}`;
  if (!KID_PATTERN.test(keyId))
    throw new Error(`kid "${keyId}" may use letters, digits, ".", "_" and "-" only (at most 64)`);
  const publicJwk: PublicJwk = { kty: 'OKP', crv: 'Ed25519', x: pub.x, kid: keyId, alg: 'EdDSA', use: 'sig' };
  return { publicJwk, privateJwk: { ...publicJwk, d: priv.d } };
}

export function parsePrivateJwk(text: string): PrivateJwk {
  let jwk: Partial<PrivateJwk>;
  try {
    jwk = JSON.parse(text) as Partial<PrivateJwk>;
  } catch {
    throw new Error('the key file is not JSON (expected the private JWK written by `ondesk vendor keygen`)');
  }
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.d !== 'string' || typeof jwk.x !== 'string')
    throw new Error('the key file must hold an Ed25519 private JWK (kty OKP, crv Ed25519, d, x)');
  if (typeof jwk.kid !== 'string' || !KID_PATTERN.test(jwk.kid)) throw new Error('the key file has no valid kid');
  return jwk as PrivateJwk;
}

async function sign(kind: TokenKind, key: PrivateJwk, claims: Record<string, unknown>): Promise<string> {
  const signingKey = await importJWK({ kty: key.kty, crv: key.crv, x: key.x, d: key.d } as JWK, 'EdDSA');
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'EdDSA', typ: TOKEN_TYPES[kind], kid: key.kid })
    .sign(signingKey);
}

const seconds = (ms: number) => Math.floor(ms / 1000);
const DAY_S = 86_400;

export interface LicenseRequest {
  customerId: string;
  customerName: string;
  seats: number;
  nodes: number;
  tier: Tier;
  features: string[];
  termEnd: number;
  graceDays?: number;
  lsq?: number;
  upgradesUntil?: number;
  issuedAt?: number;
  jti?: string;
}

export function licenseClaims(req: LicenseRequest): LicenseClaims {
  if (!TIERS.includes(req.tier)) throw new Error(`--tier must be one of ${TIERS.join(', ')}`);
  for (const [name, n] of [
    ['seats', req.seats],
    ['nodes', req.nodes],
  ] as const)
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a whole number ≥ 1`);
  const grace = req.graceDays ?? 14;
  if (!Number.isInteger(grace) || grace < 0 || grace > 365)
    throw new Error('--grace-days must be a whole number from 0 to 365');
  const iat = seconds(req.issuedAt ?? Date.now());
  const termEnd = seconds(req.termEnd);
  if (termEnd <= iat) throw new Error('--term-end must be in the future');
  return {
    iss: ISSUER,
    aud: AUDIENCE,
    sub: req.customerId,
    jti: req.jti ?? `lic-${randomUUID()}`,
    iat,
    nbf: iat,
    exp: termEnd + grace * DAY_S,
    term_end: termEnd,
    lsq: req.lsq ?? 1,
    ver: 1,
    customer: { name: req.customerName },
    seats: req.seats,
    nodes: req.nodes,
    tier: req.tier,
    features: [...new Set(req.features)].sort(),
    // By default a license accepts every build released during its paid term.
    upgrades_until: req.upgradesUntil !== undefined ? seconds(req.upgradesUntil) : termEnd,
  };
}

export const issueLicense = (key: PrivateJwk, req: LicenseRequest) => sign('license', key, { ...licenseClaims(req) });

export function nodeClaims(
  license: LicenseClaims,
  nodeId: string,
  expiresAt?: number,
  issuedAt = Date.now(),
): NodeClaims {
  const iat = seconds(issuedAt);
  const exp = expiresAt !== undefined ? seconds(expiresAt) : license.exp;
  if (exp > license.exp) throw new Error('--expires cannot be later than the license itself expires');
  return { iss: ISSUER, aud: AUDIENCE, sub: nodeId, jti: `node-${randomUUID()}`, iat, nbf: iat, exp, lic: license.jti };
}

export const issueNodeToken = (key: PrivateJwk, license: LicenseClaims, nodeId: string, expiresAt?: number) =>
  sign('node', key, { ...nodeClaims(license, nodeId, expiresAt) });

export function revocationClaims(revoked: string[], sequence?: number, issuedAt = Date.now()): RevocationClaims {
  const iat = seconds(issuedAt);
  // Lists are cumulative; by default each newer list has a higher sequence than any earlier one.
  return {
    iss: ISSUER,
    aud: AUDIENCE,
    jti: `rev-${randomUUID()}`,
    iat,
    rsq: sequence ?? iat,
    revoked: [...new Set(revoked)].sort(),
  };
}

export const issueRevocations = (key: PrivateJwk, revoked: string[], sequence?: number) =>
  sign('revocations', key, { ...revocationClaims(revoked, sequence) });
