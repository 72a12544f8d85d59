/**
 * The claims schema of Ondesk's tokens: licenses, node tokens and revocation lists. Every claim is
 * type-checked exactly; unknown claims are refused, because a verifier that ignores a claim it does not know
 * lets a newer (or forged) token mean more than the product understands.
 */
export const ISSUER = 'ondesk-vendor';
export const AUDIENCE = 'ondesk';
export const TOKEN_TYPES = {
  license: 'ondesk-license+jwt',
  node: 'ondesk-node+jwt',
  revocations: 'ondesk-revocations+jwt',
} as const;
export type TokenKind = keyof typeof TOKEN_TYPES;
export const TIERS = ['8x5', '24x7', 'premium'] as const;
export type Tier = (typeof TIERS)[number];

/** Latest NumericDate accepted: 9999-12-31T23:59:59Z. Anything beyond is a forgery or a bug, never "forever". */
const MAX_NUMERIC_DATE = 253_402_300_799;
const MAX_COUNT = 1_000_000;

/** Claims every license and node token carries. */
interface GrantClaims {
  iss: string;
  aud: string | string[];
  sub: string;
  jti: string;
  iat: number;
  nbf: number;
  exp: number;
}

export interface LicenseClaims extends GrantClaims {
  term_end: number;
  lsq: number;
  ver: 1;
  customer: { name: string };
  seats: number;
  nodes: number;
  tier: Tier;
  features: string[];
  upgrades_until: number;
}

export interface NodeClaims extends GrantClaims {
  lic: string;
}

export interface RevocationClaims {
  iss: string;
  aud: string | string[];
  jti: string;
  iat: number;
  /** Sequence of the list: a newer list replaces an older one; an older one is refused. */
  rsq: number;
  revoked: string[];
}

export interface ClaimsByKind {
  license: LicenseClaims;
  node: NodeClaims;
  revocations: RevocationClaims;
}

/**
 * Why a token is refused and what to do next. `reason` is the one line shown everywhere (CLI, API, installer,
 * license warnings): the problem, then the next step — a refusal that leaves the admin guessing is a support call.
 */
export class TokenRefused extends Error {
  readonly reason: string;
  constructor(
    readonly problem: string,
    readonly nextStep?: string,
  ) {
    const reason = nextStep ? `${problem} — ${nextStep}` : problem;
    super(reason);
    this.reason = reason;
  }
}

/** Next steps of refusals found in the claims, where the token is genuine but not something this product can use. */
export const CLAIMS_NEXT_STEP = {
  faulty: "the vendor's tool made a faulty token: ask your vendor to issue it again",
  newer: 'it was made for a newer Ondesk: upgrade Ondesk, or ask your vendor for a token this version understands',
  otherProduct: 'it was issued for another product: ask your vendor for an Ondesk token',
} as const;

type Check = (value: unknown, name: string) => void;

const refuse = (reason: string, nextStep: string = CLAIMS_NEXT_STEP.faulty): never => {
  throw new TokenRefused(reason, nextStep);
};
const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const identifier: Check = (v, name) => {
  if (typeof v !== 'string' || v.length < 1 || v.length > 200 || /[\u0000-\u001f]/.test(v))
    refuse(`invalid claim ${name}: must be a non-empty string of at most 200 characters`);
};
const numericDate: Check = (v, name) => {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > MAX_NUMERIC_DATE)
    refuse(`invalid claim ${name}: must be a whole number of seconds since 1970 (NumericDate)`);
};
const count: Check = (v, name) => {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > MAX_COUNT)
    refuse(`invalid claim ${name}: must be a whole number from 1 to ${MAX_COUNT}`);
};
const sequence: Check = (v, name) => {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 2_147_483_647)
    refuse(`invalid claim ${name}: must be a whole number ≥ 0`);
};
const issuer: Check = (v) => {
  if (v !== ISSUER) refuse(`wrong issuer: expected "${ISSUER}"`, CLAIMS_NEXT_STEP.otherProduct);
};
const audience: Check = (v) => {
  const ok =
    v === AUDIENCE ||
    (Array.isArray(v) &&
      v.length > 0 &&
      v.length <= 8 &&
      v.every((a) => typeof a === 'string') &&
      v.includes(AUDIENCE));
  if (!ok) refuse(`wrong audience: expected "${AUDIENCE}"`, CLAIMS_NEXT_STEP.otherProduct);
};
const identifierList =
  (max: number): Check =>
  (v, name) => {
    if (!Array.isArray(v) || v.length > max)
      refuse(`invalid claim ${name}: must be an array of at most ${max} strings`);
    const list = v as unknown[];
    list.forEach((item, i) => identifier(item, `${name}[${i}]`));
    if (new Set(list).size !== list.length) refuse(`invalid claim ${name}: repeats an entry`);
  };

const grantSchema: Record<keyof GrantClaims, Check> = {
  iss: issuer,
  aud: audience,
  sub: identifier,
  jti: identifier,
  iat: numericDate,
  nbf: numericDate,
  exp: numericDate,
};

const licenseSchema: Record<keyof LicenseClaims, Check> = {
  ...grantSchema,
  term_end: numericDate,
  lsq: sequence,
  ver: (v) => {
    if (v !== 1) refuse('unsupported license version: ver must be 1', CLAIMS_NEXT_STEP.newer);
  },
  customer: (v) => {
    if (!isPlainObject(v)) return refuse('invalid claim customer: must be an object with a name');
    const keys = Object.keys(v);
    if (keys.some((k) => k !== 'name'))
      refuse(`invalid claim customer: unknown field "${keys.find((k) => k !== 'name')}"`);
    identifier(v.name, 'customer.name');
  },
  seats: count,
  nodes: count,
  tier: (v) => {
    if (!TIERS.includes(v as Tier)) refuse(`invalid claim tier: must be one of ${TIERS.join(', ')}`);
  },
  features: (v, name) => {
    identifierList(100)(v, name);
    for (const f of v as string[])
      if (!/^[a-z0-9][a-z0-9_.-]{0,63}$/.test(f))
        refuse(`invalid claim features: "${f.slice(0, 40)}" is not a feature name`);
  },
  upgrades_until: numericDate,
};

const nodeSchema: Record<keyof NodeClaims, Check> = { ...grantSchema, lic: identifier };

const revocationSchema: Record<keyof RevocationClaims, Check> = {
  iss: issuer,
  aud: audience,
  jti: identifier,
  iat: numericDate,
  rsq: sequence,
  revoked: identifierList(10_000),
};

const schemas = { license: licenseSchema, node: nodeSchema, revocations: revocationSchema };

/** Checks a decoded payload against the claims of `kind`: every claim present, typed, nothing unknown. */
export function checkClaims<K extends TokenKind>(kind: K, payload: unknown): ClaimsByKind[K] {
  if (!isPlainObject(payload)) return refuse('malformed token: the payload is not a JSON object');
  const schema = schemas[kind] as Record<string, Check>;
  for (const key of Object.keys(payload))
    if (!(key in schema)) refuse(`unknown claim "${key.slice(0, 40)}"`, CLAIMS_NEXT_STEP.newer);
  for (const [name, check] of Object.entries(schema)) {
    if (!(name in payload)) refuse(`missing claim ${name}`);
    check(payload[name], name);
  }
  const claims = payload as Record<string, number>;
  if ('exp' in schema && claims.nbf! > claims.exp!) refuse('invalid claims: nbf is after exp');
  if (kind === 'license' && claims.term_end! > claims.exp!) refuse('invalid claims: term_end is after exp');
  return payload as unknown as ClaimsByKind[K];
}
