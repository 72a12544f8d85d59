import type { PublicKeySet } from './key-set.js';

/**
 * The vendor's public keys that this build of Ondesk trusts. Compiled in on purpose: no environment
 * variable, config key or file can add a key, so a customer cannot trust a key of their own making.
 * Rotating: add the new key here (old tokens keep verifying), ship a release, then retire the old key.
 * The private keys never enter this repository; the vendor keeps them offline.
 */
export const productKeySet: PublicKeySet = {
  name: 'product',
  keys: [
    {
      kty: 'OKP',
      crv: 'Ed25519',
      x: 'p89e_pjYFeQZHlvxhSuJTw2wAeyYdmHHm7ShIExj1Aw',
      kid: 'ondesk-2026-1',
      alg: 'EdDSA',
      use: 'sig',
    },
  ],
};
