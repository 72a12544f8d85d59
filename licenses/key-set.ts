import { importJWK, type CryptoKey } from 'jose';
import { TokenRefused } from './claims.js';
import { parseStrictJson } from './strict-json.js';
import { productKeySet } from './product-keys.js';
import { stagingKeys } from './staging-keys.js';

export interface PublicJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
  alg?: 'EdDSA';
  use?: 'sig';
}

export interface PublicKeySet {
  /** `product` for the compiled-in set; anything else is reported as "checked against another key set". */
  name: string;
  keys: PublicJwk[];
}

export const KID_PATTERN = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}$/;

/** Parses a JWK set (`{"keys":[...]}`) holding Ed25519 public keys only; a private part is refused. */
export function parsePublicKeySet(text: string, name: string): PublicKeySet {
  let doc: unknown;
  try {
    doc = parseStrictJson(text);
  } catch (err) {
    throw new Error(`the key set ${name} is not valid JSON: ${(err as Error).message}`);
  }
  const keys = (doc as { keys?: unknown }).keys;
  if (!Array.isArray(keys) || keys.length === 0)
    throw new Error(`the key set ${name} must be {"keys": [...]} with at least one key`);
  for (const key of keys as Array<Record<string, unknown>>) {
    if (key.kty !== 'OKP' || key.crv !== 'Ed25519' || typeof key.x !== 'string')
      throw new Error(`the key set ${name} may hold Ed25519 (OKP) keys only`);
    if ('d' in key) throw new Error(`the key set ${name} holds a private key; give the public key set`);
    if (typeof key.kid !== 'string' || !KID_PATTERN.test(key.kid) || key.kid.includes('..'))
      throw new Error(`every key in ${name} needs a kid of letters, digits, ".", "_" or "-"`);
  }
  return { name, keys: keys as PublicJwk[] };
}

const imported = new WeakMap<PublicJwk, Promise<CryptoKey>>();

/** The verification key for `kid`, or a refusal naming the unknown key. */
export async function keyFor(set: PublicKeySet, kid: string): Promise<CryptoKey> {
  const jwk = set.keys.find((k) => k.kid === kid);
  if (!jwk) throw new TokenRefused(`unknown key "${kid}"${set.name === 'product' ? '' : ` (not in ${set.name})`}`);
  let key = imported.get(jwk);
  if (!key) {
    key = importJWK({ kty: jwk.kty, crv: jwk.crv, x: jwk.x }, 'EdDSA') as Promise<CryptoKey>;
    imported.set(jwk, key);
  }
  return key;
}

/**
 * The keys this build trusts: the product keys, plus — in a vendor staging build only — the extra keys baked into
 * the build output (licenses/staging-keys.ts). Both are compiled in; nothing read at run time adds one.
 */
const buildKeySet: PublicKeySet =
  stagingKeys.length === 0 ? productKeySet : { name: 'product', keys: [...productKeySet.keys, ...stagingKeys] };

let trusted: PublicKeySet = buildKeySet;

/** The key set the running product accepts tokens from: always the compiled-in set of the build in production. */
export function trustedKeySet(): PublicKeySet {
  return trusted;
}

/**
 * Lets the test suite's own process trust its test key set (the harness calls this in-process, through
 * `node --import`); no input the product reads — environment, config, files, requests — leads here.
 */
export function trustKeySetInThisProcess(set: PublicKeySet): void {
  trusted = set;
}
