import { readFileSync } from 'node:fs';
import { createPrivateKey, sign } from 'node:crypto';
import { parsePublicKeySet, trustKeySetInThisProcess, type PublicKeySet } from '../../licenses/key-set.js';
import {
  licenseClaims,
  nodeClaims,
  parsePrivateJwk,
  revocationClaims,
  type LicenseRequest,
  type PrivateJwk,
} from '../../licenses/vendor.js';
import type { LicenseClaims } from '../../licenses/claims.js';

/**
 * The test suite's own key set (test/fixtures/license-keys); the product never trusts it. The build compiles this
 * file into dist/test/helpers without the fixtures: a benchmark run from there reads them from the sources.
 */
export const testKeysDir = new URL(
  /\/dist\/test\/helpers\/[^/]+$/.test(import.meta.url)
    ? '../../../test/fixtures/license-keys/'
    : '../fixtures/license-keys/',
  import.meta.url,
);
export const testJwksFile = new URL('jwks.json', testKeysDir);
export const testPrivateKeyFile = new URL('private.jwk.json', testKeysDir);
export const testKeySet: PublicKeySet = parsePublicKeySet(readFileSync(testJwksFile, 'utf8'), 'the test key set');
export const testPrivateKey: PrivateJwk = parsePrivateJwk(readFileSync(testPrivateKeyFile, 'utf8'));

/** Makes this test process trust the test key set, as the product trusts its own. */
export function trustTestKeys() {
  trustKeySetInThisProcess(testKeySet);
}

const DAY = 86_400_000;

export function licenseRequest(overrides: Partial<LicenseRequest> = {}, now = Date.now()): LicenseRequest {
  return {
    customerId: 'cust-1',
    customerName: 'ООО Ромашка',
    seats: 10,
    nodes: 2,
    tier: '24x7',
    features: ['sla', 'reports'],
    termEnd: now + 365 * DAY,
    issuedAt: now,
    ...overrides,
  };
}

/**
 * Signs any header and payload text with Ed25519 — with node:crypto, not jose, because forging the malformed
 * tokens the verifier must refuse (unknown `crit`, duplicate keys) is exactly what jose will not do.
 */
export async function signText(
  header: Record<string, unknown>,
  payloadText: string,
  key: PrivateJwk = testPrivateKey,
): Promise<string> {
  const signingKey = createPrivateKey({ key: { kty: key.kty, crv: key.crv, x: key.x, d: key.d }, format: 'jwk' });
  const input = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(payloadText).toString('base64url')}`;
  return `${input}.${sign(null, Buffer.from(input), signingKey).toString('base64url')}`;
}

export const signRaw = (
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  key: PrivateJwk = testPrivateKey,
) => signText(header, JSON.stringify(payload), key);

export const licenseHeader = { alg: 'EdDSA', typ: 'ondesk-license+jwt', kid: testPrivateKey.kid };
export const nodeHeader = { alg: 'EdDSA', typ: 'ondesk-node+jwt', kid: testPrivateKey.kid };

export const mintLicense = (overrides: Partial<LicenseRequest> = {}, now = Date.now()) => {
  const claims = licenseClaims(licenseRequest(overrides, now));
  return signRaw(licenseHeader, { ...claims }).then((token) => ({ token, claims }));
};

export const mintNode = (license: LicenseClaims, nodeId: string, expiresAt?: number, issuedAt?: number) => {
  const claims = nodeClaims(license, nodeId, expiresAt, issuedAt);
  return signRaw(nodeHeader, { ...claims }).then((token) => ({ token, claims }));
};

export const mintRevocations = (ids: string[], sequence?: number) =>
  signRaw(
    { alg: 'EdDSA', typ: 'ondesk-revocations+jwt', kid: testPrivateKey.kid },
    { ...revocationClaims(ids, sequence) },
  );
