// The extra keys of a vendor staging build: `ONDESK_BUILD_TRUST_KEYS=<public JWK set file> npm run build`.
// Read and checked here, at build time only, then written into the build output as a compiled module
// (licenses/staging-keys.js): the product itself never reads a key from the environment, a config or a file.
import { createHash, createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';

export const TRUST_KEYS_VARIABLE = 'ONDESK_BUILD_TRUST_KEYS';

/** The one kind of key the verifier accepts (licenses/verify.ts): Ed25519 signatures, JWS alg EdDSA. */
const ALLOWED = { kty: ['OKP'], crv: ['Ed25519'], alg: ['EdDSA'], use: ['sig'] };
/** Members a public Ed25519 JWK may carry; anything else is refused rather than silently dropped. */
const PUBLIC_MEMBERS = new Set(['kty', 'crv', 'x', 'kid', 'alg', 'use', 'key_ops']);
/** Private (or secret) key material of any key type: its presence means the wrong file was given. */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k', 'priv'];
/** The same key-id rule as licenses/key-set.ts (KID_PATTERN): a token's kid must be able to name the key. */
const KID_PATTERN = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}$/;
const MAX_KEYS = 16;

export class TrustKeysError extends Error {}

/**
 * The keys named by ONDESK_BUILD_TRUST_KEYS, checked and reduced to their public members, or null for a normal
 * build (the variable unset). Every refusal names the file, the key and the problem.
 */
export function readTrustKeys(env = process.env) {
  const file = env[TRUST_KEYS_VARIABLE];
  if (file === undefined) return null;
  const fail = (problem) => {
    throw new TrustKeysError(`${TRUST_KEYS_VARIABLE}=${file}: ${problem}`);
  };
  if (file.trim() === '')
    fail('the variable is set but empty: unset it for a normal build, or name a public JWK set file');
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    fail(`cannot read the key set: ${err.message}`);
  }
  let doc;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    fail(`the key set is not valid JSON: ${err.message}`);
  }
  if (typeof doc === 'object' && doc !== null && 'kty' in doc && !('keys' in doc))
    fail(
      PRIVATE_MEMBERS.some((m) => m in doc)
        ? 'this is a private key (it has "d"): a build trusts public keys only — give the jwks.json of `ondesk vendor keygen`, never private.jwk.json'
        : 'this is a single key, not a JWK set: wrap it as {"keys": [ ... ]}',
    );
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc) || !Array.isArray(doc.keys))
    fail('the key set must be a JWK set: {"keys": [ ... ]}');
  const extra = Object.keys(doc).filter((k) => k !== 'keys');
  if (extra.length) fail(`the key set has an unknown member "${extra[0]}": only "keys" is allowed`);
  if (doc.keys.length === 0) fail('the key set holds no key');
  if (doc.keys.length > MAX_KEYS) fail(`the key set holds ${doc.keys.length} keys, at most ${MAX_KEYS}`);
  const seen = new Set();
  return doc.keys.map((key, i) => {
    const name = `key #${i + 1}${key && typeof key.kid === 'string' ? ` (kid "${key.kid.slice(0, 64)}")` : ''}`;
    const refuse = (problem) => fail(`${name}: ${problem}`);
    if (typeof key !== 'object' || key === null || Array.isArray(key)) refuse('is not a JSON object');
    const secret = PRIVATE_MEMBERS.filter((m) => m in key);
    if (secret.length)
      refuse(
        `holds private key material (${secret.map((m) => `"${m}"`).join(', ')}): a build trusts public keys only — give the jwks.json of \`ondesk vendor keygen\`, never private.jwk.json`,
      );
    if (!ALLOWED.kty.includes(key.kty))
      refuse(`kty ${JSON.stringify(key.kty)} is not allowed: only "OKP" (Ed25519) keys verify Ondesk tokens`);
    if (!ALLOWED.crv.includes(key.crv)) refuse(`crv ${JSON.stringify(key.crv)} is not allowed: only "Ed25519"`);
    if ('alg' in key && !ALLOWED.alg.includes(key.alg))
      refuse(`alg ${JSON.stringify(key.alg)} is not allowed: only "EdDSA"`);
    if ('use' in key && !ALLOWED.use.includes(key.use))
      refuse(`use ${JSON.stringify(key.use)} is not allowed: only "sig"`);
    if ('key_ops' in key && !(Array.isArray(key.key_ops) && key.key_ops.every((op) => op === 'verify')))
      refuse('key_ops may only be ["verify"]');
    const unknown = Object.keys(key).find((m) => !PUBLIC_MEMBERS.has(m));
    if (unknown !== undefined)
      refuse(`unknown member "${unknown.slice(0, 40)}" (allowed: ${[...PUBLIC_MEMBERS].join(', ')})`);
    if (!('kid' in key)) refuse('has no kid: every key needs one, tokens name their signing key by it');
    if (typeof key.kid !== 'string' || !KID_PATTERN.test(key.kid) || key.kid.includes('..'))
      refuse('kid must be 1–64 letters, digits, ".", "_" or "-"');
    if (seen.has(key.kid)) refuse('the kid is used by another key of the set');
    seen.add(key.kid);
    if (
      typeof key.x !== 'string' ||
      !/^[A-Za-z0-9_-]{43}$/.test(key.x) ||
      Buffer.from(key.x, 'base64url').length !== 32
    )
      refuse('x must be the 32-byte Ed25519 public key, base64url-encoded');
    try {
      createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: key.x }, format: 'jwk' });
    } catch (err) {
      refuse(`x is not a usable Ed25519 public key: ${err.message}`);
    }
    return { kty: 'OKP', crv: 'Ed25519', x: key.x, kid: key.kid, alg: 'EdDSA', use: 'sig' };
  });
}

/**
 * The kids of licenses/product-keys.ts, read from its text: the build checks the extra keys before it compiles
 * anything. A file it cannot read a kid from stops the build rather than skipping the check.
 */
export function productKeyIds(source) {
  const kids = [...source.matchAll(/\bkid:\s*(['"])([^'"]+)\1/g)].map((m) => m[2]);
  if (kids.length === 0) throw new TrustKeysError('cannot read the product key ids from licenses/product-keys.ts');
  return kids;
}

/** Refuses extra keys that reuse a product key's id: a token naming that kid would be ambiguous. */
export function checkAgainstProductKeys(keys, productKids) {
  for (const key of keys) {
    if (productKids.includes(key.kid))
      throw new TrustKeysError(
        `${TRUST_KEYS_VARIABLE}=${process.env[TRUST_KEYS_VARIABLE]}: kid "${key.kid}" is already the id of a product key: give the staging key another kid`,
      );
  }
}

/** What `--if-needed` compares: a build with other trusted keys (or none) is another build. */
export function trustKeysFingerprint(keys) {
  if (!keys) return 'none';
  return `sha256:${createHash('sha256').update(JSON.stringify(keys)).digest('hex')}`;
}

/** The compiled module of licenses/staging-keys.ts in a staging build: the checked keys as frozen literals. */
export function stagingKeysModule(keys) {
  const literal = keys.map((k) => `  Object.freeze(${JSON.stringify(k)}),`).join('\n');
  return `// Written by bin/build.mjs: a vendor STAGING build (${TRUST_KEYS_VARIABLE}). Besides the product keys\n// it trusts these public keys; a normal build has none here.\nexport const stagingKeys = Object.freeze([\n${literal}\n]);\n`;
}
