import t from 'tap';
import fc from 'fast-check';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { createHmac } from 'node:crypto';
import { TokenRefused, type LicenseClaims } from '../../licenses/claims.js';
import { productKeySet } from '../../licenses/product-keys.js';
import { verifyToken, type VerifyOptions } from '../../licenses/verify.js';
import { licenseClaims } from '../../licenses/vendor.js';
import {
  licenseHeader,
  licenseRequest,
  mintLicense,
  mintNode,
  nodeHeader,
  signRaw,
  signText,
  testKeySet,
  testPrivateKey,
} from '../helpers/licenses.js';

const NOW = Date.parse('2026-11-25T12:00:00Z');
const base: VerifyOptions = { keys: testKeySet, now: NOW, buildDate: Date.parse('2026-11-01T00:00:00Z') };
const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

async function refusal(kind: 'license' | 'node', token: string, opts: Partial<VerifyOptions> = {}): Promise<string> {
  try {
    await verifyToken(kind, token, { ...base, ...opts });
  } catch (err) {
    if (err instanceof TokenRefused) return err.reason;
    throw err;
  }
  return 'accepted';
}

const validClaims = (): LicenseClaims => licenseClaims(licenseRequest({}, NOW - 86_400_000));
const signedLicense = (payload: Record<string, unknown>, header: Record<string, unknown> = licenseHeader) =>
  signRaw(header, payload);

/** Signs exact payload text (duplicate keys and other JSON jose would never produce). */
const signBytes = (payloadText: string) => signText(licenseHeader, payloadText);

t.test('valid tokens pass', async (t) => {
  const { token, claims } = await mintLicense({}, NOW - 86_400_000);
  const verified = await verifyToken('license', token, base);
  t.same(verified.claims, claims, 'a valid license yields its claims');
  t.equal(verified.kid, 'ondesk-test-1');
  const node = await mintNode(claims, 'node-a', undefined, NOW - 1000);
  t.equal(
    (await verifyToken('node', node.token, { ...base, nodeId: 'node-a' })).claims.sub,
    'node-a',
    'a valid node token for this node',
  );
  t.equal(await refusal('license', `${token}\n`), 'accepted', 'a trailing newline (from a file) is fine');
});

t.test('algorithms: only EdDSA', async (t) => {
  const claims = validClaims();
  const unsigned = `${b64({ alg: 'none', typ: 'ondesk-license+jwt', kid: testPrivateKey.kid })}.${b64(claims)}`;
  t.match(await refusal('license', `${unsigned}.`), /alg "none"/, 'alg none without a signature');
  t.match(
    await refusal('license', `${unsigned}.${b64('x'.repeat(64))}`),
    /alg "none"/,
    'alg none with a signature part',
  );
  for (const secret of [Buffer.from(testPrivateKey.x, 'base64url'), Buffer.from(JSON.stringify(testKeySet.keys[0]))]) {
    const head = `${b64({ alg: 'HS256', typ: 'ondesk-license+jwt', kid: testPrivateKey.kid })}.${b64(claims)}`;
    const mac = createHmac('sha256', secret).update(head).digest('base64url');
    t.match(
      await refusal('license', `${head}.${mac}`),
      /algorithm HS256 is not accepted/,
      'HS256 keyed with the public key',
    );
  }
  for (const alg of ['RS256', 'ES256'] as const) {
    const { privateKey } = await generateKeyPair(alg);
    const token = await new SignJWT({ ...claims })
      .setProtectedHeader({ alg, typ: 'ondesk-license+jwt', kid: testPrivateKey.kid })
      .sign(privateKey);
    t.match(await refusal('license', token), new RegExp(`algorithm ${alg} is not accepted`), alg);
  }
});

t.test('keys: kid must name a key of the trusted set', async (t) => {
  const claims = { ...validClaims() };
  t.match(
    await refusal('license', await signedLicense(claims, { ...licenseHeader, kid: 'ondesk-other' })),
    /unknown key "ondesk-other"/,
  );
  t.match(
    await refusal('license', await signedLicense(claims, { alg: 'EdDSA', typ: 'ondesk-license+jwt' })),
    /missing kid/,
  );
  t.match(
    await refusal('license', await signedLicense(claims, { ...licenseHeader, kid: '../../etc/passwd' })),
    /invalid kid/,
  );
  t.match(
    await refusal('license', await signedLicense(claims, { ...licenseHeader, kid: 'k'.repeat(10 * 1024) })),
    /too large|invalid kid/,
    '10 KB kid',
  );
  t.match(
    await refusal('license', await signedLicense(claims, { ...licenseHeader, kid: 'k'.repeat(100) })),
    /invalid kid/,
    'a long kid',
  );
  t.match(
    await refusal('license', await signedLicense(claims, { ...licenseHeader, kid: 42 })),
    /invalid kid/,
    'a number as kid',
  );
  const { token } = await mintLicense({}, NOW - 1000);
  t.match(
    await refusal('license', token, { keys: productKeySet }),
    /unknown key "ondesk-test-1"/,
    'a test-key token when the product key set is in force',
  );
  const { publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const embedded = { ...(await exportJWK(publicKey)) };
  for (const [name, value] of [
    ['jwk', embedded],
    ['jku', 'https://evil.example/jwks.json'],
    ['x5c', ['MIIB']],
    ['x5u', 'https://evil.example/cert'],
  ] as const) {
    t.match(
      await refusal('license', await signedLicense(claims, { ...licenseHeader, [name]: value })),
      new RegExp(`carries a key or key location \\("${name}"\\)`),
      `embedded ${name}`,
    );
  }
  t.match(
    await refusal('license', await signedLicense(claims, { ...licenseHeader, crit: ['exp'], exp: 1 })),
    /crit/,
    'crit',
  );
  t.match(
    await refusal('license', await signedLicense(claims, { ...licenseHeader, zip: 'DEF' })),
    /unknown header parameter "zip"/,
  );
});

t.test('types: a license is not a node token, and typ is required', async (t) => {
  const { token, claims } = await mintLicense({}, NOW - 1000);
  t.match(await refusal('node', token, { nodeId: 'node-a' }), /this is a license token, a node token is expected/);
  const node = await mintNode(claims, 'node-a', undefined, NOW - 1000);
  t.match(await refusal('license', node.token), /this is a node token, a license token is expected/);
  t.match(
    await refusal('license', await signedLicense({ ...claims }, { ...licenseHeader, typ: 'JWT' })),
    /wrong typ "?JWT/,
  );
  t.match(
    await refusal('license', await signedLicense({ ...claims }, { alg: 'EdDSA', kid: testPrivateKey.kid })),
    /missing typ/,
  );
});

t.test('tampering and shape', async (t) => {
  const { token } = await mintLicense({}, NOW - 1000);
  const [h, p, s] = token.split('.') as [string, string, string];
  const flip = (part: string, bit: number) => {
    const bytes = Buffer.from(part, 'base64url');
    bytes[bit >> 3]! ^= 1 << (bit & 7);
    return bytes.toString('base64url');
  };
  for (const bit of [0, 100, 511])
    t.match(await refusal('license', `${h}.${p}.${flip(s, bit)}`), /bad signature/, `signature bit ${bit} flipped`);
  for (const bit of [8, 200, 700])
    t.match(await refusal('license', `${h}.${flip(p, bit)}.${s}`), /bad signature/, `payload bit ${bit} flipped`);
  t.match(await refusal('license', `${h}.${p}.${s.slice(0, 40)}`), /bad signature/, 'truncated signature');
  t.match(await refusal('license', `${h}.${p}`), /2 dot-separated parts/);
  t.match(await refusal('license', `${h}.${p}.${s}.${s}.${s}`), /5 dot-separated parts/);
  t.match(await refusal('license', `${h}.${p}.${s}${'A'.repeat(1024 * 1024)}`), /too large/, '1 MB token');
  t.match(await refusal('license', ''), /empty token/);
  t.match(await refusal('license', 'not a token'), /parts/);
  t.match(await refusal('license', `${h}.${p}.${s.replace(/.$/, '=')}`), /bad signature|base64url/);
});

t.test('payload JSON: duplicate keys and __proto__', async (t) => {
  const claims = validClaims();
  const text = JSON.stringify(claims);
  t.match(
    await refusal('license', await signBytes(text.replace('"seats":10', '"seats":10,"seats":1000'))),
    /duplicate key "seats"/,
  );
  t.match(
    await refusal('license', await signBytes(text.replace('{', '{"__proto__":{"admin":true},'))),
    /forbidden key "__proto__"/,
  );
  t.match(
    await refusal('license', await signBytes(text.replace('"customer":{', '"customer":{"__proto__":{},'))),
    /forbidden key/,
    'nested __proto__',
  );
  t.match(await refusal('license', await signBytes('[1,2,3]')), /not a JSON object/);
  t.match(await refusal('license', await signBytes(`${text} trailing`)), /trailing data/);
  t.match(await refusal('license', await signedLicense({ ...claims, admin: true })), /unknown claim "admin"/);
});

t.test('every required claim', async (t) => {
  const claims = validClaims();
  for (const name of Object.keys(claims)) {
    const rest: Record<string, unknown> = { ...claims };
    delete rest[name];
    t.match(
      await refusal('license', await signedLicense(rest)),
      new RegExp(`missing claim ${name} — the vendor's tool made a faulty token`),
      `license without ${name}`,
    );
  }
  const node = (await mintNode(claims, 'node-a', undefined, NOW - 1000)).claims;
  for (const name of Object.keys(node)) {
    const rest: Record<string, unknown> = { ...node };
    delete rest[name];
    t.match(
      await refusal('node', await signRaw(nodeHeader, rest), { nodeId: 'node-a' }),
      new RegExp(`missing claim ${name} — the vendor's tool made a faulty token`),
      `node token without ${name}`,
    );
  }
});

t.test('time claims', async (t) => {
  const claims = validClaims();
  t.match(
    await refusal(
      'license',
      await signedLicense({ ...claims, exp: Math.floor(NOW / 1000) - 3600, term_end: Math.floor(NOW / 1000) - 7200 }),
    ),
    /expired on/,
    'exp in the past',
  );
  t.equal(
    await refusal(
      'license',
      await signedLicense({ ...claims, exp: Math.floor(NOW / 1000) - 200, term_end: Math.floor(NOW / 1000) - 7200 }),
    ),
    'accepted',
    'within 5 minutes of clock tolerance',
  );
  t.match(
    await refusal('license', await signedLicense({ ...claims, nbf: Math.floor(NOW / 1000) + 3600 })),
    /not yet valid/,
    'nbf in the future',
  );
  for (const exp of ['2030-01-01', 1.5e9 + 0.5, 1e308, -1, null, true]) {
    t.match(
      await refusal('license', await signedLicense({ ...claims, exp })),
      /invalid claim exp/,
      `exp = ${JSON.stringify(exp)}`,
    );
  }
  t.match(
    await refusal('license', await signedLicense({ ...claims, term_end: claims.exp + 1 })),
    /term_end is after exp/,
  );
  t.match(await refusal('license', await signedLicense({ ...claims, iat: 'yesterday' })), /invalid claim iat/);
});

t.test('issuer, audience, counts, tier, features', async (t) => {
  const claims = validClaims();
  t.match(await refusal('license', await signedLicense({ ...claims, iss: 'someone' })), /wrong issuer/);
  t.match(await refusal('license', await signedLicense({ ...claims, aud: 'grafana' })), /wrong audience/);
  t.match(await refusal('license', await signedLicense({ ...claims, aud: ['grafana'] })), /wrong audience/);
  t.equal(
    await refusal('license', await signedLicense({ ...claims, aud: ['other', 'ondesk'] })),
    'accepted',
    'an audience list naming ondesk',
  );
  for (const name of ['seats', 'nodes']) {
    for (const bad of ['100', 2.5, -1, 0, 2 ** 53, null, [1]]) {
      t.match(
        await refusal('license', await signedLicense({ ...claims, [name]: bad })),
        new RegExp(`invalid claim ${name}`),
        `${name} = ${JSON.stringify(bad)}`,
      );
    }
  }
  t.match(await refusal('license', await signedLicense({ ...claims, tier: 'gold' })), /invalid claim tier/);
  t.match(await refusal('license', await signedLicense({ ...claims, features: 'sla' })), /invalid claim features/);
  t.match(await refusal('license', await signedLicense({ ...claims, features: ['sla', 'sla'] })), /repeats/);
  t.match(await refusal('license', await signedLicense({ ...claims, features: ['SLA!'] })), /not a feature name/);
  t.match(await refusal('license', await signedLicense({ ...claims, ver: 2 })), /ver must be 1/);
  t.match(
    await refusal('license', await signedLicense({ ...claims, customer: { name: 'X', evil: 1 } })),
    /customer: unknown field/,
  );
  t.match(await refusal('license', await signedLicense({ ...claims, lsq: -1 })), /invalid claim lsq/);
});

t.test('sequence, revocation, node binding, upgrade period', async (t) => {
  const { token, claims } = await mintLicense({ lsq: 3 }, NOW - 1000);
  t.equal(await refusal('license', token, { minLsq: 3 }), 'accepted', 'the same sequence again is fine');
  t.match(await refusal('license', token, { minLsq: 4 }), /superseded: a license with sequence 4 is already applied/);
  t.match(await refusal('license', token, { revoked: new Set([claims.jti]) }), /revoked/);
  const node = await mintNode(claims, 'node-a', undefined, NOW - 1000);
  t.match(
    await refusal('node', node.token, { nodeId: 'node-b' }),
    /wrong node: the token is for node node-a, this node is node-b/,
  );
  t.match(await refusal('node', node.token, { nodeId: 'node-a', revoked: new Set([node.claims.jti]) }), /revoked/);
  t.match(
    await refusal('node', node.token, { nodeId: 'node-a', revoked: new Set([claims.jti]) }),
    /its license .* is on the vendor's revocation list/,
  );
  const old = await mintLicense({ upgradesUntil: Date.parse('2026-06-01T00:00:00Z') }, NOW - 1000);
  t.match(
    await refusal('license', old.token, { buildDate: Date.parse('2026-07-01T00:00:00Z') }),
    /released after the license's upgrade period ended \(2026-06-01\)/,
  );
  t.equal(
    await refusal('license', old.token, { buildDate: Date.parse('2026-05-01T00:00:00Z') }),
    'accepted',
    'an older build accepts it',
  );
});

t.test('no input crashes the verifier: random strings and mutations are refused with a reason', async (t) => {
  const { token } = await mintLicense({}, NOW - 1000);
  await fc.assert(
    fc.asyncProperty(
      fc.oneof(
        fc.string({ maxLength: 300 }),
        fc
          .tuple(fc.nat(token.length - 1), fc.constantFrom(...'ABCxyz019-_.= '))
          .map(([i, c]) => token.slice(0, i) + c + token.slice(i + 1)),
      ),
      async (input) => {
        const outcome = await refusal('license', input);
        if (input.trim() === token) return outcome === 'accepted';
        // "<problem> — <next step>": no refusal leaves the admin without something to do.
        return outcome !== 'accepted' && / — \S/.test(outcome);
      },
    ),
    { numRuns: 400 },
  );
  t.pass('400 random inputs: each refused with a reason and a next step, none crashed');
});

t.test('each refusal says what to do next, naming the node a node token is wanted for', async (t) => {
  const { token, claims } = await mintLicense({}, NOW - 1000);
  const node = await mintNode(claims, 'node-a', undefined, NOW - 1000);
  t.match(
    await refusal('node', node.token, { nodeId: 'node-a', keys: productKeySet }),
    /unknown key "ondesk-test-1" — not signed by this product's vendor key: ask your vendor for a token for node node-a/,
  );
  t.match(
    await refusal('license', token, { keys: productKeySet }),
    /not signed by this product's vendor key: ask your vendor for a license/,
  );
  t.match(
    await refusal('node', node.token, { nodeId: 'node-b' }),
    /wrong node: .* — ask your vendor for a token for node node-b, or apply this one on node node-a/,
  );
  t.match(
    await refusal('node', node.token, { nodeId: 'node-a', now: NOW + 400 * 86_400_000 }),
    /expired on .* — ask your vendor for a token for node node-a/,
  );
  t.match(
    await refusal('license', token, { now: NOW + 400 * 86_400_000 }),
    /expired on .* — ask your vendor for the license that replaces it/,
  );
  const [h, p, s] = token.split('.') as [string, string, string];
  t.match(
    await refusal('license', `${h}.${p}.${s.slice(0, -4)}AAAA`),
    /bad signature — the token was changed after it was signed: copy it again exactly as the vendor sent it/,
  );
  t.match(await refusal('license', `${h}.${p}`), /copy it again, whole, from the vendor's message/);
  t.match(await refusal('license', node.token), /this is a node token, .* — use it as a node token/);
  t.match(
    await refusal('license', await signedLicense({ ...claims, admin: true })),
    /unknown claim "admin" — it was made for a newer Ondesk: upgrade Ondesk/,
  );
  t.match(
    await refusal('license', await signedLicense({ ...claims, aud: 'grafana' })),
    /wrong audience: .* — it was issued for another product: ask your vendor for an Ondesk token/,
  );
  t.match(await refusal('license', token, { minLsq: claims.lsq + 1 }), /superseded: .* — nothing to do/);
});
