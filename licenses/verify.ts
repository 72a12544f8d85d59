import { compactVerify } from 'jose';
import { checkClaims, TOKEN_TYPES, TokenRefused, type ClaimsByKind, type TokenKind } from './claims.js';
import { KID_PATTERN, keyFor, type PublicKeySet } from './key-set.js';
import { parseStrictJson } from './strict-json.js';

/** Tokens are small; anything larger is refused before a byte of it is decoded. */
export const MAX_TOKEN_BYTES = 8192;
/** Clocks drift; more slack than this would stretch every license. */
export const MAX_CLOCK_TOLERANCE_S = 300;

const ALLOWED_HEADER = new Set(['alg', 'kid', 'typ']);
const KEY_CARRYING_HEADERS = ['jwk', 'jku', 'x5u', 'x5c', 'x5t', 'x5t#S256'];
const SEGMENT = /^[A-Za-z0-9_-]*$/;

export interface VerifyOptions {
  keys: PublicKeySet;
  /**
   * Epoch ms: the trusted "now" (the product passes the clock's high-water mark, never less). Without it
   * validity in time is not judged — for re-reading stored tokens whose time the caller judges itself.
   */
  now?: number;
  clockToleranceS?: number;
  /** For node tokens: the node this must be issued for. */
  nodeId?: string;
  /** For licenses: this build's date; a license whose upgrades_until is earlier is refused. */
  buildDate?: number;
  /** License and node-token ids revoked by an applied revocation list. */
  revoked?: ReadonlySet<string>;
  /** For licenses: the highest `lsq` already applied; a lower one is refused. */
  minLsq?: number;
}

export interface VerifiedToken<K extends TokenKind> {
  kind: K;
  kid: string;
  claims: ClaimsByKind[K];
}

const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

/** What to ask the vendor for: a license, or a node token for the node being checked. */
function tokenToAskFor(kind: TokenKind, nodeId: string | undefined): string {
  if (kind === 'license') return 'a license';
  if (kind === 'revocations') return 'the current revocation list';
  return nodeId === undefined
    ? 'a node token for this node (`ondesk node id` prints its id)'
    : `a token for node ${nodeId}`;
}

/** The next step of each kind of refusal that the claims cannot tell (see CLAIMS_NEXT_STEP for those that can). */
const nextStep = {
  damaged:
    "the token was damaged on its way here: copy it again, whole, from the vendor's message (one line of three parts joined by dots)",
  notOurs: (kind: TokenKind, nodeId?: string) =>
    `not signed by this product's vendor key: ask your vendor for ${tokenToAskFor(kind, nodeId)}`,
  tampered: (kind: TokenKind, nodeId?: string) =>
    `the token was changed after it was signed: copy it again exactly as the vendor sent it, or ask your vendor for ${tokenToAskFor(kind, nodeId)}`,
};
const shown = (value: unknown) =>
  String(value)
    .replace(/[^\x20-\x7e]/g, '?')
    .slice(0, 40);

function decodeSegment(segment: string, what: string): Uint8Array {
  if (!SEGMENT.test(segment)) throw new TokenRefused(`malformed token: the ${what} is not base64url`, nextStep.damaged);
  return Buffer.from(segment, 'base64url');
}

function decodeJson(segment: string, what: string): unknown {
  const bytes = decodeSegment(segment, what);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new TokenRefused(`malformed token: the ${what} is not UTF-8`, nextStep.damaged);
  }
  try {
    return parseStrictJson(text);
  } catch (err) {
    throw new TokenRefused(
      `malformed token: the ${what} is not acceptable JSON (${(err as Error).message})`,
      nextStep.damaged,
    );
  }
}

function kindOfType(typ: unknown): TokenKind | undefined {
  return (Object.keys(TOKEN_TYPES) as TokenKind[]).find((k) => TOKEN_TYPES[k] === typ);
}

function checkHeader(header: unknown, kind: TokenKind, nodeId: string | undefined): string {
  if (typeof header !== 'object' || header === null || Array.isArray(header))
    throw new TokenRefused('malformed token: the header is not a JSON object', nextStep.damaged);
  // A header the vendor's tool never writes: whoever made this token, it was not the vendor.
  const foreign = (problem: string) => new TokenRefused(problem, nextStep.notOurs(kind, nodeId));
  const h = header as Record<string, unknown>;
  for (const name of KEY_CARRYING_HEADERS)
    if (name in h)
      throw foreign(`the header carries a key or key location ("${name}"): only the product's own keys are trusted`);
  if ('crit' in h) throw foreign('the header has "crit": no critical extensions are understood');
  if (h.alg === 'none' || h.alg === 'None' || h.alg === 'NONE')
    throw foreign('unsigned token (alg "none") is not accepted');
  if (h.alg !== 'EdDSA') throw foreign(`algorithm ${shown(h.alg)} is not accepted: only EdDSA (Ed25519)`);
  for (const name of Object.keys(h))
    if (!ALLOWED_HEADER.has(name)) throw foreign(`unknown header parameter "${shown(name)}"`);
  if (h.typ === undefined) throw foreign(`missing typ: expected "${TOKEN_TYPES[kind]}"`);
  const presented = kindOfType(h.typ);
  if (presented && presented !== kind)
    throw new TokenRefused(
      `wrong token type: this is a ${presented} token, a ${kind} token is expected`,
      presented === 'node'
        ? 'use it as a node token: `ondesk license apply` tells the kinds apart; `ondesk license verify --node-id ID` checks one'
        : `use it as a ${presented}: \`ondesk license apply\` tells the kinds apart`,
    );
  if (h.typ !== TOKEN_TYPES[kind]) throw foreign(`wrong typ ${shown(h.typ)}: expected "${TOKEN_TYPES[kind]}"`);
  if (h.kid === undefined) throw foreign('missing kid: the header must name the signing key');
  if (typeof h.kid !== 'string' || !KID_PATTERN.test(h.kid) || h.kid.includes('..'))
    throw foreign('invalid kid: not a key name');
  return h.kid;
}

/**
 * Verifies a vendor-signed token of `kind`. Checks run from the cheapest and least trusting to the
 * signature, and only then are claims believed; every refusal is a TokenRefused with one human reason and the
 * next step.
 */
export async function verifyToken<K extends TokenKind>(
  kind: K,
  input: string | Uint8Array,
  options: VerifyOptions,
): Promise<VerifiedToken<K>> {
  const size = typeof input === 'string' ? Buffer.byteLength(input) : input.byteLength;
  if (size > MAX_TOKEN_BYTES + 2)
    throw new TokenRefused(`token too large: ${size} bytes, at most ${MAX_TOKEN_BYTES}`, nextStep.damaged);
  const token = (typeof input === 'string' ? input : Buffer.from(input).toString('latin1')).trim();
  if (Buffer.byteLength(token) > MAX_TOKEN_BYTES)
    throw new TokenRefused(
      `token too large: ${Buffer.byteLength(token)} bytes, at most ${MAX_TOKEN_BYTES}`,
      nextStep.damaged,
    );
  if (token === '')
    throw new TokenRefused('empty token', "give the file the vendor's token was saved in, or paste the token on stdin");
  const parts = token.split('.');
  if (parts.length !== 3)
    throw new TokenRefused(
      `malformed token: ${parts.length} dot-separated parts, a signed token has 3`,
      nextStep.damaged,
    );
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];

  const kid = checkHeader(decodeJson(headerPart, 'header'), kind, options.nodeId);
  const key = await keyFor(options.keys, kid).catch((err: unknown) => {
    if (!(err instanceof TokenRefused)) throw err;
    throw new TokenRefused(
      err.problem,
      options.keys.name === 'product'
        ? nextStep.notOurs(kind, options.nodeId)
        : 'check it against the key set that signed it',
    );
  });
  const tampered = (problem: string) => new TokenRefused(problem, nextStep.tampered(kind, options.nodeId));
  if (signaturePart === '') throw tampered('missing signature');
  const signature = decodeSegment(signaturePart, 'signature');
  if (signature.byteLength !== 64 || Buffer.from(signature).toString('base64url') !== signaturePart)
    throw tampered('bad signature: an Ed25519 signature is 64 bytes');
  decodeSegment(payloadPart, 'payload');
  try {
    await compactVerify(token, key, { algorithms: ['EdDSA'] });
  } catch {
    throw tampered('bad signature');
  }

  const claims = checkClaims(kind, decodeJson(payloadPart, 'payload'));
  // From here the claims are the vendor's own: the next steps may name the node the token is for.
  const forNode = 'lic' in claims ? claims.sub : options.nodeId;
  const renewal =
    kind === 'license'
      ? 'ask your vendor for the license that replaces it, and apply that'
      : `ask your vendor for ${tokenToAskFor(kind, forNode)}`;
  const tolerance = Math.min(Math.max(options.clockToleranceS ?? MAX_CLOCK_TOLERANCE_S, 0), MAX_CLOCK_TOLERANCE_S);
  const now = options.now === undefined ? undefined : Math.floor(options.now / 1000);
  if (options.revoked?.has(claims.jti))
    throw new TokenRefused(
      `revoked: ${kind === 'node' ? 'node token' : kind} ${shown(claims.jti)} is on the vendor's revocation list`,
      renewal,
    );
  if (now !== undefined && 'nbf' in claims && claims.nbf > now + tolerance)
    throw new TokenRefused(
      `not yet valid: valid from ${iso(claims.nbf)}`,
      "apply it from that time; if that time has passed, this server's clock is behind: set it right (timedatectl)",
    );
  if (now !== undefined && 'exp' in claims && claims.exp < now - tolerance)
    throw new TokenRefused(`expired on ${iso(claims.exp)}`, renewal);
  if ('lic' in claims && options.revoked?.has(claims.lic))
    throw new TokenRefused(
      `revoked: its license ${shown(claims.lic)} is on the vendor's revocation list`,
      `apply the license that replaced it, then ask your vendor for ${tokenToAskFor(kind, forNode)} under that license`,
    );
  if ('lic' in claims && options.nodeId !== undefined && claims.sub !== options.nodeId)
    throw new TokenRefused(
      `wrong node: the token is for node ${shown(claims.sub)}, this node is ${shown(options.nodeId)}`,
      `ask your vendor for a token for node ${shown(options.nodeId)}, or apply this one on node ${shown(claims.sub)}`,
    );
  if (
    'upgrades_until' in claims &&
    options.buildDate !== undefined &&
    options.buildDate > claims.upgrades_until * 1000
  ) {
    const until = iso(claims.upgrades_until).slice(0, 10);
    throw new TokenRefused(
      `this build (${new Date(options.buildDate).toISOString().slice(0, 10)}) was released after the license's upgrade period ended (${until})`,
      `run a build released by ${until}, or ask your vendor to extend the upgrade period`,
    );
  }
  if ('lsq' in claims && options.minLsq !== undefined && claims.lsq < options.minLsq)
    throw new TokenRefused(
      `superseded: a license with sequence ${options.minLsq} is already applied (this one is ${claims.lsq})`,
      'nothing to do: the newer license stays in force',
    );
  return { kind, kid, claims };
}
