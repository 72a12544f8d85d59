// The hour packages module's public face: other modules and the composition root import only this file.
export { chargePackage, recordCharge, releasePackage } from './package-ledger.js';
export type { PackageShare, WorkCharge } from './package-ledger.js';
export { noticeAfterWork, notifyPackageUse } from './package-notices.js';
export { packageRoutes } from './packages.routes.js';
export { PackageSummarySchema } from './packages.schemas.js';
export { packagePeriodsBetween, packagePeriodsJob, packageSummary } from './packages.service.js';
export type { PackageSummary } from './packages.service.js';
export { timeTermsOf } from './time-terms.js';
export type { TimeTerms } from './time-terms.js';
