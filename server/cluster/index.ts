// Several nodes on one database: node registration and liveness, leases, the schema guard. Imported only from here.
export { nodeRoutes } from './nodes.routes.js';
export { joinRoutes, NODE_TOKEN_HEADER } from './join.routes.js';
export { joinInfo, type JoinInfo } from './join-info.js';
export { acquire, leaseHolder, release, renew, DEFAULT_LEASE_TTL_MS, type Lease } from './leases.js';
export { keepLease, type LeaseKeeper } from './lease-keeper.js';
export { clusterTiming } from './timing.js';
export {
  joinCluster,
  listNodes,
  membershipOf,
  NodeRefused,
  productVersion,
  type Membership,
  type NodeView,
} from './nodes.js';
export {
  assertSchemaKnown,
  knownSchemaVersion,
  migrateAsOneNode,
  schemaRefusal,
  SchemaTooNew,
} from './schema-guard.js';
export { admissionRefusal } from './admission.js';
export { listenForCacheNotices, type CacheNotices } from './cache-notices.js';
export {
  compareMark,
  filesDirProblem,
  filesDirViews,
  markAndCheckFilesDir,
  markFile,
  markFilesDir,
  type FilesDirView,
  type FilesMark,
} from './shared-files.js';
