import { TokenRefused } from '../../licenses/claims.js';
import { trustedKeySet } from '../../licenses/key-set.js';
import { verifyToken } from '../../licenses/verify.js';
import type { Config } from '../config/config.js';
import type { Ctx } from '../context.js';
import { installationIdOf, localRevocations } from '../modules/licensing/index.js';
import { AppError, conflict } from '../shared/errors.js';
import { currentLicenseJti } from './join.repository.js';

/** What a new node needs to join this installation: its database, its files, its pace. */
export interface JoinInfo {
  installationId: string;
  /** The node id the token was issued for: the joining machine must be that node. */
  nodeId: string;
  database: 'postgres';
  databaseUrl: string;
  filesDir?: string;
  clusterLeaseSeconds?: number;
  publicUrl?: string;
}

const refused = (reason: string) => new AppError(401, 'node_token_refused', `The node token is refused: ${reason}`);

/**
 * `ondesk install --join URL --node-token-file F` asks a running node for the database it shares. Only the holder of
 * a node token the vendor signed under this installation's license may: the answer holds the database password, as
 * every node's config must. The token need not be applied yet (the joining node applies it).
 */
export async function joinInfo(ctx: Ctx, config: Config, token: string | undefined): Promise<JoinInfo> {
  if (!token) throw refused('send the node token from the vendor in the X-Ondesk-Node-Token header');
  let claims;
  try {
    const { revoked } = await localRevocations(ctx);
    claims = (await verifyToken('node', token, { keys: trustedKeySet(), now: Date.now(), revoked })).claims;
  } catch (err) {
    if (err instanceof TokenRefused) throw refused(err.reason);
    throw err;
  }
  const license = await currentLicenseJti(ctx.db);
  if (claims.lic !== license)
    throw new AppError(
      403,
      'node_token_refused',
      `The node token belongs to license ${claims.lic}, but this installation's license is ${license ?? 'none (the free mode)'}: apply the license first, or ask the vendor for a token under it`,
    );
  if (config.database !== 'postgres' || !config.databaseUrl)
    throw conflict(
      'This desk keeps its data in its own SQLite file, which only one node can use: move it to PostgreSQL first (`ondesk db migrate-to-postgres`), then join nodes',
    );
  const installationId = await installationIdOf(ctx.db);
  if (!installationId) throw conflict('This installation has no id yet: start it once before joining nodes');
  return {
    installationId,
    nodeId: claims.sub,
    database: 'postgres',
    databaseUrl: config.databaseUrl,
    ...(config.filesDir !== undefined && { filesDir: config.filesDir }),
    ...(config.clusterLeaseSeconds !== undefined && { clusterLeaseSeconds: config.clusterLeaseSeconds }),
    ...(config.publicUrl !== undefined && { publicUrl: config.publicUrl }),
  };
}
