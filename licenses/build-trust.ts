import { productKeySet } from './product-keys.js';
import { stagingKeys } from './staging-keys.js';

/**
 * What this build trusts, as the status surfaces (CLI, doctor, API, banner) report it. A vendor staging build
 * (`ONDESK_BUILD_TRUST_KEYS` at build time) also trusts extra keys, for the vendor's QA and for accepting
 * multi-node setups without the production key; it must never pass for a production build.
 */
export interface BuildTrust {
  kind: 'production' | 'staging';
  /** The ids of the compiled-in product keys. */
  productKeyIds: string[];
  /** The ids of the extra keys of a staging build; empty in a production build. */
  extraKeyIds: string[];
}

export const buildTrust: Readonly<BuildTrust> = Object.freeze({
  kind: stagingKeys.length === 0 ? 'production' : 'staging',
  productKeyIds: productKeySet.keys.map((k) => k.kid),
  extraKeyIds: stagingKeys.map((k) => k.kid),
});

const list = (ids: string[]) => ids.join(', ');

/** One plain line about the build's trust, in English (the UI says it again in the viewer's language). */
export function buildTrustLine(trust: BuildTrust = buildTrust): string {
  const product = `the product key${trust.productKeyIds.length === 1 ? '' : 's'} ${list(trust.productKeyIds)}`;
  if (trust.kind === 'production') return `production build: trusts only ${product}`;
  return `STAGING build: besides ${product} it trusts the extra key${trust.extraKeyIds.length === 1 ? '' : 's'} ${list(trust.extraKeyIds)} — for the vendor's tests and acceptance, not for production`;
}

/** What to do about a staging build where a production one belongs. */
export const STAGING_FIX =
  'run a production build in production: `npm run build` without ONDESK_BUILD_TRUST_KEYS, or the release from the vendor';
