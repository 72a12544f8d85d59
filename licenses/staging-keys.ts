import type { PublicJwk } from './key-set.js';

/**
 * The extra public keys of a vendor staging build: none — here, in the sources, and in every normal build.
 * `ONDESK_BUILD_TRUST_KEYS=<public JWK set> npm run build` checks the keys it names and writes them into this
 * file's compiled module in the build output (bin/build-trust-keys.mjs); nothing at run time — environment,
 * config, files, requests — can add a key.
 */
export const stagingKeys: readonly PublicJwk[] = [];
